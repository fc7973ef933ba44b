"""Release estimates that are true: only for the current custody, never a date gone by."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories as f
from unheard.core.dates import DatePrecision, PartialDate, normalise_partial
from unheard.registry import selectors
from unheard.registry.demo_loader import demo_load
from unheard.registry.models import Person, TimelineEvent
from unheard.registry.release import release_date_passed

pytestmark = pytest.mark.django_db
PASSED = "Release date passed — status being checked"


def test_a_new_case_after_a_served_sentence_is_a_new_custody_without_an_estimate():
    """Udaltsov's record (seed 003, pp. 61–63): 4½ years in 2014, released 2016, arrested 2023."""
    person = f.PersonFactory(status=Person.Status.PRE_TRIAL)
    old_case, new_case = f.CaseFactory(), f.CaseFactory()
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2012, 1, 1), case=old_case)
    f.verdict(person, old_case, dt.date(2014, 1, 1), regime="", term_years=4, term_months=6)
    f.event(person, TimelineEvent.Kind.RELEASE, dt.date(2016, 1, 1), case=old_case)
    person.refresh_from_db()
    assert person.expected_release is not None  # before the new arrest, the old estimate stood

    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2023, 1, 1), case=new_case)
    person.refresh_from_db()
    assert person.expected_release is None
    assert person.release_computation == {}

    # A verdict in the new case gives an estimate counted from the new detention only.
    f.verdict(person, new_case, dt.date(2024, 1, 1), regime="strict", term_years=5)
    person.refresh_from_db()
    assert person.expected_release == dt.date(2027, 12, 31)
    assert "latest_verdict_includes_earlier" not in person.release_computation["assumptions"]


def test_a_verdict_in_another_case_after_the_detention_counts_for_the_custody():
    person = f.PersonFactory(status=Person.Status.SERVING)
    detained_in, sentenced_in = f.CaseFactory(), f.CaseFactory()
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2022, 3, 1), case=detained_in)
    f.verdict(person, sentenced_in, dt.date(2023, 3, 1), term_years=3, in_force_on=None)
    person.refresh_from_db()
    assert person.expected_release is not None


def test_release_date_passed_compares_the_whole_period():
    june = PartialDate(dt.date(2026, 6, 1), DatePrecision.MONTH)
    for today, passed in [(dt.date(2026, 6, 30), False), (dt.date(2026, 7, 1), True)]:
        assert release_date_passed(expected=june.value, precision="month", today=today) is passed
    day = dt.date(2026, 6, 14)
    assert not release_date_passed(expected=day, precision="day", today=day)
    assert release_date_passed(expected=day, precision="day", today=day + dt.timedelta(days=1))
    assert not release_date_passed(expected=None, precision="day", today=day)


@pytest.mark.parametrize("precision", ["day", "month", "season", "year"])
def test_the_checking_queue_agrees_with_the_rule_the_pages_use(precision):
    today = timezone.localdate()
    people = []
    for offset in (-400, -40, -1, 0, 1, 40, 400):
        expected = normalise_partial(today + dt.timedelta(days=offset), precision)
        person = f.PersonFactory(status=Person.Status.SERVING)
        Person.objects.filter(pk=person.pk).update(
            expected_release=expected, release_computation={"precision": precision}
        )
        people.append(Person.objects.get(pk=person.pk))
    queue = set(selectors.people_release_passed(today=today).values_list("pk", flat=True))
    assert queue == {p.pk for p in people if p.release_date_passed}
    assert queue  # the oldest estimates are over whatever the precision
    assert len(queue) < len(people)


