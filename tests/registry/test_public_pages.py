"""Public pages: published records only, every language, no confidential data."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from unheard.registry.models import Person, TimelineEvent

pytestmark = pytest.mark.django_db
LANGUAGES = ["ru", "en", "de", "fr"]
SECRET = "CONFIDENTIAL-NOTE-7f3a"


@pytest.fixture
def record():
    facility = f.published(f.sourced(f.FacilityFactory()))
    person = f.PersonFactory(
        status=Person.Status.SERVING,
        current_facility=facility,
        summary_en="A summary in our own words.",
        internal_notes=SECRET,
    )
    case = f.published(f.sourced(f.CaseFactory()))
    f.defendant(person, case)
    charge = f.published(f.sourced(f.charge(person, case, part="2")))
    f.published(
        f.sourced(f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2022, 8, 31), case=case))
    )
    f.published(f.sourced(f.verdict(person, case, dt.date(2024, 5, 1), term_years=8)))
    draft = f.sourced(f.event(person, TimelineEvent.Kind.TORTURE, dt.date(2022, 9, 1), case=case))
    draft.description_en = "DRAFT-EVENT-TEXT"
    draft.save()
    return {
        "person": f.published(f.sourced(person)),
        "case": case,
        "facility": facility,
        "charge": charge,
    }


def url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_answer_in_every_language(client, record, lang):
    person, case, facility = record["person"], record["case"], record["facility"]
    article = record["charge"].article
    pages = [
        url("registry:home", lang),
        url("registry:person_list", lang),
        url("registry:person_detail", lang, slug=person.slug),
        url("registry:case_detail", lang, slug=case.slug),
        url("registry:facility_detail", lang, slug=facility.slug),
        url("registry:article_detail", lang, code=article.code.slug, number=article.number),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'lang="{lang}"' in response.content.decode()
        assert page.startswith(f"/{lang}/")


def test_person_page_shows_the_record_with_citations(client, record):
    person = record["person"]
    content = client.get(url("registry:person_detail", "en", slug=person.slug)).content.decode()
    assert person.display_name in content
    assert person.original_name in content
    assert "Article 205.4 part 2" in content
    assert record["facility"].postal_address in content
    assert "Report" in content  # the sources list
    assert "Expected release" in content


def test_unpublished_records_are_not_found(client, record):
    person = record["person"]
    person.publication_state = "draft"
    person.save()
    assert client.get(url("registry:person_detail", "en", slug=person.slug)).status_code == 404
    assert person.display_name not in client.get(url("registry:person_list", "en")).content.decode()


def test_people_list_filters_by_status_and_name(client, record):
    other = f.published(f.sourced(f.PersonFactory(status=Person.Status.RELEASED)))
    list_url = url("registry:person_list", "en")
    content = client.get(list_url, {"status": "released"}).content.decode()
    assert other.display_name in content and record["person"].display_name not in content
    content = client.get(list_url, {"q": record["person"].surname}).content.decode()
    assert record["person"].display_name in content and other.display_name not in content
    assert client.get(list_url, {"status": "<script>", "q": "x" * 10000}).status_code == 200


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
