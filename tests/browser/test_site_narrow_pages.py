"""The pages the November 2026 demo walk found too wide at 375 px, or logging CSP errors.

One demo load and one browser for all of them: every page must fit a 375 px phone with no
sideways scroll, split no ordinary word or number across two lines in its tables and headings
(`overflow-wrap: anywhere` on table cells once made "Perso|nen" fit), and log no console error
(the CSP refusing an inline style was one per chart).
"""

import pytest

from unheard.core import plugins
from unheard.core.models import AuditEntry, DemoData
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

PUBLIC_PAGES = [
    "/en/statistics/",  # the region map and 16 charts
    "/ru/statistics/?map=detention&per=100k",
    "/de/statistics/years/",
    "/fr/statistics/held/",
    "/ru/statistics/sentence-years/",
    "/en/statistics/held/embed/",
    "/en/days/days-of-action-against-repression-2012/",  # the country map
    "/ru/actions/organise/",  # the "Day of action" select
    "/de/actions/",  # the city filter: cities by their German names
    "/ru/actions/post-soviet-left-cologne/",  # Кёльн (Германия)
    "/ru/alerts/",  # the follow page's fieldset
    "/fr/alerts/",
    "/de/people/azat-miftakhov/",
    "/ru/people/azat-miftakhov/",
    "/de/statistics/held/",
    "/de/report/",  # amounts with their currency, which must not break
    "/de/news/",  # issue 12's pages, walked at 375 px in four languages in December 2026
    "/fr/data/",
]


# Each place in a table cell or heading where a line ends between two letters or digits of an
# ordinary word: a token with no "/", "@", "_" or "." (URLs, addresses and file names may break).
# Visually hidden text (the stacked tables' column headers, clipped to 1 px) is left out.
SPLIT_WORDS = r"""() => {
  const splits = [];
  const inWord = /[\p{L}\p{N}]/u;
  for (const cell of document.querySelectorAll("th, td, h1, h2, h3")) {
    let hidden = false;
    for (let box = cell; box; box = box.parentElement) {
      if (getComputedStyle(box).clipPath !== "none") { hidden = true; break; }
    }
    if (hidden || !cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent, range = document.createRange();
      let lastTop = null;
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        const top = rects.length ? rects[0].top : null;
        if (top !== null && lastTop !== null && Math.abs(top - lastTop) > 2
            && inWord.test(text[i]) && inWord.test(text[i - 1])) {
          const start = text.slice(0, i).search(/\S+$/), end = text.slice(i).search(/\s|$/);
          const token = text.slice(start, i + end);
          if (!/[\/@_.]/.test(token)) splits.push(text.slice(start, i) + "|" + text.slice(i, i + end));
        }
        lastTop = top;
      }
    }
  }
  return splits;
}"""


def wider_than_the_screen(page) -> int | None:
    width = page.evaluate("document.documentElement.scrollWidth")
    return width if width > PHONE["width"] else None


def walk(page, paths: list[str]) -> dict[str, object]:
    """Each path at 375 px: how wide it is if wider than the screen, the words it splits across
    lines, and its console errors."""
    problems: dict[str, object] = {}
    for path in paths:
        page.console_errors.clear()
        response = page.goto(path)
        assert response.status == 200, path
        too_wide = wider_than_the_screen(page)
        split = page.evaluate(SPLIT_WORDS)
        if too_wide or split or page.console_errors:
            problems[path] = {
                "scrollWidth": too_wide,
                "split words": split,
                "console": list(page.console_errors),
            }
    return problems


def sign_in(context) -> None:
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("[name=username]", "walker")
    page.fill("[name=password]", "pw")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


@pytest.fixture
def demo():
    for loader in plugins.demo_loaders():
        loader.run()
    DemoData.mark_loaded()
    yield
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)


def test_public_and_back_office_pages_fit_a_phone_with_no_csp_error(
    demo, browser, live_server, django_user_model
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    assert walk(page, PUBLIC_PAGES) == {}

    # A figure's years and numbers are not cut in two (the phone rule for tables, "wrap
    # anywhere", broke 2014 into 201 and 4 in this narrow table).
    page.goto("/ru/statistics/sentence-years/")
    lines = page.locator("#figure-sentence-years-table tbody :is(th, td)").evaluate_all(
        """cells => cells.map(cell => {
            const text = document.createRange();
            text.selectNodeContents(cell);
            return text.getClientRects().length;
        })"""
    )
    assert lines and max(lines) == 1

    # The demo banner spans the page at 1280 px (it is a <p>, once held to the text measure).
    page.set_viewport_size(DESKTOP)
    page.goto("/en/")
    banner = page.locator(".demo-banner").bounding_box()
    assert banner["width"] >= DESKTOP["width"] - 20

    # The back office: quick add, the checking queue, the sessions page (with a second session
    # to end), a person's form.
    django_user_model.objects.create_superuser(username="walker", password="pw")
    other = browser.new_context(base_url=live_server.url)
    sign_in(other)
    other.close()
    sign_in(context)
    person = Person.objects.get(slug="azat-miftakhov")
    page.set_viewport_size(PHONE)
    assert (
        walk(
            page,
            [
                "/admin/registry/person/quick-add/",
                "/admin/registry/checkmark/queue/",
                "/admin/account/",
                f"/admin/registry/person/{person.pk}/change/",
            ],
        )
        == {}
    )

    # The audit log at 1280 px: its table fits its box, nothing cut off at the right.
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/core/auditentry/")
    results = page.locator("#changelist .results")
    assert results.evaluate("box => box.scrollWidth <= box.clientWidth + 1")
    context.close()
