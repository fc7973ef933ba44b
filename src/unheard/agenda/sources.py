"""What the calendar shows, read from the registry and the actions app through their public
querysets (`unheard.core.visibility`): birthdays known to the day, arrest and verdict
anniversaries, expected releases, future timeline events (hearings, trials, appeals) and
solidarity actions.

Recurring dates (birthdays, anniversaries, yearly actions) are one entry each that repeats every
year (`yearly`); `occurrence(year)` places it with `core.dates.anniversary`, so 29 February
falls on 28 February in common years, as everywhere else on the site. Only dates known to the
day are shown: a month or a season cannot be put on a calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from unheard.actions.models import Action, DayOfAction
from unheard.core import batch
from unheard.core.dates import DatePrecision, anniversary
from unheard.core.visibility import is_public
from unheard.registry.models import Person, TimelineEvent, Verdict


class Kind:
    BIRTHDAY = "birthday"
    ARREST = "arrest_anniversary"
    VERDICT = "verdict_anniversary"
    RELEASE = "expected_release"
    EVENT = "event"
    ACTION = "action"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    kind: str
    title: str
    date: dt.date  # the first day (for a yearly entry: the original date)
    url: str
    end: dt.date | None = None  # the last day, for an entry over several days
    yearly: bool = False
    starts_at: dt.datetime | None = None  # a timed entry: aware, in its own time zone
    ends_at: dt.datetime | None = None
    person: str = ""  # the slug of the person it is about
    groups: tuple[str, ...] = ()  # slugs of the organising groups
    cities: tuple[str, ...] = ()  # as the organisers write them: the city feeds' keys
    city_names: tuple[str, ...] = ()  # the same cities in the active language, to show
    description: str = field(default="", compare=False)
    action: str = ""  # the slug of the action it is, for a reminder of it

    def occurrence(self, year: int) -> dt.date:
        return anniversary(self.date, year) if self.yearly else self.date

    def days_in(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The days between `first` and `last` on which the entry falls (the first of each)."""
        if self.yearly:
            days = (self.occurrence(year) for year in range(first.year, last.year + 1))
            return [day for day in days if first <= day <= last and day >= self.date]
        end = self.end or self.date
        return [max(self.date, first)] if self.date <= last and end >= first else []


def _uid(kind: str, record) -> str:
    host = urlsplit(settings.UNHEARD_SITE_URL).hostname or "unheard"
    return f"{kind}-{record._meta.model_name}-{record.pk}@{host}"


def _name(person: Person) -> str:
    return person.display_name or person.original_name


def public_people() -> QuerySet[Person]:
    return Person.objects.public()


def birthday_entries(people: QuerySet[Person]) -> list[CalendarEntry]:
    """Birthdays of people held now, known to the day (a card needs the day)."""
    held = people.filter(
        status__in=Person.HELD_STATUSES,
        birth_date__isnull=False,
        birth_date_precision=DatePrecision.DAY,
    )
    return [
        CalendarEntry(
            uid=_uid(Kind.BIRTHDAY, person),
            kind=Kind.BIRTHDAY,
            title=_("Birthday of %(name)s") % {"name": _name(person)},
            date=person.birth_date,
            yearly=True,
            url=person.get_absolute_url(),
            person=person.slug,
        )
        for person in held
    ]


def anniversary_entries(people: QuerySet[Person]) -> list[CalendarEntry]:
    """Anniversaries of arrests (detention, custody ordered) and of verdicts, known to the day."""
    arrests = TimelineEvent.objects.public().filter(
        person__in=people, kind__in=TimelineEvent.CUSTODIAL_KINDS, date_precision=DatePrecision.DAY
    )
    verdicts = Verdict.objects.public().filter(person__in=people, date_precision=DatePrecision.DAY)
    entries = [
        CalendarEntry(
            uid=_uid(Kind.ARREST, event),
            kind=Kind.ARREST,
            title=_("Anniversary of the arrest of %(name)s") % {"name": _name(event.person)},
            date=event.date,
            yearly=True,
            url=event.person.get_absolute_url(),
            person=event.person.slug,
        )
        for event in arrests.select_related("person")
    ]
    entries += [
        CalendarEntry(
            uid=_uid(Kind.VERDICT, verdict),
            kind=Kind.VERDICT,
            title=_("Anniversary of the verdict against %(name)s")
            % {"name": _name(verdict.person)},
            date=verdict.date,
            yearly=True,
            url=verdict.person.get_absolute_url(),
            person=verdict.person.slug,
        )
        for verdict in verdicts.select_related("person")
    ]
    return entries


def release_entries(people: QuerySet[Person]) -> list[CalendarEntry]:
    """Expected releases of people held now, when computed to the day."""
    held = people.filter(
        status__in=Person.HELD_STATUSES,
        expected_release__isnull=False,
        release_computation__precision=DatePrecision.DAY,
    )
    return [
        CalendarEntry(
            uid=_uid(Kind.RELEASE, person),
            kind=Kind.RELEASE,
            title=_("Expected release of %(name)s") % {"name": _name(person)},
            date=person.expected_release,
            url=person.get_absolute_url(),
            person=person.slug,
        )
        for person in held
    ]


