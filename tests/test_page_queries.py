"""The home page and the public list pages read the database a fixed number of times (issue 14).

The numbers are pinned on a small registry built here (the demo takes too long to load for this), warm (the page fetched once before counting), and must
not grow when the registry does: a page that queried once per listed record would pass on a small
registry and fail at 100,000 people (bench/pages_bench.py times them there).
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from unheard.core.models import PublicationState
from unheard.registry.models import (
    Article,
    ArticleCategory,
    Case,
    CaseDefendant,
    Charge,
    Facility,
    LegalCode,
    Person,
    Region,
)

pytestmark = pytest.mark.django_db

# The queries of each page, warm.
PAGES = {
    # The registry's figures, the filters' counts and the list's order are kept until the record
    # changes (core/record_cache.py), and so are the rendered filters and rows.
    "/en/": 1,
    "/en/people/": 1,
    "/en/people/?status=held&sort=-sentence": 1,
    "/en/people/?page=2": 1,
    "/en/actions/": 5,  # upcoming, yearly and past actions
    "/en/campaigns/": 5,
    "/en/news/": 3,
    "/en/petitions/": 2,
    "/api/v1/cases": 2,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A public facility, an article, and a few public people charged under it."""
    with django_db_blocker.unblock(), transaction.atomic():
        region = Region.objects.create(name="Пермский край", slug="perm-krai")
        Facility.objects.create(
            kind=Facility.Kind.COLONY,
            name="ИК-1",
            number="1",
            region=region,
            slug="ik-1-perm",
            publication_state=PublicationState.PUBLISHED,
        )
        code = LegalCode.objects.create(slug="uk-rf", name="Criminal Code", short_name="CC")
        Article.objects.create(
            code=code,
            number="205.2",
            title="Justification of terrorism",
            category=ArticleCategory.values[0],
        )
        more_public_people(5, start=0)
        yield django_db_blocker
        transaction.set_rollback(True)


def queries_of(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def more_public_people(count: int, *, start: int) -> None:
    """`count` more public people, each charged in a public case and held in a public facility."""
    published = PublicationState.PUBLISHED
    facility = Facility.objects.public().first()
    article = Article.objects.first()
    for number in range(start, start + count):
        person = Person.objects.create(
            surname=f"Тестов{number}",
            given_name="Пётр",
            display_name=f"Pyotr Testov {number}",
            slug=f"query-count-{number}",
            status=Person.Status.SERVING,
            current_facility=facility,
            publication_state=published,
        )
        case = Case.objects.create(
            name=f"Query count case {number}",
            slug=f"query-count-case-{number}",
            publication_state=published,
        )
        CaseDefendant.objects.create(case=case, person=person)
        Charge.objects.create(
            person=person, case=case, article=article, publication_state=published
        )


def test_each_page_reads_the_database_a_fixed_number_of_times(demo):
    client = Client()
    with demo.unblock():
        counted = {url: queries_of(client, url) for url in PAGES}
    assert counted == PAGES


def test_the_number_does_not_grow_with_the_registry(demo):
    client = Client()
    with demo.unblock(), transaction.atomic():
        before = {url: queries_of(client, url) for url in PAGES}
        more_public_people(60, start=100)
        after = {url: queries_of(client, url) for url in PAGES}
        transaction.set_rollback(True)
    assert after == before
