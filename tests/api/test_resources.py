"""Every public resource of the API: its shape, its data, and nothing the public may not see."""

import pytest

from tests.api.conftest import DRAFT_SLUG, MARKER
from unheard.funds.models import Campaign
from unheard.registry.models import Case, Facility, Person

pytestmark = pytest.mark.django_db


def public_people():
    return Person.objects.filter(publication_state="published", is_synthetic=False)


def test_people_list_is_paginated_and_counts_public_people(get):
    body = get("people", limit=10).json()
    assert body["count"] == public_people().count()
    assert body["page"] == 1 and body["limit"] == 10
    assert body["pages"] == -(-body["count"] // 10)
    assert len(body["results"]) == 10
    second = get("people", limit=10, page=2).json()["results"]
    assert not {p["slug"] for p in body["results"]} & {p["slug"] for p in second}


def test_people_list_item(get):
    people = get("people", limit=100).json()["results"]
    azat = next(p for p in people if p["slug"] == "azat-miftakhov")
    assert azat["name"] == "Azat Miftakhov"
    assert azat["name_original"].startswith("Мифтахов Азат")
    assert azat["url"] == "/en/people/azat-miftakhov/"
    assert set(azat["status"]) == {"code", "label"}


def test_people_filters_mirror_the_list(get):
    held = get("people", status="held", limit=100).json()
    assert held["count"] == public_people().filter(status__in=Person.HELD_STATUSES).count()
    assert all(person["held"] for person in held["results"])
    case = get("people", case="network-case", limit=100).json()["results"]
    assert {p["slug"] for p in case} == set(
        public_people().filter(case_links__case__slug="network-case").values_list("slug", flat=True)
    )
    by_name = [p["slug"] for p in get("people", sort="name", limit=100).json()["results"]]
    by_sentence = [p["slug"] for p in get("people", sort="-sentence", limit=100).json()["results"]]
    assert sorted(by_name) == sorted(by_sentence) and by_name != by_sentence


def test_people_filter_by_article_and_text(get):
    people = get("people", article="uk-rf:205.2", limit=100).json()["results"]
    assert people and all(
        get(f"people/{p['slug']}").json()["charges"][0]["article"]["code"] for p in people
    )
    assert [p["slug"] for p in get("people", q="Мифтахов").json()["results"]] == ["azat-miftakhov"]


def test_person_detail_has_every_published_fact_with_sources(get):
    person = get("people/azat-miftakhov").json()
    for facts in ("charges", "verdicts", "timeline", "recognitions", "sources"):
        assert person[facts], facts
    charge = person["charges"][0]
    assert charge["citation"] and charge["article"]["url"].startswith("/en/articles/")
    assert all(set(source) >= {"title", "url"} for source in person["sources"])
    assert "note" not in person["sources"][0]
    assert person["verdicts"][0]["date"]["precision"] in {"day", "month", "season", "year"}
    assert person["cases"][0]["case"]["url"].startswith("/en/cases/")


def test_person_detail_in_the_language_asked_for(get, client):
    assert get("people/lyubov-lizunova", lang="de").json()["name"] == "Ljubow Lisunowa"
    german = client.get("/api/v1/people/lyubov-lizunova", HTTP_ACCEPT_LANGUAGE="de")
    assert german.json()["name"] == "Ljubow Lisunowa"
    assert german.json()["url"] == "/de/people/lyubov-lizunova/"
    russian = get("people/azat-miftakhov", lang="ru").json()
    assert russian["status"]["label"] != get("people/azat-miftakhov").json()["status"]["label"]


def test_cases(get):
    cases = get("cases", limit=100).json()
    assert cases["count"] == Case.objects.filter(publication_state="published").count()
    case = get("cases/network-case").json()
    assert case["name"] and case["defendants"] and case["sources"]
    assert isinstance(case["timeline"], list)
    assert all(d["person"]["url"].startswith("/en/people/") for d in case["defendants"])


def test_facilities(get):
    facilities = get("facilities", limit=100).json()
    assert facilities["count"] == Facility.objects.filter(publication_state="published").count()
    slug = facilities["results"][0]["slug"]
    facility = get(f"facilities/{slug}").json()
    assert facility["region"]["name"] and "postal_address" in facility


def test_codes_and_articles(get):
    codes = get("codes").json()
    criminal = next(code for code in codes if code["slug"] == "uk-rf")
    assert criminal["people_count"] > 0
    code = get("codes/uk-rf").json()
    assert all(article["people_count"] > 0 for article in code["articles"])
    article = get("codes/uk-rf/articles/205.2").json()
    assert article["number"] == "205.2" and article["charges"]
    assert article["people_count"] == len({c["person"]["slug"] for c in article["charges"]})


def test_campaigns_show_public_figures_only(get):
    campaigns = get("campaigns").json()
    assert campaigns["count"] == Campaign.objects.filter(publication_state="published").count()
    slug = campaigns["results"][0]["slug"]
    campaign = get(f"campaigns/{slug}").json()
    assert {"goal", "raised", "percent", "donations"} <= set(campaign)
    assert not {"donors", "donor", "internal_notes", "notes"} & set(campaign)


def test_search_moved_into_the_api(get):
    results = get("search", q="Miftakhov", lang="en").json()["results"]
    assert results[0]["slug"] == "azat-miftakhov"


def test_a_draft_person_is_nowhere(get):
    slugs = {p["slug"] for p in get("people", limit=100, page=1).json()["results"]}
    pages = get("people", limit=100).json()["pages"]
    for page in range(2, pages + 1):
        slugs |= {p["slug"] for p in get("people", limit=100, page=page).json()["results"]}
    assert DRAFT_SLUG not in slugs
    assert get(f"people/{DRAFT_SLUG}").status_code == 404
    assert get("search", q="Черновиков", lang="ru").json()["results"] == []
    assert get("search", q=MARKER, lang="en").json()["results"] == []


def test_a_draft_facility_is_not_named(get):
    person = get("people/held-in-a-draft-facility").json()
    assert person["facility"] is None and person["held_at"] is None
    assert get("facilities/hidden-facility").status_code == 404


@pytest.mark.parametrize("lang", ["ru", "en", "de", "fr"])
def test_no_answer_carries_a_confidential_note(get, lang):
    paths = [
        ("people", {"limit": 100}),
        ("people/azat-miftakhov", {}),
        ("cases/network-case", {}),
        ("codes/uk-rf/articles/205.2", {}),
        ("campaigns", {}),
        ("facilities", {"limit": 100}),
    ]
    for path, params in paths:
        response = get(path, lang=lang, **params)
        assert response.status_code == 200, path
        assert MARKER not in response.content.decode(), path
        assert "internal_notes" not in response.content.decode()
    assert MARKER not in get("search", q="Miftakhov", lang=lang).content.decode()


def test_where_a_person_is_held_with_the_envelope_address(get):
    people = get("people", status="held", limit=100).json()["results"]
    held = next(person for person in people if person["facility"])
    detail = get(f"people/{held['slug']}").json()
    assert detail["held_at"]["slug"] == held["facility"]["slug"]
    assert detail["held_at"]["region"]["name"]
    facility = get(f"facilities/{held['facility']['slug']}").json()
    assert detail["held_at"]["postal_address"] == facility["postal_address"]
    assert held["slug"] in {inmate["slug"] for inmate in facility["inmates"]}
