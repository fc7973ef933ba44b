"""Switching language keeps the reader on the same page, filters included."""

import pytest

from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db(transaction=True)


def test_switching_language_on_a_person_page(page, live_server):
    demo_load()
    page.goto("/en/people/azat-miftakhov/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    page.wait_for_url("**/de/people/azat-miftakhov/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "Asat Miftachow"
    page.locator('nav.languages a[hreflang="fr"]').click()
    page.wait_for_url("**/fr/people/azat-miftakhov/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator('nav.languages a[hreflang="ru"]').click()
    page.wait_for_url("**/ru/people/azat-miftakhov/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Азат Мифтахов"

    page.goto("/en/people/?status=serving&sort=-sentence")
    page.locator('nav.languages a[hreflang="de"]').click()
    page.wait_for_url("**/de/people/?status=serving&sort=-sentence")
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
