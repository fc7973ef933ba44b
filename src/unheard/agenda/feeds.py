"""iCalendar feeds (RFC 5545) built with the `icalendar` library.

Every entry keeps the same UID from one download to the next (its kind, model and id, at the
site's host), so a calendar application updates an event instead of adding it twice. Birthdays,
anniversaries and actions without a time are all-day events (DATE values, the end exclusive);
yearly ones repeat with RRULE:FREQ=YEARLY — a birthday on 29 February repeats on the last day of
February, as `core.dates.anniversary` counts it. A timed entry carries its time zone (TZID and
the VTIMEZONE component it names).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from unheard.agenda.sources import CalendarEntry

PRODUCT = "-//Unheard//Calendar//EN"


def _yearly_rule(date: dt.date) -> dict:
    if (date.month, date.day) == (2, 29):
        return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    return {"freq": "yearly"}


def entry_event(entry: CalendarEntry, *, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("summary", entry.title)
    if entry.starts_at is not None:
        event.add("dtstart", entry.starts_at)
        if entry.ends_at is not None:
            event.add("dtend", entry.ends_at)
    else:
        event.add("dtstart", entry.date)
        event.add("dtend", (entry.end or entry.date) + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if entry.yearly:
        event.add("rrule", _yearly_rule(entry.date))
    if entry.description:
        event.add("description", entry.description)
    if entry.city_names:
        event.add("location", ", ".join(entry.city_names))
    if entry.url:
        event.add("url", settings.UNHEARD_SITE_URL.rstrip("/") + entry.url)
    event.add("categories", [entry.kind])
    return event


def calendar_document(entries: Iterable[CalendarEntry], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    for entry in sorted(entries, key=lambda e: (e.date, e.uid)):
        calendar.add_component(entry_event(entry, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_response(entries: Iterable[CalendarEntry], *, name: str, file_name: str) -> HttpResponse:
    response = HttpResponse(
        calendar_document(entries, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    return response