def future_event_entries(people: QuerySet[Person], *, today: dt.date) -> list[CalendarEntry]:
    """Timeline events still to come (hearings, trials, appeals), known to the day."""
    events = TimelineEvent.objects.public().filter(
        person__in=people, date__gte=today, date_precision=DatePrecision.DAY
    )
    return [
        CalendarEntry(
            uid=_uid(Kind.EVENT, event),
            kind=Kind.EVENT,
            title=_("%(event)s: %(name)s")
            % {"event": event.get_kind_display(), "name": _name(event.person)},
            date=event.date,
            url=event.person.get_absolute_url(),
            person=event.person.slug,
            description=event.description,
        )
        for event in events.select_related("person")
    ]


def action_entries(*, today: dt.date) -> list[CalendarEntry]:
    """Published actions and days of action: timed ones in their own time zone, those known to
    the day as all-day entries, and yearly ones (MM-DD). The one adapter to the actions app."""
    entries = []
    actions = Action.objects.public().select_related("group").prefetch_related("organisers")
    for action in actions:
        groups = [o.slug for o in action.organisers.all()]
        if action.group is not None and is_public(action.group):
            groups.insert(0, action.group.slug)
        entry = _dated_entry(action, today=today, groups=tuple(groups), cities=_cities([action]))
        if entry is not None:
            entries.append(entry)
    for day in DayOfAction.objects.public().prefetch_related("groups", "actions"):
        groups = tuple(group.slug for group in day.groups.all() if is_public(group))
        cities = _cities(a for a in day.actions.all() if is_public(a))
        entry = _dated_entry(day, today=today, groups=groups, cities=cities)
        if entry is not None:
            entries.append(entry)
    return entries


def _cities(actions: Iterable[Action]) -> dict[str, str]:
    """Each city of `actions` (its key) with its name in the active language, by key."""
    names = {action.city: action.city_display for action in actions if action.city}
    return dict(sorted(names.items()))


def action_entry(action: Action, *, today: dt.date) -> CalendarEntry | None:
    """One public action's entry (for a reminder of it), or None when it has no date to show."""
    return _dated_entry(action, today=today, groups=(), cities={})


def _dated_entry(
    record, *, today: dt.date, groups: tuple, cities: dict[str, str]
) -> CalendarEntry | None:
    common = {
        "uid": _uid(Kind.ACTION, record),
        "kind": Kind.ACTION,
        "title": record.title,
        "url": record.get_absolute_url(),
        "groups": groups,
        "cities": tuple(cities),
        "city_names": tuple(cities.values()),
        "description": record.description,
        "action": record.slug if isinstance(record, Action) else "",
    }
    starts_at = getattr(record, "starts_at", None)
    if starts_at is not None:
        zone = ZoneInfo(record.time_zone or settings.TIME_ZONE)
        starts_at = starts_at.astimezone(zone)
        ends_at = record.ends_at.astimezone(zone) if record.ends_at else None
        return CalendarEntry(date=starts_at.date(), starts_at=starts_at, ends_at=ends_at, **common)
    if record.starts_on and record.starts_on_precision == DatePrecision.DAY:
        end = record.ends_on if record.ends_on_precision == DatePrecision.DAY else None
        return CalendarEntry(date=record.starts_on, end=end, **common)
    if record.recurring_date:
        month, day = (int(part) for part in record.recurring_date.split("-"))
        return CalendarEntry(date=dt.date(today.year, month, day), yearly=True, **common)
    return None


def calendar_entries(
    *, today: dt.date, people: QuerySet[Person] | None = None, with_actions: bool = True
) -> list[CalendarEntry]:
    """Everything the calendar knows; `people` narrows the people's dates (one person's feed)."""
    people = public_people() if people is None else people
    entries: list[CalendarEntry] = [
        *birthday_entries(people),
        *anniversary_entries(people),
        *release_entries(people),
        *future_event_entries(people, today=today),
    ]
    if with_actions:
        entries += action_entries(today=today)
    return entries


def person_entries(person: Person, *, today: dt.date) -> list[CalendarEntry]:
    """One person's dates (their calendar file), read with every person of a batch
    (`core.batch`)."""
    return batch.per_record(
        "agenda.person_entries", person.pk, lambda ids: _entries_by_person(ids, today=today)
    )


def _entries_by_person(person_ids: Collection[int], *, today: dt.date) -> dict:
    people = public_people().filter(pk__in=list(person_ids))
    person_of_slug = dict(people.values_list("slug", "pk"))
    by_person: dict[int, list[CalendarEntry]] = {pk: [] for pk in person_ids}
    for entry in calendar_entries(today=today, people=people, with_actions=False):
        by_person[person_of_slug[entry.person]].append(entry)
    return by_person


def entries_between(
    entries: Iterable[CalendarEntry], first: dt.date, last: dt.date
) -> list[tuple[dt.date, CalendarEntry]]:
    """(day, entry) for each day in the period an entry falls on, in order."""
    found = [(day, entry) for entry in entries for day in entry.days_in(first, last)]
    return sorted(found, key=lambda pair: (pair[0], pair[1].kind, pair[1].title))