def held_with_estimate(years_ago: int, *, status=Person.Status.SERVING) -> Person:
    """A published person detained `years_ago` years ago with a three-year strict-regime term."""
    detained = timezone.localdate().replace(month=1, day=1)
    detained = detained.replace(year=detained.year - years_ago)
    person = f.PersonFactory(status=status)
    case = f.published(f.sourced(f.CaseFactory()))
    f.defendant(person, case)
    f.published(f.sourced(f.event(person, TimelineEvent.Kind.DETENTION, detained, case=case)))
    f.published(
        f.sourced(
            f.verdict(
                person, case, detained + dt.timedelta(days=200), term_years=3, in_force_on=None
            )
        )
    )
    person = f.published(f.sourced(person))
    person.refresh_from_db()
    return person


def test_a_past_estimate_for_someone_held_is_shown_as_being_checked(client):
    overdue, ahead = held_with_estimate(10), held_with_estimate(1)
    released = held_with_estimate(10, status=Person.Status.RELEASED)
    assert overdue.expected_release == dt.date(overdue.expected_release.year, 12, 31)
    assert overdue.release_date_passed and not ahead.release_date_passed
    assert released.expected_release is None

    with translation.override("en"):  # PASSED is the English text
        page = client.get(overdue.get_absolute_url()).content.decode()
        people = client.get(reverse("registry:person_list")).content.decode()
    assert PASSED in page
    assert overdue.expected_release.isoformat() not in page
    assert people.count(PASSED) == 1
    assert ahead.expected_release.isoformat() in people
    home = client.get(reverse("registry:home")).content.decode()
    releases = re.search(r'aria-labelledby="releases-heading">(.*?)</section>', home, re.S)[1]
    assert ahead.display_name in releases and overdue.display_name not in releases

    queue = list(selectors.people_release_passed(today=timezone.localdate()))
    assert queue == [overdue]


# The seed book's people, as the demo loads them (seed 003).

DATETIME = re.compile(r'<time datetime="([0-9-]+)">')


def release_times(html: str) -> list[str]:
    """The dates shown as an expected release: the person page's section, the list's column."""
    shown = []
    section = re.search(r'aria-labelledby="release-heading">(.*?)</section>', html, re.S)
    if section:
        shown += DATETIME.findall(section.group(1))
    for cell in re.findall(r'data-label="Expected release">(.*?)</td>', html, re.S):
        shown += DATETIME.findall(cell)
    return shown


def period_end(iso: str) -> dt.date:
    parts = iso.split("-")
    if len(parts) == 3:
        return dt.date.fromisoformat(iso)
    if len(parts) == 2:
        return PartialDate.parse(iso).latest()
    return dt.date(int(iso), 12, 31)


def test_the_seed_books_people_have_true_estimates_on_every_public_page(client):
    demo_load()
    today = timezone.localdate()
    udaltsov = Person.objects.get(slug="sergey-udaltsov")
    assert udaltsov.status == Person.Status.PRE_TRIAL and udaltsov.expected_release is None
    # Miftakhov (pp. 35–36): arrested again on 4 September 2023, four years on 28 March 2024 under
    # Article 205.2, which part 3.2 of Article 72 counts one for one: the day before 4 Sep 2027.
    miftakhov = Person.objects.get(slug="azat-miftakhov")
    assert miftakhov.expected_release == dt.date(2027, 9, 3)
    assert miftakhov.release_computation["assumptions"] == [
        "in_force_assumed_verdict_date",
        "part_3_2_exception",
    ]

    held = selectors.published_people().filter(status__in=Person.HELD_STATUSES)
    assert held.count() > 40
    with translation.override("en"):
        pages = [p.get_absolute_url() for p in selectors.published_people()]
        pages += [reverse("registry:home")]
        pages += [f"{reverse('registry:person_list')}?status=held&page={n}" for n in (1, 2)]
    checked = 0
    for url in pages:
        html = client.get(url).content.decode()
        for iso in release_times(html):
            assert period_end(iso) >= today, (url, iso)
            checked += 1
    assert checked > 10
    for person in held.filter(expected_release__isnull=False):
        html = client.get(person.get_absolute_url()).content.decode()
        assert (PASSED in html) == person.release_date_passed
