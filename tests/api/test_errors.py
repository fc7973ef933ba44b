"""Bad input: every error is a 4xx JSON body with a code and a message, never a 5xx or HTML."""

import pytest

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["message"] and error["code"]
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    "path, params, code",
    [
        ("people", {"page": "0"}, "bad_page"),
        ("people", {"page": str(10**9)}, "bad_page"),
        ("people", {"page": "-1"}, "bad_page"),
        ("people", {"page": "two"}, "bad_page"),
        ("people", {"page": "1.5"}, "bad_page"),
        ("people", {"limit": "0"}, "bad_limit"),
        ("people", {"limit": "101"}, "bad_limit"),
        ("people", {"limit": str(10**30)}, "bad_limit"),
        ("cases", {"limit": "1000"}, "bad_limit"),
        ("facilities", {"page": "0"}, "bad_page"),
        ("campaigns", {"limit": "x"}, "bad_limit"),
        ("people", {"status": "on-the-moon"}, "unknown_filter_value"),
        ("people", {"case": "no-such-case"}, "unknown_filter_value"),
        ("people", {"case": "'; DROP TABLE registry_person; --"}, "unknown_filter_value"),
        ("people", {"article": "uk-rf:999.9"}, "unknown_filter_value"),
        ("people", {"category": "<script>"}, "unknown_filter_value"),
        ("people", {"facility": "x" * 500}, "bad_facility"),
        ("people", {"q": "x" * 201}, "bad_q"),
        ("people", {"sort": "salary"}, "unknown_filter_value"),
        ("people", {"lang": "es"}, "unknown_language"),
        ("people/azat-miftakhov", {"lang": "klingon"}, "unknown_language"),
        ("search", {"q": "x", "lang": ""}, "unknown_language"),
    ],
)
def test_bad_parameters_are_400(get, path, params, code):
    assert_error(get(path, **params), 400, code)


def test_a_draft_filter_value_is_unknown(get):
    assert_error(get("people", facility="hidden-facility"), 400, "unknown_filter_value")


def test_a_page_past_the_last_is_404(get):
    pages = get("people", limit=100).json()["pages"]
    assert_error(get("people", limit=100, page=pages + 1), 404, "page_out_of_range")


@pytest.mark.parametrize(
    "path",
    [
        "people/no-such-person",
        "people/%00",
        "people/" + "x" * 2000,
        "people/..%2F..%2Fetc%2Fpasswd",
        "people/azat-miftakhov/extra",
        "cases/%D0%B4%D0%B5%D0%BB%D0%BE",
        "facilities/<script>",
        "codes/nope",
        "codes/uk-rf/articles/99999",
        "codes/uk-rf/articles/'%20OR%201=1",
        "campaigns/nope",
        "nothing-here",
        "people/",
    ],
)
def test_garbage_paths_are_404_json(get, path):
    assert_error(get(path), 404, "not_found")


@pytest.mark.parametrize("path", ["/api/", "/api/v2/people", "/api/v1x", "/api/x/y/z"])
def test_unknown_routes_under_api_are_json(client, world, path):
    assert_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_405_json(client, world, method):
    response = getattr(client, method)("/api/v1/people")
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_messages_are_in_the_language_asked_for(get, client):
    english = assert_error(get("people", page="0", lang="en"), 400)
    russian = assert_error(get("people", page="0", lang="ru"), 400)
    german = assert_error(client.get("/api/v1/people?page=0", HTTP_ACCEPT_LANGUAGE="de"), 400)
    assert english["code"] == russian["code"] == german["code"] == "bad_page"
    assert len({english["message"], russian["message"], german["message"]}) == 3
    assert "page" in english["message"]
    missing_ru = assert_error(get("people/nobody", lang="ru"), 404)
    missing_fr = assert_error(get("people/nobody", lang="fr"), 404)
    assert missing_ru["message"] != missing_fr["message"]
    route_de = assert_error(client.get("/api/v9/x", {"lang": "de"}), 404)
    assert (
        route_de["message"] != assert_error(client.get("/api/v9/x", {"lang": "en"}), 404)["message"]
    )


def test_unknown_filter_value_names_the_value(get):
    error = assert_error(get("people", status="on-the-moon"), 400)
    assert "on-the-moon" in error["message"]


@pytest.mark.urls("tests.api.broken_urls")
@pytest.mark.parametrize("path", ["/api/broken/bug", "/api/plain-bug"])
def test_a_bug_is_a_json_500_not_an_html_page(client, path, caplog):
    error = assert_error(client.get(path, {"lang": "de"}), 500, "server_error")
    assert "RuntimeError" not in error["message"]
    assert any("RuntimeError" in (r.exc_text or "") for r in caplog.records)


def test_a_request_refused_before_any_route_is_json(client, world):
    response = client.get("/api/v1/people", HTTP_HOST="evil.example")
    assert_error(response, 400, "bad_request")


def test_a_nul_byte_in_a_filter_is_refused_before_any_query(client):
    """PostgreSQL refuses NUL in a query: the API answers 400 first, on every database."""
    response = client.get("/api/v1/actions", {"city": "Kyiv\x00"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_filter_value"
