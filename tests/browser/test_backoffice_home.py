"""The back-office home and the checking queue on the demo data, in a real browser; screenshots
for docs/editors.md."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from unheard.core.models import AuditEntry
from unheard.registry.demo_loader import demo_load
from unheard.registry.models import CheckMark

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img" / "editors"


def sign_in(page, username: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", "pw")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


def test_an_editor_works_the_checking_queue_from_the_home(page, make_staff):
    demo_load()
    make_staff("editor", "editor")
    sign_in(page, "editor")

    # The home: the registry first, what waits for the editor, no technical models.
    expect(page.locator("#waiting-for-you")).to_contain_text("Records to check")
    captions = page.locator("#content-main caption").all_inner_texts()
    assert captions[0] == "REGISTRY" or captions[0].lower() == "registry"
    assert not page.get_by_text("Audit entries").count()
    page.screenshot(path=str(SCREENSHOTS / "home.png"))

    # The queue on the demo data: people shown as held after their expected release, and more.
    page.locator("#content-main").get_by_role("link", name="Checking queue").click()
    expect(page.get_by_role("heading", name="Checking queue")).to_be_visible()
    release_rows = page.locator("tr[data-reason=release_passed]")
    assert release_rows.count() >= 1
    # The seeds say Garry Azaryan's detention was extended until 14 October 2025, no further.
    expect(page.locator("tr[data-reason=custody_term_passed]")).to_contain_text("Garry Azaryan")
    page.screenshot(path=str(SCREENSHOTS / "checking-queue.png"))

    # Mark the first one checked with a new source: it leaves the queue.
    person = release_rows.first.locator("td").first.inner_text()
    release_rows.first.get_by_role("link", name="Mark checked").click()
    page.fill("[name=new_source_title]", "Letter from the colony, November 2026")
    page.fill("[name=note]", "Still held: the sentence was extended.")
    page.screenshot(path=str(SCREENSHOTS / "mark-checked.png"))
    page.locator("#content-main input[type=submit]").click()
    page.wait_for_load_state()
    assert "/queue/" in page.url and page.url.endswith("/queue/"), page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()
    expect(page.locator(".messagelist")).to_contain_text("is marked checked")
    assert person not in page.locator("tr[data-reason=release_passed]").all_inner_texts()
    mark = CheckMark.objects.get()
    assert mark.source.title == "Letter from the colony, November 2026"
    assert AuditEntry.objects.filter(action="check_mark", acting_user__username="editor").exists()
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
