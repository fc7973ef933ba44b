"""The mirror's search after an update: the pages rendered again are found by their new words
and no longer by their old ones (the whole index and the update's index, mirror/search_index.py)."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.browser.test_mirror import served
from tests.mirror.worlds import demo_with_few_people
from unheard.core.models import AuditEntry
from unheard.mirror.build import mirror_build
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db


def _summary_set(text: str) -> None:
    person = Person.objects.get(slug="azat-miftakhov")
    person.summary_en = text
    person.save()


@pytest.fixture(scope="module")
def updated_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """A mirror in English made with one summary, updated after the summary was rewritten."""
    out = tmp_path_factory.mktemp("mirror") / "site"
    with django_db_blocker.unblock(), transaction.atomic():
        demo_with_few_people(6)
        _summary_set("A mathematician who studied zwitterions.")
        mirror_build(out=out, languages=["en"])
        _summary_set("A mathematician who studied quasicrystals.")
        mirror_build(out=out, languages=["en"], update=True)
        AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
        transaction.set_rollback(True)
    with served(out) as address:
        yield address


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def test_the_search_finds_the_new_words_and_not_the_old(updated_site, page):
    page.goto(f"{updated_site}/en/search/index.html?q=quasicrystals")
    result = page.locator(".pagefind-ui__result-link")
    expect(result.first).to_contain_text("Miftakhov", timeout=15000)
    expect(result).to_have_count(1)
    page.goto(f"{updated_site}/en/search/index.html?q=Miftahov")
    expect(result.first).to_contain_text("Miftakhov", timeout=15000)
    page.goto(f"{updated_site}/en/search/index.html?q=zwitterions")
    page.wait_for_function("window.__mirrorSearched === 'zwitterions'", timeout=15000)
    expect(result).to_have_count(0)
