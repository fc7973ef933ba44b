"""The JSON API and the results page: contract, errors, bad input, nothing confidential."""

import pytest

from unheard.registry.models import Person

pytestmark = [pytest.mark.usefixtures("demo"), pytest.mark.django_db]


def api(client, **params):
    return client.get("/api/v1/search", params)


def test_api_answers_results_best_first(client):
    response = api(client, q="Ljubow Lisunowa", lang="de")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = response.json()["results"]
    assert results[0] == {
        "type": "person",
        "slug": "lyubov-lizunova",
        "name": "Ljubow Lisunowa",
        "name_original": "Лизунова Любовь",
        "url": "/de/people/lyubov-lizunova/",
    }


def test_api_finds_every_kind(client):
    types = {
        query: api(client, q=query, lang="en").json()["results"][0]["type"]
        for query in ("Miftakhov", "Network case", "SIZO-1 Tyumen", "205.2")
    }
    assert types == {
        "Miftakhov": "person",
        "Network case": "case",
        "SIZO-1 Tyumen": "facility",
        "205.2": "article",
    }


def test_api_limit(client):
    assert len(api(client, q="case", lang="en", limit="3").json()["results"]) == 3


@pytest.mark.parametrize(
    "params, code",
    [
        ({"lang": "en"}, "empty_query"),
        ({"q": "", "lang": "en"}, "empty_query"),
        ({"q": "   ", "lang": "en"}, "empty_query"),
        ({"q": "x" * 201, "lang": "en"}, "query_too_long"),
        ({"q": "x" * 10_000, "lang": "en"}, "query_too_long"),
        ({"q": "Miftakhov", "lang": "es"}, "unknown_language"),
        ({"q": "Miftakhov", "lang": "<script>"}, "unknown_language"),
        ({"q": "Miftakhov", "lang": "en", "limit": "0"}, "bad_limit"),
        ({"q": "Miftakhov", "lang": "en", "limit": "many"}, "bad_limit"),
    ],
)
def test_api_errors_are_json_with_status_400(client, params, code):
    response = api(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_api_error_messages_are_in_the_language_asked_for(client):
    english = api(client, q="", lang="en").json()["error"]
    russian = api(client, q="", lang="ru").json()["error"]
    assert english["code"] == russian["code"] == "empty_query"
    assert english["message"].startswith("Type a name")


def test_api_rejects_other_methods(client):
    assert client.post("/api/v1/search", {"q": "Miftakhov"}).status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        "!!!",
        "'; DROP TABLE registry_person; --",
        "<script>alert(1)</script>",
        "Azat Мифтахов",
        "Mифтахов",
        "\u200b\u200b",
        "%",
    ],
)
def test_api_bad_input_never_fails(client, query):
    response = api(client, q=query, lang="en")
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
    assert "<script>" not in response.content.decode()


def test_api_mixed_scripts_find_the_person(client):
    results = api(client, q="Azat Мифтахов", lang="en").json()["results"]
    assert results[0]["slug"] == "azat-miftakhov"


@pytest.mark.parametrize("lang", ["ru", "en", "de", "fr"])
def test_results_page_in_every_language(client, lang):
    response = client.get(f"/{lang}/search/", {"q": "Miftachow"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f'href="/{lang}/people/azat-miftakhov/"' in html
    assert "Мифтахов Азат" in html


def test_results_page_without_a_query_shows_the_form(client):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


def test_results_page_escapes_the_query_and_survives_bad_input(client):
    response = client.get("/en/search/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    for query in ("!!!", "'; DROP TABLE x; --", "Azat Мифтахов"):
        assert client.get("/en/search/", {"q": query}).status_code == 200


def test_results_page_says_when_the_query_is_too_long(client):
    response = client.get("/en/search/", {"q": "x" * 10_000})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_home_search_box_leads_to_the_results_page(client):
    html = client.get("/en/").content.decode()
    assert 'action="/en/search/"' in html


def test_internal_notes_are_not_searchable(client):
    person = Person.objects.get(slug="azat-miftakhov")
    person.internal_notes = "CONFIDENTIAL-NOTE-7731"
    person.save()
    assert api(client, q="CONFIDENTIAL-NOTE-7731", lang="en").json()["results"] == []
