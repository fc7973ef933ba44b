"""An editor changes a published person and adds a case with a charge; the public keeps seeing
the published version until a second editor reviews the difference and approves it. The history
then shows both versions with what changed, and a revert asks first and keeps him published.

The screenshots of docs/editors.md ("Review", "History and revert") are taken here.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories as f
from unheard.core.models import PublicationState
from unheard.core.roles import roles_sync
from unheard.registry import services
from unheard.registry.models import Case, Person

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img" / "editors"
OLD, NEW = "Held since spring for a post online.", "Sentenced in the autumn for a post online."


def sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", "pw")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


def pick(page, select_id, text):
    """Choose `text` in an autocomplete (select2) field."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def shot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def test_a_reviewed_change_from_edit_to_revert(page, make_staff):
    roles_sync()
    make_staff("editor", "editor")
    make_staff("reviewer", "reviewer")
    source = f.SourceFactory(title="Court press service, 12 October")
    f.ArticleFactory(number="280.3", title_en="Public calls to extremism")
    data = {"surname": "Тестова", "given_name": "Анна", "display_name_en": "Anna Testova"}
    data |= {"slug": "anna-testova", "status": Person.Status.PRE_TRIAL, "summary_en": OLD}
    person = services.person_create(data={**data, "sources": [source]}, acting_user=None)
    f.published(person)
    public = f"/en/people/{person.slug}/"

    # The editor adds the new case (a draft) ...
    sign_in(page, "editor")
    page.goto("/admin/registry/case/add/")
    page.fill("#id_name_en", "Case of the online post")
    pick(page, "id_sources", "Court press service")
    page.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("was added successfully")

    # ... then changes the published person's summary and links the case with a charge.
    page.goto(f"/admin/registry/person/{person.pk}/change/")
    page.fill("#id_summary_en", NEW)
    page.locator("#case_links-group .add-row a").click()
    pick(page, "id_case_links-0-case", "Case of the online post")
    page.locator("#charges-group .add-row a").click()
    pick(page, "id_charges-0-case", "Case of the online post")
    pick(page, "id_charges-0-article", "280.3")
    pick(page, "id_charges-0-sources", "Court press service")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".review-banner")).to_contain_text("This page has unpublished changes.")
    shot(page, "edit-unpublished-changes.png", full_page=False)

    # The public still sees the published version.
    page.goto(public)
    expect(page.locator("main")).to_contain_text(OLD)
    expect(page.locator("main")).not_to_contain_text("Case of the online post")

    # The editor submits the changes from the edit page.
    page.goto(f"/admin/registry/person/{person.pk}/change/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("ul.messagelist")).to_contain_text("submitted for review")
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # A second account reviews the difference and approves it.
    sign_in(page, "reviewer")
    page.goto("/admin/registry/reviewunit/")
    unit = page.locator("section.review-unit")
    expect(unit).to_contain_text(OLD)
    expect(unit).to_contain_text(NEW)
    expect(unit).to_contain_text("Case of the online post")
    expect(unit).to_contain_text("Court press service")
    shot(page, "review-queue.png")
    unit.get_by_role("button", name="Approve and publish").click()
    expect(page.locator("ul.messagelist")).to_contain_text("approved and published")

    page.goto(public)
    expect(page.locator("main")).to_contain_text(NEW)
    expect(page.locator("main")).to_contain_text("Case of the online post")
    assert Case.objects.get(name_en="Case of the online post").is_published

    # The history shows both versions of the summary with the difference.
    sign_in(page, "editor")
    page.goto(f"/admin/registry/person/{person.pk}/history/")
    history = page.locator("#change-history")
    expect(history.locator("del", has_text="Held since spring")).to_be_visible()
    expect(history.locator("ins", has_text="Sentenced in the autumn")).to_be_visible()
    shot(page, "history.png")

    # A revert says what it will do and asks first; the person stays published.
    history.get_by_role("link", name="Revert…").first.click()  # the first version
    expect(page.locator("#revert-preview")).to_contain_text(OLD)
    expect(page.locator("#content-main")).to_contain_text("Publication: unchanged (published)")
    shot(page, "revert.png")
    assert Person.objects.get(pk=person.pk).summary_en == NEW  # asking changed nothing
    page.get_by_role("button", name="Propose this revert for review").click()
    expect(page.locator("ul.messagelist")).to_contain_text("waits for review")
    person.refresh_from_db()
    assert person.publication_state == PublicationState.PUBLISHED
    assert person.summary_en == NEW
    page.goto(public)
    expect(page.locator("main")).to_contain_text(NEW)
