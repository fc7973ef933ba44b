"""A supporter types a name the way she heard it and reaches the person's page."""

import pytest

from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_german_spelling_in_the_home_search_box_reaches_the_person(page, live_server):
    demo_load()
    page.goto("/de/")
    page.get_by_role("searchbox").first.fill("Ljubow Lisunowa")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**/de/search/?q=*")
    page.get_by_role("link", name="Ljubow Lisunowa").first.click()
    page.wait_for_url("**/de/people/lyubov-lizunova/")
    assert "Lisunowa" in page.get_by_role("heading", level=1).inner_text()
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


def test_a_typo_and_mixed_scripts_still_reach_the_person(page, live_server):
    demo_load()
    page.goto("/en/")
    page.get_by_role("searchbox").first.fill("Azat Мифтаховв")
    page.get_by_role("button", name="Search").first.click()
    page.get_by_role("link", name="Azat Miftakhov").first.click()
    page.wait_for_url("**/en/people/azat-miftakhov/")
    assert page.get_by_role("heading", level=1).inner_text() == "Azat Miftakhov"
