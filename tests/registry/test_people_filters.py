"""The public people list: filters, counts per value, sort orders, unknown values, bad input."""

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from unheard.core.models import PublicationState
from unheard.registry import people_filters, selectors
from unheard.registry.models import (
    Article,
    Organisation,
    Person,
    PoliticalView,
    Recognition,
    Region,
    TimelineEvent,
)

pytestmark = pytest.mark.django_db


def list_url(lang="en"):
    with translation.override(lang):
        return reverse("registry:person_list")


def parse(query: str) -> people_filters.PeopleQuery:
    return people_filters.people_query_parse(QueryDict(query))


def names(query: str) -> list[str]:
    people = selectors.people_filtered(people_query=parse(query))
    return [p.surname for p in people]


@pytest.fixture
def world():
    """Four published people and one draft, spread over regions, cases, articles and views."""
    tyumen = Region.objects.create(slug="tyumen", name_en="Tyumen Oblast")
    penza = Region.objects.create(slug="penza", name_en="Penza Oblast")
    sizo = f.published(f.sourced(f.FacilityFactory(region=tyumen, slug="sizo-1-tyumen")))
    hidden_facility = f.sourced(f.FacilityFactory(region=penza, slug="hidden-colony"))
    anarchist = PoliticalView.objects.create(slug="anarchist", name_en="anarchist")
    memorial = Organisation.objects.create(slug="memorial", name_en="Memorial", kind="human_rights")
    union = Organisation.objects.create(slug="union", name_en="A union", kind="trade_union")
    network = f.published(f.sourced(f.CaseFactory(slug="network", name_en="Network case")))
    draft_case = f.sourced(f.CaseFactory(slug="draft-case", name_en="Draft case"))

    def person(surname, **extra):
        return f.PersonFactory(surname=surname, **extra)

    alpha = person("Альфа", status=Person.Status.SERVING, home_region=penza, current_facility=sizo)
    beta = person("Бета", status=Person.Status.PRE_TRIAL, home_region=tyumen, current_facility=sizo)
    gamma = person("Гамма", status=Person.Status.RELEASED, home_region=penza)
    delta = person("Дельта", status=Person.Status.SERVING, current_facility=hidden_facility)
    draft = person("Черновик", status=Person.Status.SERVING, home_region=penza)
    alpha.political_views.add(anarchist)
    beta.political_views.add(anarchist)
    alpha.affiliations.add(union)
    for someone in (alpha, beta, gamma, draft):
        f.defendant(someone, network)
    f.defendant(delta, draft_case)
    f.published(f.sourced(f.charge(alpha, network, number="205.4", part="2")))
    f.published(f.sourced(f.charge(beta, network, number="205.4", part="1")))
    f.sourced(f.charge(gamma, network, number="205.4"))  # a draft charge: must not count
    f.published(f.sourced(f.charge(gamma, network, number="280")))
    f.published(f.sourced(f.charge(draft, network, number="205.4")))
    Recognition.objects.create(person=alpha, organisation=memorial, publication_state="published")
    Recognition.objects.create(person=beta, organisation=memorial)  # draft recognition
    f.published(
        f.sourced(f.event(alpha, TimelineEvent.Kind.DETENTION, dt.date(2018, 1, 5), case=network))
    )
    f.published(
        f.sourced(f.event(beta, TimelineEvent.Kind.DETENTION, dt.date(2023, 6, 1), case=network))
    )
    f.published(
        f.sourced(f.event(gamma, TimelineEvent.Kind.DETENTION, dt.date(2020, 3, 2), case=network))
    )
    f.published(f.sourced(f.verdict(alpha, network, dt.date(2020, 2, 10), term_years=18)))
    f.published(
        f.sourced(f.verdict(gamma, network, dt.date(2021, 2, 10), term_years=2, term_months=6))
    )
    Article.objects.filter(number="280").update(category="extremism")
    for someone in (alpha, beta, gamma, delta):
        f.published(f.sourced(someone))
    return {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta, "draft": draft}


def facet(query: str, key: str) -> dict[str, int]:
    facets = {fc.key: fc for fc in people_filters.people_facets(parse(query))}
    return {option.value: option.count for option in facets[key].options}


