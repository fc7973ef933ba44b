"""A phone user (375 px): the menu button opens the navigation, results come before filters."""

import pytest
from playwright.sync_api import expect

from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 375, "height": 800}


def test_menu_button_opens_the_navigation_with_keyboard_and_pointer(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto("/en/")
    # A native <summary>: screen readers announce it as a button, collapsed or expanded.
    menu = page.locator("summary", has_text="Menu")
    people = page.locator(".site-nav").get_by_role("link", name="People")
    expect(menu).to_be_visible()
    expect(people).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 120  # two rows: the name and the button, then the languages

    menu.focus()
    page.keyboard.press("Enter")
    expect(people).to_be_visible()
    page.keyboard.press("Enter")
    expect(people).to_be_hidden()
    menu.click()
    people.click()
    page.wait_for_url("**/en/people/")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/en/")
    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(page.locator(".site-nav").get_by_role("link", name="People")).to_be_visible()
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


def test_people_list_shows_results_first_and_filters_behind_a_button(page, live_server):
    demo_load()
    page.set_viewport_size(PHONE)
    page.goto("/en/people/")
    first_person = page.locator("table.people-table tbody th a").first
    status = page.get_by_label("Status", exact=True)
    expect(status).to_be_hidden()
    assert first_person.bounding_box()["y"] < PHONE["height"]

    page.locator("summary", has_text="Filter").click()
    expect(status).to_be_visible()
    status.select_option("serving")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/en/people/?*status=serving*")
    expect(page.locator("summary", has_text="Filter (1 in use)")).to_be_visible()
    expect(page.get_by_label("Status", exact=True)).to_be_hidden()

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/en/people/")
    expect(page.get_by_label("Status", exact=True)).to_be_visible()
    expect(page.locator("summary", has_text="Filter")).to_be_hidden()


def test_favicon_is_served_by_the_site(page, live_server):
    page.goto("/en/")
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.ok and response.headers["content-type"] in {
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }
