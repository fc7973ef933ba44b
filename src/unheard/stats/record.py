"""The public record as it stood on a date: who was held, where, since when, under which verdict.

Policy (every figure of the statistics section reads the record through this class):

- Only published facts of published, non-synthetic people count (the registry's selectors);
  nothing is typed in and nothing counted by another organisation is added.
- Today's figures describe the record as it stands: a person is held now when their current
  status is one of detention (`Person.HELD_STATUSES`), the home page's count, and is held at
  their current facility when it is published.
- On a past date only dated facts count. A period of custody begins with a detention or a custody
  order and ends with a release, a move to house arrest or restrictions, a death, or a verdict
  whose punishment leaves the person free (as `registry.selectors.days_held_before` reads them);
  when a custody begins and ends on the same day, the person is free at the end of it. A person
  was held on the date when the last such change on or before it began custody. Their status then
  follows the latest verdict on or before the date that was not overturned: imprisonment means
  serving a sentence, forced labour or compulsory treatment theirs; otherwise pre-trial detention.
  Their place is the facility of their latest dated event on or before it that names one.
- A date known only to the month, season or year counts from the first day of that period, as the
  registry stores it. A fact without a date counts in today's figures only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from functools import cached_property
from typing import NamedTuple

from django.db.models import Case, Exists, F, Max, OuterRef, Q, QuerySet, When
from django.utils import timezone

from unheard.registry import selectors
from unheard.registry.models import Facility, Person, TimelineEvent, Verdict

Kind = TimelineEvent.Kind
Punishment = Verdict.Punishment
CUSTODY_OPENS = (Kind.DETENTION, Kind.CUSTODY)
CUSTODY_ENDS = (Kind.RELEASE, Kind.HOUSE_ARREST, Kind.RESTRICTIONS, Kind.DEATH)
CUSTODIAL_PUNISHMENTS = ("", Punishment.IMPRISONMENT, Punishment.FORCED_LABOUR)
NOT_COUNTED = (Verdict.AppealOutcome.OVERTURNED, Verdict.AppealOutcome.RETRIAL)
STATUS_BY_PUNISHMENT = {
    Punishment.IMPRISONMENT: Person.Status.SERVING,
    Punishment.FORCED_LABOUR: Person.Status.FORCED_LABOUR,
    Punishment.COMPULSORY_TREATMENT: Person.Status.PSYCHIATRIC,
}


def _untranslated(queryset: QuerySet) -> QuerySet:
    """The query read without modeltranslation's per-row fallbacks: for reading many rows of
    columns that are not translated (ids, kinds, dates)."""
    return queryset.rewrite(False)


class Held(NamedTuple):
    """A person held on the date: their status then and the published facility holding them."""

    person_id: int
    status: str
    facility_id: int | None


class RecordOnDate:
    def __init__(self, as_of: dt.date | None = None) -> None:
        self.today = timezone.localdate()
        self.as_of = as_of or self.today
        self.is_today = self.as_of >= self.today

    def dated(self, value: dt.date | None) -> bool:
        """Whether a fact of this date belongs to the record on the date."""
        return (value is None and self.is_today) or (value is not None and value <= self.as_of)

    # Custody ---------------------------------------------------------------------------------

    @cached_property
    def held(self) -> dict[int, Held]:
        if self.is_today:
            people = selectors.people_held().values_list(
                "pk", "status", "current_facility", "current_facility__publication_state"
            )
            return {
                pk: Held(pk, status, facility if state == "published" else None)
                for pk, status, facility, state in people
            }
        statuses = {pk: self._status_on(pk) for pk in self._verdicts_by_person}
        pre_trial, facilities = Person.Status.PRE_TRIAL, self._facilities
        return {
            pk: Held(pk, statuses.get(pk, pre_trial), facilities.get(pk))
            for pk in self._held_on_date
        }

    @cached_property
    def held_people(self) -> QuerySet[Person]:
        """The people held on the date, as a query for the database to count from."""
        if self.is_today:
            return selectors.people_held().order_by()
        return selectors.published_people().order_by().filter(pk__in=self._held_ids)

    @property
    def _held_on_date(self) -> list[int]:
        return list(_untranslated(self._held_ids).values_list("person", flat=True))

    @property
    def _held_ids(self) -> QuerySet[TimelineEvent]:
        """The people whose last custody change on or before the date began custody, as
        `_custody_changes` orders them: their latest opening event is later than their latest
        closing one (a closing change on the day of an opening one comes after it), and no
        verdict on or before the date left them free with no opening event after it."""
        custody_changes = selectors.events_public(kinds=CUSTODY_OPENS + CUSTODY_ENDS).filter(
            date__lte=self.as_of
        )
        custody_after = custody_changes.filter(
            kind__in=CUSTODY_OPENS, person=OuterRef("person"), date__gt=OuterRef("date")
        )
        freed = (
            selectors.verdicts_public()
            .filter(date__lte=self.as_of)
            .exclude(punishment__in=CUSTODIAL_PUNISHMENTS)
            .exclude(Exists(custody_after))
        )
        return (
            custody_changes.exclude(person__in=freed.values("person"))
            .order_by()
            .values("person")
            .annotate(
                opened=Max("date", filter=Q(kind__in=CUSTODY_OPENS)),
                closed=Max("date", filter=Q(kind__in=CUSTODY_ENDS)),
            )
            .filter(Q(opened__isnull=False), Q(closed__isnull=True) | Q(opened__gt=F("closed")))
            .values("person")
        )

    @cached_property
    def custody_starts(self) -> list[dt.date]:
        """The first day of each period of custody, on or before the date."""
        starts = []
        for changes in self._custody_changes.values():
            inside = False
            for date, _order, opens in changes:
                if opens and not inside:
                    starts.append(date)
                inside = opens
        return starts

    @property
    def first_custody(self) -> dt.date | None:
        """The first day of the earliest period of custody on or before the date."""
        return min(self.custody_starts, default=None)

    def held_on_each(self, dates: list[dt.date]) -> dict[dt.date, int]:
        """How many people were held on each of `dates` (on or before the record's date), by the
        rule of a past date: the last custody change on or before it began custody."""
        counts = dict.fromkeys(dates, 0)
        for changes in self._custody_changes.values():
            for date in dates:
                before = bisect_right(changes, (date, 2, True))
                if before and changes[before - 1][2]:
                    counts[date] += 1
        return counts

    @cached_property
    def _custody_changes(self) -> dict[int, list[tuple[dt.date, int, bool]]]:
        """Per person, (date, order, opens) of each custody change on or before the date, in
        that order (the database orders the events; a person freed by a verdict is sorted)."""
        changes = defaultdict(list)
        events = selectors.events_public(kinds=CUSTODY_OPENS + CUSTODY_ENDS).filter(
            date__lte=self.as_of
        )
        closes = Case(When(kind__in=CUSTODY_OPENS, then=0), default=1)
        rows = _untranslated(events).order_by("person", "date", closes)
        for person_id, kind, date in rows.values_list("person", "kind", "date"):
            opens = kind in CUSTODY_OPENS
            changes[person_id].append((date, 0 if opens else 1, opens))
        freed = set()
        for verdict in self._verdicts:
            if verdict.punishment not in CUSTODIAL_PUNISHMENTS:
                changes[verdict.person_id].append((verdict.date, 1, False))
                freed.add(verdict.person_id)
        for person_id in freed:
            changes[person_id].sort()
        return dict(changes)

    @cached_property
    def _verdicts(self) -> list[Verdict]:
        return list(selectors.verdicts_public().filter(date__lte=self.as_of).order_by("date", "id"))

    @cached_property
    def _verdicts_by_person(self) -> dict[int, list[Verdict]]:
        by_person = defaultdict(list)
        for verdict in self._verdicts:
            if verdict.punishment:
                by_person[verdict.person_id].append(verdict)
        return by_person

    def _status_on(self, person_id: int) -> str:
        verdicts = self._verdicts_by_person.get(person_id)
        if not verdicts or verdicts[-1].appeal_outcome in NOT_COUNTED:
            return Person.Status.PRE_TRIAL
        return STATUS_BY_PUNISHMENT.get(verdicts[-1].punishment, Person.Status.PRE_TRIAL)

    @cached_property
    def _facilities(self) -> dict[int, int]:
        events = (
            selectors.events_public(kinds=Kind.values)
            .filter(date__lte=self.as_of, facility__in=Facility.objects.public())
            .order_by("date", "id")
        )
        return dict(events.values_list("person", "facility"))

    # Prosecutions and verdicts ---------------------------------------------------------------

    @cached_property
    def charges(self) -> list[tuple[int, int, int, dt.date | None]]:
        """(person, case, article, date brought) of every published charge, dated or not, read
        once for the prosecutions and the figures of charges."""
        rows = selectors.charges_public().order_by()
        return list(rows.values_list("person", "case", "article", "brought_on"))

    @cached_property
    def prosecutions(self) -> dict[tuple[int, int], dt.date | None]:
        """(person, case) of each prosecution in the record on the date, with when it began: the
        person's earliest dated charge, event or verdict in the case, else the case's opening."""
        opened = dict(
            ((person_id, case_id), started)
            for person_id, case_id, started in selectors.prosecutions_public().values_list(
                "person", "case", "case__started_on"
            )
        )
        facts = [
            [(person_id, case_id, date) for person_id, case_id, _article, date in self.charges],
            selectors.events_public(kinds=Kind.values)
            .filter(case__isnull=False)
            .values_list("person", "case", "date"),
            selectors.verdicts_public().values_list("person", "case", "date"),
        ]
        earliest: dict[tuple[int, int], dt.date] = {}
        for rows in facts:
            for person_id, case_id, date in rows:
                key = (person_id, case_id)
                if key in opened and date is not None:
                    earliest[key] = min(date, earliest.get(key, date))
        starts = {key: earliest.get(key, started) for key, started in opened.items()}
        return {key: start for key, start in starts.items() if self.dated(start)}

    @cached_property
    def verdicts_in_force(self) -> list[Verdict]:
        """For each person in each case, the latest verdict with a punishment on or before the
        date, unless it was overturned or sent for retrial."""
        latest: dict[tuple[int, int], Verdict] = {}
        for verdict in self._verdicts:
            if verdict.punishment:
                latest[(verdict.person_id, verdict.case_id)] = verdict
        return [v for v in latest.values() if v.appeal_outcome not in NOT_COUNTED]
