"""The back office at 1,280 px: the person form fits, facts take the save's source and the case
picked for a charge, quick add and the checking queue work; screenshots for docs/editors.md."""

import datetime as dt
from pathlib import Path

import pytest

from tests import factories as f
from unheard.registry.models import Person, TimelineEvent

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


def test_a_translated_text_shows_one_language_at_a_time(editor_page):
    """At 375 px: the four summaries are one field with a tab per language; the filled ones are
    marked; a version typed in another tab is saved with the rest."""
    page = editor_page
    page.set_viewport_size({"width": 375, "height": 800})
    person = full_person()
    page.goto(f"/admin/registry/person/{person.pk}/change/")
    tabs = page.locator(".translation-tabs:has(+ .field-summary_ru) [role=tab]")

    assert tabs.all_inner_texts() == ["RU", "EN", "DE", "FR"]
    assert tabs.evaluate_all("ts => ts.map(t => t.classList.contains('translation-filled'))") == [
        False,
        True,
        False,
        False,
    ]
    assert page.locator("#id_summary_en").is_visible()
    assert not page.locator("#id_summary_de").is_visible()

    tabs.nth(2).click()
    page.fill("#id_summary_de", "Eine Zusammenfassung.")
    assert not page.locator("#id_summary_en").is_visible()
    assert "translation-filled" in tabs.nth(2).get_attribute("class")
    assert page_width(page) <= 375
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()

    person.refresh_from_db()
    assert person.summary_de == "Eine Zusammenfassung."
    assert person.summary_en.startswith("A long summary.")


# Counting clicks ------------------------------------------------------------------------------
#
# The task from issue 10: one person with a case, a charge, a verdict, a timeline event and a
# source, on the person form; and the commonest task, a new detention (person, case, article,
# date, facility, source). Typing is not counted; every click and every choice in a list is.
# The case, article, facility and source already exist (they are picked, not created).


class Counted:
    """The page, counting the clicks and choices an editor makes."""

    def __init__(self, page):
        self.page, self.clicks = page, 0

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        self.clicks += 1

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self.clicks += 1

    def pick(self, select_id: str, text: str) -> None:
        """Choose in an autocomplete: open it (a click), type, click the match."""
        self.click(f"#{select_id} + .select2-container .select2-selection")
        self.page.keyboard.type(text)
        option = self.page.locator(".select2-results__option", has_text=text)
        option.first.wait_for()
        option.first.click()
        self.clicks += 1

    def type(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)


@pytest.fixture
def known():
    """What an editor picks rather than creates: a case, an article, a facility, a source."""
    return {
        "case": f.CaseFactory(name_en="Case of the Telegram channel"),
        "article": f.ArticleFactory(number="280.3"),
        "facility": f.FacilityFactory(name_en="SIZO-1 of Chita"),
        "source": f.SourceFactory(title="OVD-Info data page"),
    }


def add_row(counted: Counted, group: str) -> None:
    counted.click(f"#{group}-group .add-row a")


def person_form(counted: Counted, *, task: str, once: bool) -> None:
    """Fill the person form for `task` ("full" or "detention"); `once`: use the save's source and
    the case offered from the charge, else pick both for every fact."""
    page = counted.page
    page.goto("/admin/registry/person/add/")
    counted.type("[name=surname]", "Тестова")
    counted.type("[name=given_name]", "Мария")
    counted.type("[name=display_name_en]", "Maria Testova")
    counted.select("[name=status]", "pre_trial" if task == "detention" else "serving")
    if task == "detention":
        counted.pick("id_current_facility", "SIZO-1")
    counted.pick("id_sources", "OVD-Info")
    if once:
        counted.pick("id_facts_source", "OVD-Info")
    add_row(counted, "case_links")
    counted.pick("id_case_links-0-case", "Telegram")
    add_row(counted, "charges")
    counted.pick("id_charges-0-case", "Telegram")
    counted.pick("id_charges-0-article", "280.3")
    if not once:
        counted.pick("id_charges-0-sources", "OVD-Info")
    if task == "full":
        counted.click("#verdicts-group summary")
        add_row(counted, "verdicts")
        if not once:
            counted.pick("id_verdicts-0-case", "Telegram")
            counted.pick("id_verdicts-0-sources", "OVD-Info")
        counted.type("[name=verdicts-0-date]", "2024-04-25")
    add_row(counted, "events")
    counted.select("[name=events-0-kind]", "detention")
    counted.type("[name=events-0-date]", "2023-05-10")
    if not once:
        counted.pick("id_events-0-case", "Telegram")
        counted.pick("id_events-0-sources", "OVD-Info")
    if task == "detention":
        counted.pick("id_events-0-facility", "SIZO-1")
    counted.click("input[name=_save]")
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert page.url.endswith("/admin/registry/person/"), errors


CLICKS = {  # also in docs/editors.md
    ("full", False): 26,
    ("full", True): 18,
    ("detention", False): 24,
}


@pytest.mark.parametrize(("task", "once"), list(CLICKS))
def test_clicks_on_the_person_form(editor_page, known, task, once):
    counted = Counted(editor_page)

    person_form(counted, task=task, once=once)

    person = Person.objects.get(display_name_en="Maria Testova")
    facts = [person.charges.get(), person.events.get()]
    if task == "full":
        facts.append(person.verdicts.get())
    for fact in facts:
        assert fact.case == known["case"]
        assert list(fact.sources.all()) == [known["source"]]
    print(f"person form, {task}, {'once' if once else 'per fact'}: {counted.clicks} clicks")
    assert counted.clicks == CLICKS[task, once]


QUICK_ADD_CLICKS = 6  # also in docs/editors.md


def test_clicks_on_quick_add(editor_page, known):
    counted = Counted(editor_page)
    page = editor_page

    counted.click("a:text('Quick add: a new detention')")
    counted.type("[name=surname]", "Тестова")
    counted.type("[name=given_name]", "Мария")
    counted.type("[name=display_name_en]", "Maria Testova")
    counted.select("[name=case]", str(known["case"].pk))
    counted.select("[name=article]", str(known["article"].pk))
    counted.type("[name=detained_on]", "2023-05-10")
    counted.select("[name=facility]", str(known["facility"].pk))
    counted.select("[name=source]", str(known["source"].pk))
    page.screenshot(path=str(SCREENSHOTS / "quick-add.png"), full_page=True)
    counted.click("#quick-add input[type=submit]")
    page.wait_for_url("**/change/")

    person = Person.objects.get(display_name_en="Maria Testova")
    event = person.events.get()
    assert (event.kind, event.facility, event.case) == (
        "detention",
        known["facility"],
        known["case"],
    )
    assert person.charges.get().article == known["article"]
    print(f"quick add: {counted.clicks} clicks")
    assert counted.clicks == QUICK_ADD_CLICKS
