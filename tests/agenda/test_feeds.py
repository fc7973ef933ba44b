"""The calendar's iCalendar feeds, parsed with the icalendar library, against the demo data."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from icalendar import Calendar

from unheard.actions.models import DayOfAction
from unheard.agenda.feeds import calendar_document
from unheard.agenda.sources import CalendarEntry, Kind
from unheard.registry.models import Person, TimelineEvent

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def by_kind(calendar: Calendar, kind: str) -> list:
    return [e for e in events(calendar) if kind in [str(c) for c in e["CATEGORIES"].cats]]


def united_days_title() -> str:
    """The English title of seed 004's days of united action, 29 November to 2 December 2012."""
    with translation.override("en"):
        return DayOfAction.objects.get(slug="days-of-action-against-repression-2012").title


def held_with_birthdays():
    return Person.objects.public().filter(
        status__in=Person.HELD_STATUSES, birth_date__isnull=False, birth_date_precision="day"
    )


def test_the_site_feed_holds_the_demo_birthdays_anniversaries_and_actions(demo, client):
    calendar = parse(client.get("/en/calendar.ics"))
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    people = held_with_birthdays()
    assert people.exists(), "the demo has a held person whose birthday the seeds give to the day"
    birthdays = {e["SUMMARY"]: e for e in by_kind(calendar, Kind.BIRTHDAY)}
    assert len(birthdays) == people.count()
    for person in people:
        event = birthdays[f"Birthday of {person.display_name}"]
        assert event.decoded("DTSTART") == person.birth_date, "an all-day DATE value"
        assert event.decoded("DTEND") == person.birth_date + dt.timedelta(days=1)
        assert event["RRULE"]["FREQ"] == ["YEARLY"]
    arrests = TimelineEvent.objects.public().filter(
        kind__in=TimelineEvent.CUSTODIAL_KINDS, date_precision="day"
    )
    assert arrests.exists()
    assert len(by_kind(calendar, Kind.ARREST)) == arrests.count()
    actions = {e["SUMMARY"]: e for e in by_kind(calendar, Kind.ACTION)}
    days = actions[united_days_title()]
    assert days.decoded("DTSTART") == dt.date(2012, 11, 29)
    assert days.decoded("DTEND") == dt.date(2012, 12, 3), "the end is exclusive"
    assert "Kyiv" in str(days["LOCATION"]) and "London" in str(days["LOCATION"])
    yearly = [e for e in actions.values() if "RRULE" in e]
    assert {(e.decoded("DTSTART").month, e.decoded("DTSTART").day) for e in yearly} == {
        (4, 30),
        (6, 12),
    }


def test_uids_are_unique_and_stable_between_downloads(demo, client):
    first = [str(e["UID"]) for e in events(parse(client.get("/en/calendar.ics")))]
    second = [str(e["UID"]) for e in events(parse(client.get("/ru/calendar.ics")))]
    assert len(first) == len(set(first))
    assert sorted(first) == sorted(second), "the same events in another language"
    assert all(uid.endswith("@127.0.0.1") for uid in first)


def test_a_persons_feed_holds_only_theirs(demo, client):
    person = held_with_birthdays().first()
    calendar = parse(client.get(f"/en/people/{person.slug}/calendar.ics"))
    found = events(calendar)
    assert found
    page = person.get_absolute_url()
    assert all(str(e["URL"]).endswith(page) for e in found)
    assert not by_kind(calendar, Kind.ACTION)
    assert any(str(e["SUMMARY"]) == f"Birthday of {person.display_name}" for e in found)


def test_a_draft_person_has_no_feed_and_is_not_in_the_site_feed(demo, client):
    person = held_with_birthdays().first()
    Person.objects.filter(pk=person.pk).update(publication_state="draft")
    assert client.get(f"/en/people/{person.slug}/calendar.ics").status_code == 404
    text = client.get("/en/calendar.ics").content.decode()
    assert person.display_name not in text


def test_city_and_group_feeds(demo, client):
    kyiv = events(parse(client.get("/en/calendar/cities/kyiv.ics")))
    assert [str(e["SUMMARY"]) for e in kyiv] == [united_days_title()]
    assert events(parse(client.get("/en/calendar/cities/Nowhere.ics"))) == []
    assert events(parse(client.get("/en/calendar/groups/no-such-group.ics"))) == []


def test_a_timed_entry_carries_its_time_zone():
    berlin = ZoneInfo("Europe/Berlin")
    entry = CalendarEntry(
        uid="action-test-1@example.org",
        kind=Kind.ACTION,
        title="Picket at the embassy",
        date=dt.date(2026, 12, 10),
        url="",
        starts_at=dt.datetime(2026, 12, 10, 17, 0, tzinfo=berlin),
        ends_at=dt.datetime(2026, 12, 10, 19, 0, tzinfo=berlin),
    )
    calendar = Calendar.from_ical(calendar_document([entry], name="Test"))
    event = events(calendar)[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 10, 17, 0, tzinfo=berlin)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_a_birthday_on_29_february_repeats_on_the_last_day_of_february():
    entry = CalendarEntry(
        uid="birthday-person-1@example.org",
        kind=Kind.BIRTHDAY,
        title="Birthday",
        date=dt.date(1996, 2, 29),
        url="",
        yearly=True,
    )
    event = events(Calendar.from_ical(calendar_document([entry], name="Test")))[0]
    assert event["RRULE"]["BYMONTH"] == [2] and event["RRULE"]["BYMONTHDAY"] == [-1]
    assert entry.days_in(dt.date(2027, 2, 1), dt.date(2027, 2, 28)) == [dt.date(2027, 2, 28)]
