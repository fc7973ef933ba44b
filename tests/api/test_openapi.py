"""The API describes itself: OpenAPI lists every resource, and the docs page is the site's own."""

import re

import pytest

pytestmark = pytest.mark.django_db

RESOURCES = [
    "/api/v1/people",
    "/api/v1/people/{slug}",
    "/api/v1/cases",
    "/api/v1/cases/{slug}",
    "/api/v1/facilities",
    "/api/v1/facilities/{slug}",
    "/api/v1/codes",
    "/api/v1/codes/{code}",
    "/api/v1/codes/{code}/articles/{number}",
    "/api/v1/campaigns",
    "/api/v1/campaigns/{slug}",
    "/api/v1/petitions",
    "/api/v1/petitions/{slug}",
    "/api/v1/news",
    "/api/v1/news/{slug}",
    "/api/v1/sharing/feed",
    "/api/v1/sharing/key",
    "/api/v1/search",
    "/api/v1/statistics",
    "/api/v1/statistics/{key}",
    "/api/v1/statistics/years",
    "/api/v1/statistics/map",
]


def test_openapi_lists_every_resource(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(RESOURCES) <= set(schema["paths"])


def test_every_operation_declares_language_and_error_answers(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path
        operation = operations["get"]
        assert "lang" in {parameter["name"] for parameter in operation["parameters"]}, path
        for status in ("400", "404"):
            error = operation["responses"][status]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}, path
    assert "error" in schema["components"]["schemas"]["Error"]["properties"]


def test_no_schema_declares_a_confidential_field(client):
    text = client.get("/api/v1/openapi.json").content.decode()
    for field in ("internal_notes", "submitted_by", "published_by", "donor", 'note"'):
        assert field not in text


def test_docs_page_loads_only_the_sites_own_files(client, api_server):
    import urllib.request

    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui" in html
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses and all(a.startswith("/") and not a.startswith("//") for a in addresses)
    assert "http://" not in html and "https://" not in html
    for address in addresses:
        with urllib.request.urlopen(api_server + address) as answer:
            assert answer.status == 200, address
    assert '"validatorUrl": null' in html


@pytest.mark.parametrize("lang", ["ru", "en", "de", "fr"])
def test_the_footer_links_the_api_docs(client, lang):
    html = client.get(f"/{lang}/search/").content.decode()
    assert 'href="/api/v1/docs"' in html
