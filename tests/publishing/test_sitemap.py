import pytest
from defusedxml import ElementTree

from tests import factories as f
from tests.publishing.conftest import news

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_the_sitemap_lists_public_pages_in_four_languages_with_hreflang(client, person):
    draft = f.sourced(f.PersonFactory())
    post = news(language="de", title="Nachricht")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    urls = {u.find("s:loc", NS).text: u for u in root.findall("s:url", NS)}
    for language in ("ru", "en", "de", "fr"):
        assert f"http://testserver/{language}/people/{person.slug}/" in urls
    assert not any(draft.slug in loc for loc in urls)
    person_url = urls[f"http://testserver/en/people/{person.slug}/"]
    alternates = {
        link.get("hreflang"): link.get("href") for link in person_url.findall("x:link", NS)
    }
    assert set(alternates) == {"ru", "en", "de", "fr", "x-default"}
    assert alternates["fr"] == f"http://testserver/fr/people/{person.slug}/"
    assert f"http://testserver{post.get_absolute_url()}" in urls
    assert "http://testserver/ru/news/" in urls


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /en/alerts/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