def test_each_filter_narrows_the_list(world):
    assert names("") == ["Альфа", "Бета", "Гамма", "Дельта"]
    assert names("status=serving") == ["Альфа", "Дельта"]
    assert names("status=held") == ["Альфа", "Бета", "Дельта"]
    assert names("home_region=penza") == ["Альфа", "Гамма"]
    assert names("held_region=tyumen") == ["Альфа", "Бета"]
    assert names("case=network") == ["Альфа", "Бета", "Гамма"]
    assert names("article=uk-rf:205.4") == ["Альфа", "Бета"]
    assert names("article=205.4") == ["Альфа", "Бета"]  # a number alone, when it is unambiguous
    assert names("category=terrorism") == ["Альфа", "Бета"]
    assert names("view=anarchist") == ["Альфа", "Бета"]
    assert names("organisation=union") == ["Альфа"]
    assert names("recognised_by=memorial") == ["Альфа"]
    assert names("facility=sizo-1-tyumen") == ["Альфа", "Бета"]


def test_filters_combine(world):
    assert names("status=serving&home_region=penza") == ["Альфа"]
    assert names("case=network&article=uk-rf:280") == ["Гамма"]
    assert names("view=anarchist&status=released") == []


def test_unpublished_facts_and_records_do_not_filter(world):
    """A draft case, a draft charge, a draft recognition, an unpublished facility: no match."""
    assert parse("case=draft-case").filters == {}
    assert parse("facility=hidden-colony").filters == {}
    assert names("held_region=penza") == []  # Delta is held there, but it is not published
    assert "Гамма" not in names("article=uk-rf:205.4")
    assert "Бета" not in names("recognised_by=memorial")
    assert "Черновик" not in names("case=network")


def test_the_regions_are_kept_apart(world):
    home = facet("", "home_region")
    held = facet("", "held_region")
    assert home == {"penza": 2, "tyumen": 1}
    assert held == {"tyumen": 2}  # Delta's facility is unpublished, so Penza is not offered


def test_counts_are_per_value_and_keep_the_other_filters(world):
    statuses = facet("", "status")
    assert statuses == {"held": 3, "serving": 2, "pre_trial": 1, "released": 1}
    # With a status chosen, the status facet still offers the others (counted without it) ...
    assert facet("status=serving", "status") == statuses
    # ... and every other facet counts within the chosen status.
    assert facet("status=serving", "home_region") == {"penza": 1}
    assert facet("", "article") == {"uk-rf:205.4": 2, "uk-rf:280": 1}
    assert facet("", "category") == {"terrorism": 2, "extremism": 1}
    assert facet("", "view") == {"anarchist": 2}
    assert facet("", "organisation") == {"union": 1}
    assert facet("", "recognised_by") == {"memorial": 1}
    assert facet("", "case") == {"network": 3}
    assert facet("", "facility") == {"sizo-1-tyumen": 2}


def test_facets_take_one_aggregate_query_each_then_none_until_the_record_changes(world):
    by_records = [
        f
        for f in people_filters.FILTERS
        if isinstance(f, people_filters.SlugFilter | people_filters.ArticleFilter)
    ]
    with CaptureQueriesContext(connection) as queries:
        people_filters.people_facets(parse(""))
    # One aggregate per filter, and the labels of the records (or articles) a filter counted.
    assert len(queries) == len(people_filters.FILTERS) + len(by_records)
    with CaptureQueriesContext(connection) as queries:
        people_filters.people_facets(parse(""))
    assert len(queries) == 0


def test_facet_counts_follow_publishing_and_unpublishing(world, client):
    """The counts (and the rendered filters) are kept in the cache: a person published or
    withdrawn changes them at once."""

    def shown(count: int) -> bool:
        page = client.get(list_url()).content.decode()
        return (
            f">Network case ({count})</option>" in page
            and f"Skip to the results ({count + 1}" in page
        )

    assert facet("", "status")["serving"] == 2
    assert shown(3)
    world["alpha"].publication_state = PublicationState.DRAFT
    world["alpha"].save()
    assert facet("", "status")["serving"] == 1
    assert facet("", "case") == {"network": 2}
    assert shown(2)
    world["alpha"].publication_state = PublicationState.PUBLISHED
    world["alpha"].save()
    assert facet("", "status")["serving"] == 2
    assert shown(3)


