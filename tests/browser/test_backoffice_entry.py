"""The back office at 1,280 px: the person form fits, facts take the save's source and the case
picked for a charge, quick add and the checking queue work; screenshots for docs/editors.md."""

import datetime as dt
from pathlib import Path

import pytest

from tests import factories as f
from unheard.registry.models import TimelineEvent

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img" / "editors"
WIDTH = 1280


@pytest.fixture
def editor_page(page, make_staff):
    make_staff("editor", "editor")
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto("/admin/login/")
    page.fill("[name=username]", "editor")
    page.fill("[name=password]", "pw")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    return page


def full_person():
    """A person with a fact of every kind, long texts in four languages, as on a real record."""
    person = f.PersonFactory(
        summary_en="A long summary. " * 40, biography_en="A long biography. " * 80
    )
    case = f.CaseFactory()
    f.defendant(person, case)
    source = f.SourceFactory()
    f.sourced(f.charge(person, case), source)
    f.sourced(f.verdict(person, case, dt.date(2024, 4, 25)), source)
    for kind in (TimelineEvent.Kind.SEARCH, TimelineEvent.Kind.DETENTION, TimelineEvent.Kind.TRIAL):
        f.sourced(
            f.event(
                person,
                kind,
                dt.date(2023, 5, 10),
                case=case,
                **{
                    f"description_{code}": "What happened, told at length. " * 12
                    for code in ("ru", "en", "de", "fr")
                },
            ),
            source,
        )
    return person


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_person_form_fits_1280_px(editor_page):
    page = editor_page
    person = full_person()

    page.goto(f"/admin/registry/person/{person.pk}/change/")
    page.wait_for_load_state("networkidle")
    width = page_width(page)
    page.screenshot(path=str(SCREENSHOTS / "person-form.png"), full_page=False)

    assert width <= WIDTH, f"the person form is {width} px wide"
    scrolled = page.evaluate(
        """[...document.querySelectorAll('fieldset, .tabular, .inline-related')]
            .filter(e => e.scrollWidth > e.clientWidth + 1)
            .map(e => (e.id || e.className) + ' ' + e.scrollWidth + '>' + e.clientWidth)"""
    )
    assert scrolled == [], scrolled
    page.locator("#events-group").screenshot(path=str(SCREENSHOTS / "person-timeline.png"))
