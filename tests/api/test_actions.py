"""The actions routes: actions, days of action with their statements, groups; public fields
only, drafts absent, bad filters answered with JSON errors."""

import pytest

from unheard.actions.models import Action

pytestmark = pytest.mark.django_db
DAY_2012 = "days-of-action-against-repression-2012"


def test_the_2012_day_counts_its_cities_and_lists_its_statements(get):
    body = get(f"days/{DAY_2012}", lang="fr").json()
    assert body["cities"] == 15 and body["countries"] == 11
    assert {a["place"]["city"] for a in body["actions"]} >= {"Colombo", "Almaty", "Kyiv"}
    authors = {s["author"] for s in body["statements"]}
    assert {"Noam Chomsky", "Ken Loach"} <= authors
    assert body["sources"][0]["url"].startswith("https://internationalviewpoint.org")
    assert body["statements"][-1]["country"]["name"] == "Turquie"


def test_actions_filter_by_country_and_kind(get):
    german = get("actions", country="DE", limit=100).json()["results"]
    assert {a["place"]["city"] for a in german} == {"Berlin", "Frankfurt", "Cologne"}
    streams = get("actions", kind="stream").json()["results"]
    assert [a["slug"] for a in streams] == ["you-are-not-alone-broadcast"]


@pytest.mark.parametrize(
    ("params", "code"), [({"kind": "party"}, "bad_kind"), ({"from": "yesterday"}, "bad_from")]
)
def test_bad_filters_are_json_errors(get, params, code):
    response = get("actions", **params)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_a_draft_action_and_private_fields_are_absent(get):
    Action.objects.filter(slug="solidarity-2012-riga").update(
        publication_state="draft", proposer_email="hidden@example.org"
    )
    try:
        assert get("actions/solidarity-2012-riga").status_code == 404
        listed = get("actions", limit=100).text
        assert "solidarity-2012-riga" not in listed and "hidden@example.org" not in listed
        assert "private_contacts" not in get("groups/post-soviet-left").text
        assert get("groups", limit=100).json()["count"] == 4
    finally:
        Action.objects.filter(slug="solidarity-2012-riga").update(publication_state="published")