def test_sort_orders(world):
    assert names("sort=name") == ["Альфа", "Бета", "Гамма", "Дельта"]
    assert names("sort=-detained") == ["Бета", "Гамма", "Альфа", "Дельта"]
    assert names("sort=detained") == ["Альфа", "Гамма", "Бета", "Дельта"]
    assert names("sort=-sentence") == ["Альфа", "Гамма", "Бета", "Дельта"]
    assert names("sort=sentence") == ["Гамма", "Альфа", "Бета", "Дельта"]


def test_an_overturned_verdict_gives_no_sentence_to_sort_by(world):
    alpha = world["alpha"]
    f.published(
        f.sourced(
            f.verdict(
                alpha,
                alpha.cases.get(),
                dt.date(2021, 5, 1),
                instance="appeal",
                appeal_outcome="overturned",
            )
        )
    )
    assert names("sort=-sentence") == ["Гамма", "Альфа", "Бета", "Дельта"]


def test_the_page_keeps_filters_in_the_url(client, world):
    response = client.get(list_url(), {"status": "serving", "home_region": "penza"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Альфа" in content
    assert "Дельта" not in content
    assert 'value="serving" selected' in content
    assert 'value="penza" selected' in content
    # Removing one filter keeps the other.
    assert 'href="/en/people/?home_region=penza"' in content
    assert "1 person found." in content


def test_pagination_keeps_the_filters(client, world, monkeypatch):
    monkeypatch.setattr("unheard.registry.views.PAGE_SIZE", 1)
    content = client.get(list_url(), {"status": "held", "sort": "-detained"}).content.decode()
    assert "?status=held&amp;sort=-detained&amp;page=2" in content
    assert "Бета" in content and "Альфа" not in content
    page_two = client.get(list_url(), {"status": "held", "sort": "-detained", "page": "2"})
    assert "Альфа" in page_two.content.decode() and "Бета" not in page_two.content.decode()


def test_unknown_values_are_ignored_with_a_notice(client, world):
    response = client.get(list_url(), {"status": "imprisoned", "case": "no-such-case", "sort": "x"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "were not understood and were ignored" in content
    assert "“imprisoned” is not a known value of “Status”." in content
    assert "“no-such-case” is not a known value of “Case”." in content
    assert "4 people found." in content


@pytest.mark.parametrize(
    "params",
    [
        {"status": "<script>alert(1)</script>"},
        {"case": "x\x00y"},
        {"article": "'; DROP TABLE registry_person; --"},
        {"article": "uk-rf:205.2.2.2.2.2.2.2.2.2.2.2.2"},
        {"home_region": "a" * 10000},
        {"page": "-1"},
        {"page": "99999999999999999999999"},
        {"page": "abc"},
        {"sort": "surname; DELETE"},
        {"q": "\x00"},
        {"q": "x" * 10000},
        {"facility": "ü∂ƒ©"},
        {"view": ""},
    ],
)
def test_garbage_never_breaks_the_page(client, world, params):
    response = client.get(list_url(), params)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_repeated_parameters_use_the_last_value(world):
    assert parse("status=released&status=serving").filters == {"status": "serving"}


def test_the_name_filter_still_works(world):
    assert names("q=Гамм") == ["Гамма"]
    assert names("q=Гамм&status=serving") == []


def test_a_sentence_served_before_a_new_detention_is_not_shown(world):
    """A person detained again in another case is shown with no sentence until the new verdict."""
    alpha = world["alpha"]
    new_case = f.published(f.sourced(f.CaseFactory(slug="new-case", name_en="New case")))
    f.defendant(alpha, new_case)
    f.published(
        f.sourced(f.event(alpha, TimelineEvent.Kind.DETENTION, dt.date(2025, 2, 1), case=new_case))
    )
    people = people_filters.with_detention_and_sentence(Person.objects.filter(pk=alpha.pk))
    assert people.get().sentence_months is None
    assert names("sort=-sentence") == ["Гамма", "Альфа", "Бета", "Дельта"]
