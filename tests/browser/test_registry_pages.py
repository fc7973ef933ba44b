"""A supporter browses the demo registry in a real browser."""

import pytest
from playwright.sync_api import expect

from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_home_to_a_person_and_another_language(page, live_server):
    demo_load()
    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="People", exact=True).first.click()
    page.get_by_role("link", name="Azat Miftakhov").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Azat Miftakhov"
    expect(page.get_by_text("Article 205.2").first).to_be_visible()
    page.get_by_role("link", name="Русский").click()
    assert page.url.endswith("/ru/people/azat-miftakhov/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
