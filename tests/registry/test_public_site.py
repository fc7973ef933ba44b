"""The public site around the people list: home page, fallback marking, person, case, facility
and article pages, and what must never appear in public."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from unheard.core.dates import next_anniversary
from unheard.core.models import Source
from unheard.registry import selectors
from unheard.registry.models import Person, TimelineEvent

pytestmark = pytest.mark.django_db
LANGUAGES = ["ru", "en", "de", "fr"]


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def held(**extra) -> Person:
    values = {"status": Person.Status.SERVING}
    values.update(extra)
    return f.published(f.sourced(f.PersonFactory(**values)))


# Birthdays and releases


def test_birthdays_in_the_next_30_days_wrap_over_the_new_year():
    today = dt.date(2026, 12, 20)
    soon = held(surname="Скоро", birth_date=dt.date(1990, 12, 25))
    january = held(surname="Январь", birth_date=dt.date(1985, 1, 10))
    today_born = held(surname="Сегодня", birth_date=dt.date(2000, 12, 20))
    held(surname="Поздно", birth_date=dt.date(1980, 1, 25))  # 36 days away
    held(surname="Прошло", birth_date=dt.date(1980, 12, 19))  # yesterday
    held(surname="Месяц", birth_date=dt.date(1980, 12, 1), birth_date_precision="month")
    held(surname="Свобода", birth_date=dt.date(1980, 12, 24), status=Person.Status.RELEASED)
    f.PersonFactory(surname="Черновик", birth_date=dt.date(1980, 12, 24))  # not published
    birthdays = selectors.birthdays_upcoming(today=today)
    assert [(b.person.surname, b.date, b.age) for b in birthdays] == [
        (today_born.surname, dt.date(2026, 12, 20), 26),
        (soon.surname, dt.date(2026, 12, 25), 36),
        (january.surname, dt.date(2027, 1, 10), 42),
    ]


def test_a_29_february_birthday_falls_on_28_february_in_common_years():
    leap = held(birth_date=dt.date(1996, 2, 29))
    birthdays = selectors.birthdays_upcoming(today=dt.date(2027, 2, 20))
    assert [(b.person, b.date) for b in birthdays] == [(leap, dt.date(2027, 2, 28))]
    assert next_anniversary(dt.date(1996, 2, 29), today=dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)


def test_expected_releases_are_upcoming_and_soonest_first():
    today = dt.date(2026, 11, 21)
    later = held(surname="Позже")
    sooner = held(surname="Раньше")
    past = held(surname="Прошлое")
    released = held(surname="Свободен", status=Person.Status.RELEASED)
    for person, date in (
        (later, dt.date(2030, 5, 31)),
        (sooner, dt.date(2027, 1, 15)),
        (past, dt.date(2026, 1, 1)),
        (released, dt.date(2028, 1, 1)),
    ):
        Person.objects.filter(pk=person.pk).update(
            expected_release=date, release_computation={"precision": "day"}
        )
    Person.objects.filter(pk=later.pk).update(release_computation={"precision": "month"})
    assert list(selectors.releases_upcoming(today=today)) == [sooner, later]


def test_home_page_shows_counts_birthdays_releases_updates_and_help(client):
    today = dt.date.today()
    soon = today + dt.timedelta(days=5)
    if (soon.month, soon.day) == (2, 29):
        soon -= dt.timedelta(days=1)
    person = held(surname="Именинник", birth_date=dt.date(1990, soon.month, soon.day))
    news = f.published(
        f.sourced(f.event(person, TimelineEvent.Kind.TRANSFER, today - dt.timedelta(days=3)))
    )
    news.description_en = "Moved to another colony."
    news.save()
    # After the event: saving facts recomputes the release date from the (absent) verdicts.
    Person.objects.filter(pk=person.pk).update(
        expected_release=today + dt.timedelta(days=400), release_computation={"precision": "month"}
    )
    content = client.get(url("registry:home")).content.decode()
    assert "1 person is held for political reasons right now." in content
    assert "Birthdays in the next 30 days" in content
    assert "(turns 36)" in content or "(turns 37)" in content
    assert "Expected releases" in content
    assert "Latest updates" in content and "Moved to another colony." in content
    assert content.count('role="search"') == 1
    for way in ("Write a letter", "Give", "Act"):
        assert way in content
    for href in re.findall(r'href="(/(?:ru|en|de|fr)/[^"#]*)', content):
        assert client.get(html.unescape(href)).status_code == 200, href  # no dead links


def test_numbers_are_localised(client):
    from unheard.registry.templatetags.registry_display import month_day, number

    with translation.override("de"):
        assert number(12345) == "12.345"
        assert month_day(dt.date(2026, 1, 5)) == "5. Januar"
    with translation.override("ru"):
        assert number(12345) == "12\xa0345"
        assert month_day(dt.date(2026, 1, 5)) == "5 января"
    with translation.override("en"):
        assert number(12345) == "12,345"


# Fallback marking


@pytest.fixture
def untranslated():
    person = held(
        summary_en="Written in English only.", summary_de="", biography_ru="Только по-русски."
    )
    return person


def test_untranslated_text_is_marked_with_its_language(client, untranslated):
    content = client.get(
        url("registry:person_detail", "de", slug=untranslated.slug)
    ).content.decode()
    assert "Dieser Text liegt noch nicht auf" in content
    assert re.search(r'<div lang="en" class="lead"><p>Written in English only.</p></div>', content)
    # The biography exists only in Russian: fallback order en, ru.
    assert re.search(r'<div lang="ru"><p>Только по-русски.</p></div>', content)
    assert "Beim Übersetzen helfen" not in content  # only for signed-in translators


def test_translated_text_is_not_marked(client, untranslated):
    content = client.get(
        url("registry:person_detail", "en", slug=untranslated.slug)
    ).content.decode()
    assert "Written in English only." in content
    assert "<p>Written in English only.</p>" in content
    assert 'lang="en" class="lead"' not in content


def test_translators_get_a_help_translate_link(client, untranslated, make_staff):
    client.force_login(make_staff("tina", "translator"))
    content = client.get(
        url("registry:person_detail", "de", slug=untranslated.slug)
    ).content.decode()
    change = reverse("admin:registry_person_change", args=[untranslated.pk])
    assert f'href="{change}#id_summary_de"' in content
    assert "Beim Übersetzen helfen" in content


def test_staff_without_change_permission_get_no_link(client, untranslated, make_staff):
    client.force_login(make_staff("luca", "letter moderator"))
    content = client.get(
        url("registry:person_detail", "de", slug=untranslated.slug)
    ).content.decode()
    assert "Dieser Text liegt noch nicht auf" in content
    assert "Beim Übersetzen helfen" not in content


def test_untranslated_case_summary_and_event_are_marked(client):
    case = f.published(f.sourced(f.CaseFactory(summary_en="A case in English.")))
    person = held()
    f.defendant(person, case)
    event = f.published(
        f.sourced(f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2023, 1, 1), case=case))
    )
    event.description_en = "Detained at home."
    event.save()
    content = client.get(url("registry:case_detail", "fr", slug=case.slug)).content.decode()
    assert '<div lang="en"><p>A case in English.</p></div>' in content
    assert re.search(r'lang="en"><p>Detained at home.</p>', content)


# Person, case, facility, article pages


def test_person_page_lists_co_defendants_per_case(client):
    case = f.published(f.sourced(f.CaseFactory(name_en="Network case")))
    other_case = f.published(f.sourced(f.CaseFactory(name_en="Other case")))
    me, mate, hidden = held(), held(), f.PersonFactory(display_name_en="Hidden Draft")
    for person in (me, mate, hidden):
        f.defendant(person, case)
    f.defendant(me, other_case)
    content = client.get(url("registry:person_detail", slug=me.slug)).content.decode()
    assert "Co-defendant:" in content
    assert f'href="{mate.get_absolute_url()}"' in content
    assert "Hidden Draft" not in content


def test_person_page_has_share_links_and_metadata_without_external_resources(client):
    person = held(summary_en="Summary for sharing.")
    content = client.get(url("registry:person_detail", slug=person.slug)).content.decode()
    assert 'property="og:title"' in content and 'name="twitter:card"' in content
    assert 'property="og:locale" content="en_GB"' in content
    assert "https://t.me/share/url?url=http%3A%2F%2Ftestserver%2Fen%2Fpeople%2F" in content
    assert "mailto:?subject=" in content
    # Nothing the page loads comes from elsewhere: no external src, stylesheet or script.
    assert not re.search(r'(src|srcset)="(https?:)?//', content)
    assert not re.search(r'<link[^>]+href="(https?:)?//', content)
    assert "<script" not in content


def test_print_stylesheet_hides_navigation_and_keeps_the_record(client):
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("unheard/site.css")).read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    for selector in (".site-header", ".share", "form"):
        assert selector in print_rules


def test_case_page_shows_defendants_sentences_and_timeline(client):
    case = f.published(f.sourced(f.CaseFactory()))
    person = held()
    f.defendant(person, case)
    f.published(f.sourced(f.verdict(person, case, dt.date(2024, 5, 1), term_years=7)))
    f.published(
        f.sourced(f.event(person, TimelineEvent.Kind.TRIAL, dt.date(2024, 1, 1), case=case))
    )
    content = client.get(url("registry:case_detail", slug=case.slug)).content.decode()
    assert person.display_name in content
    assert "7 years" in content
    assert "Trial started" in content
    assert f"?case={case.slug}" in content


def test_facility_page_shows_people_address_and_position_as_text(client):
    facility = f.published(
        f.sourced(f.FacilityFactory(latitude=Decimal("57.153033"), longitude=Decimal("65.534328")))
    )
    person = held(current_facility=facility)
    hidden = f.PersonFactory(current_facility=facility, display_name_en="Hidden Inmate")
    content = client.get(url("registry:facility_detail", slug=facility.slug)).content.decode()
    assert person.display_name in content and hidden.display_name not in content
    assert facility.postal_address in content
    assert "57.1530° N, 65.5343° E" in content
    assert 'href="geo:57.153033,65.534328"' in content
    with translation.override("de"):
        content = client.get(url("registry:facility_detail", "de", slug=facility.slug)).content
    assert "57,1530° N" in content.decode()


def test_article_page_and_code_lists(client):
    case = f.published(f.sourced(f.CaseFactory()))
    person = held()
    f.defendant(person, case)
    charge = f.published(f.sourced(f.charge(person, case, number="205.2")))
    draft_person = f.PersonFactory(display_name_en="Draft Person")
    f.defendant(draft_person, case)
    f.published(f.sourced(f.charge(draft_person, case, number="205.2")))
    article = charge.article
    content = client.get(
        url("registry:article_detail", code=article.code.slug, number=article.number)
    ).content.decode()
    assert person.display_name in content and "Draft Person" not in content
    assert "?article=uk-rf%3A205.2" in content
    code_list = client.get(url("registry:code_list")).content.decode()
    assert "1 person charged" in code_list
    code_page = client.get(url("registry:code_detail", code="uk-rf")).content.decode()
    assert article.get_absolute_url() in code_page
    assert client.get(url("registry:code_detail", code="no-such-code")).status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_pages_answer_in_every_language(client, lang):
    f.ArticleFactory()
    for page in (
        url("registry:code_list", lang),
        url("registry:code_detail", lang, code="uk-rf"),
        url("registry:home", lang),
    ):
        response = client.get(page)
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.content.decode()


# Confidential data


SECRET_NOTE = "INTERNAL-NOTE-d41c"
SOURCE_NOTE = "SOURCE-NOTE-93be"
DRAFT_FACT = "UNPUBLISHED-FACT-5e0a"


@pytest.fixture
def secrets():
    source = Source.objects.create(
        kind=Source.Kind.WEB, title="A report", url="https://example.org/r", note=SOURCE_NOTE
    )
    facility = f.published(f.sourced(f.FacilityFactory(), source))
    case = f.published(f.sourced(f.CaseFactory(), source))
    person = f.PersonFactory(
        status=Person.Status.SERVING,
        current_facility=facility,
        internal_notes=SECRET_NOTE,
        birth_date=dt.date.today(),
        summary_en="Public summary.",
    )
    f.defendant(person, case)
    f.published(f.sourced(f.charge(person, case, number="205.2"), source))
    draft_event = f.sourced(
        f.event(person, TimelineEvent.Kind.TORTURE, dt.date(2023, 1, 1), case=case), source
    )
    draft_event.description_en = DRAFT_FACT
    draft_event.save()
    draft_charge = f.sourced(f.charge(person, case, number="207.3"), source)
    draft_verdict = f.sourced(f.verdict(person, case, dt.date(2024, 1, 1), court_en=DRAFT_FACT))
    f.published(f.sourced(person, source))
    return {
        "person": person,
        "case": case,
        "facility": facility,
        "draft_charge": draft_charge,
        "draft_verdict": draft_verdict,
    }


def test_unpublished_facts_count_nowhere(client, secrets):
    """Markers in confidential fields are the whole-site canary's (tests/test_canary.py)."""
    person = secrets["person"]
    person_page = client.get(url("registry:person_detail", slug=person.slug)).content.decode()
    assert "207.3" not in person_page  # the draft charge
    article_page = client.get(
        url("registry:article_detail", code="uk-rf", number="207.3")
    ).content.decode()
    assert person.display_name not in article_page
    people_list = client.get(url("registry:person_list") + "?article=uk-rf:207.3").content
    assert "0 people found." in people_list.decode()
