"""The site works with a keyboard alone, and the focus can always be seen."""

import re

import pytest
from playwright.sync_api import expect

from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db(transaction=True)
PERSON_LINK = re.compile(r"/en/people/[-a-z0-9]+/$")


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, id: el.id, href: el.getAttribute('href') || '',
                    outline: style.outlineStyle, outlineWidth: style.outlineWidth,
                    shadow: style.boxShadow};
        }"""
    )


def tab_until(page, wanted, limit=60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if wanted(element):
            return element
    raise AssertionError("never reached by Tab")


def assert_visible_focus(element: dict) -> None:
    assert element["outline"] != "none" and element["outlineWidth"] != "0px", element


def test_keyboard_only_from_search_box_to_a_person(page, live_server):
    demo_load()
    page.goto("/en/")
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["href"] == "#main"  # the first stop skips the navigation
    search = tab_until(page, lambda e: e["id"] == "search-q")
    assert_visible_focus(search)
    link = tab_until(page, lambda e: e["tag"] == "A" and PERSON_LINK.search(e["href"]))
    assert_visible_focus(link)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{link['href']}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The filters of the list, by keyboard: choose a status, go to the button, press Enter.
    page.goto("/en/people/")
    tab_until(page, lambda e: e["id"] == "filter-status")
    page.keyboard.press("ArrowDown")
    button = tab_until(page, lambda e: e["tag"] == "BUTTON")
    assert_visible_focus(button)
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/people/?*status=*")
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
