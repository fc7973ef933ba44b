"""iCalendar (RFC 5545) for actions, built with the `icalendar` library.

An action with a time becomes an event in its own time zone (with the VTIMEZONE the library
derives from the zone database); one known only by its date becomes an all-day event. The UID is
stable (`action-<id>@<site host>`), so a calendar that imports the file twice updates the event.
`action_event` is what a feed of many actions (the calendar app) adds for each.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event

from unheard.actions.models import Action
from unheard.core.countries import country_name


def _host() -> str:
    return urlsplit(settings.UNHEARD_SITE_URL).hostname or "localhost"


def action_uid(action: Action) -> str:
    return f"action-{action.pk}@{_host()}"


def action_location(action: Action) -> str:
    """Where, in the active language (the file's address names it)."""
    if action.online:
        return gettext("Online")
    country = country_name(action.country) if action.country else ""
    parts = [action.venue, action.city_display, country]
    return ", ".join(part for part in parts if part)


def action_event(action: Action) -> Event | None:
    """The action as a VEVENT, or None when it has no date at all."""
    event = Event()
    event.add("uid", action_uid(action))
    event.add("dtstamp", action.updated_at or timezone.now())
    event.add("summary", action.title)
    if action.starts_at:
        zone = zoneinfo.ZoneInfo(action.time_zone or "UTC")
        event.add("dtstart", action.starts_at.astimezone(zone))
        if action.ends_at:
            event.add("dtend", action.ends_at.astimezone(zone))
    elif action.starts_on and action.starts_on_precision == "day":
        event.add("dtstart", action.starts_on)
        event.add("dtend", action.starts_on + dt.timedelta(days=1))
    else:
        return None
    if action.description:
        event.add("description", action.description)
    location = action_location(action)
    if location:
        event.add("location", location)
    event.add("url", settings.UNHEARD_SITE_URL.rstrip("/") + action.get_absolute_url())
    if action.status == Action.Status.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def calendar_of(events) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.UNHEARD_SITE_NAME}//actions//EN")
    calendar.add("version", "2.0")
    for event in events:
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
