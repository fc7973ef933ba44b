"""Two filters chosen in the people list give an address that shows the same list to anyone."""

import pytest

from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db(transaction=True)


def result_names(page) -> list[str]:
    return page.locator("table.people-table tbody th a").all_inner_texts()


def test_two_filters_and_the_shared_address(page, browser, live_server):
    demo_load()
    page.goto("/en/people/")
    everyone = page.locator(".result-count").inner_text()
    page.get_by_label("Status", exact=True).select_option("serving")
    page.get_by_label("Article category", exact=True).select_option("terrorism")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/en/people/?*status=serving*")
    shared = page.url
    assert "category=terrorism" in shared
    names = result_names(page)
    assert names and page.locator(".result-count").inner_text() != everyone
    assert page.get_by_label("Status", exact=True).input_value() == "serving"
    assert page.get_by_label("Article category", exact=True).input_value() == "terrorism"

    fresh_context = browser.new_context(locale="de-DE")
    fresh = fresh_context.new_page()
    requested = []
    fresh.on("request", lambda request: requested.append(request.url))
    fresh.goto(shared)
    assert result_names(fresh) == names
    assert fresh.get_by_label("Status", exact=True).input_value() == "serving"
    fresh_context.close()
    assert all(url.startswith(live_server.url) for url in page.requested_urls + requested)
