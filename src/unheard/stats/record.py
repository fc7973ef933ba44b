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
  was held on the date when the last such change on or before it began custody: when one of
  their periods of custody (`stats.custody`, kept in `CustodyPeriod`) began on or before the
  date and had not ended by it. Their status then
  follows the latest verdict on or before the date that was not overturned: imprisonment means
  serving a sentence, forced labour or compulsory treatment theirs; otherwise pre-trial detention.
  Their place is the facility of their latest dated event on or before it that names one.
- A date known only to the month, season or year counts from the first day of that period, as the
  registry stores it. A fact without a date counts in today's figures only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, QuerySet
from django.utils import timezone

from unheard.registry import selectors
from unheard.registry.models import Facility, Person, TimelineEvent, Verdict
from unheard.stats.models import ChargeCounted, CustodyPeriod, ProsecutionCounted
from unheard.stats.services import kept_rows_rewrite

Kind = TimelineEvent.Kind
Punishment = Verdict.Punishment
NOT_COUNTED = (Verdict.AppealOutcome.OVERTURNED, Verdict.AppealOutcome.RETRIAL)
STATUS_BY_PUNISHMENT = {
    Punishment.IMPRISONMENT: Person.Status.SERVING,
    Punishment.FORCED_LABOUR: Person.Status.FORCED_LABOUR,
    Punishment.COMPULSORY_TREATMENT: Person.Status.PSYCHIATRIC,
}


class Held(NamedTuple):
    """How a person was held on the date: their status then and the published facility holding
    them."""

    status: str
    facility_id: int | None


class RecordOnDate:
    def __init__(self, as_of: dt.date | None = None) -> None:
        self.today = timezone.localdate()
        self.as_of = as_of or self.today
        self.is_today = self.as_of >= self.today
        kept_rows_rewrite()  # what the open transaction changed, before it is read

    # Custody ---------------------------------------------------------------------------------

    @cached_property
    def held(self) -> dict[int, Held]:
        if self.is_today:
            people = selectors.people_held().values_list(
                "pk", "status", "current_facility", "current_facility__publication_state"
            )
            return {
                pk: Held(status, facility if state == "published" else None)
                for pk, status, facility, state in people
            }
        # Most people held on a past date have no verdict and no facility by then: they share one.
        pre_trial = Person.Status.PRE_TRIAL
        held = dict.fromkeys(self._held_on_date, Held(pre_trial, None))
        statuses = {pk: self._status_on(pk) for pk in self._verdicts_by_person}
        facilities = self._facilities
        for pk in held.keys() & (statuses.keys() | facilities.keys()):
            held[pk] = Held(statuses.get(pk, pre_trial), facilities.get(pk))
        return held

    @cached_property
    def held_people(self) -> QuerySet[Person]:
        """The people held on the date, as a query for the database to count from."""
        if self.is_today:
            return selectors.people_held().order_by()
        return (
            selectors.published_people()
            .order_by()
            .filter(pk__in=self._periods_held.values("person"))
        )

    @property
    def _held_on_date(self) -> list[int]:
        return list(self._periods_held.values_list("person", flat=True))

    @property
    def _periods_held(self) -> QuerySet[CustodyPeriod]:
        """The periods of custody that held a person on the date (at most one per person)."""
        return CustodyPeriod.objects.public().held_on(self.as_of).order_by()

    # Each period of custody adds 1 to the people held on the day it began and takes 1 away on
    # the day it ended: counted per date, these give the periods begun in each year and the
    # people held on any date (the sum of the changes up to it).

    @cached_property
    def custody_per_date(self) -> list[tuple[dt.date, int, int]]:
        """(date, periods of custody begun, change in the people held) of each date on or before
        the record's date on which a period began or ended, in date order."""
        periods = CustodyPeriod.objects.public().filter(began__lte=self.as_of).order_by()
        begun = Counter(dict(periods.values_list("began").annotate(Count("pk"))))
        ended = Counter(
            dict(periods.filter(ended__lte=self.as_of).values_list("ended").annotate(Count("pk")))
        )
        dates = sorted(set(begun) | set(ended))
        return [(date, begun[date], begun[date] - ended[date]) for date in dates]

    @property
    def first_custody(self) -> dt.date | None:
        """The first day of the earliest period of custody on or before the date."""
        return next((date for date, began, _held in self.custody_per_date if began), None)

    def held_on_each(self, dates: list[dt.date]) -> dict[dt.date, int]:
        """How many people were held on each of `dates` (on or before the record's date), by the
        rule of a past date: the last custody change on or before it began custody."""
        changes = self.custody_per_date
        counts = {}
        for date in dates:
            before = bisect_right(changes, date, key=lambda change: change[0])
            counts[date] = sum(held for _date, _began, held in changes[:before])
        return counts

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

    # Prosecutions and charges ---------------------------------------------------------------
    #
    # A prosecution begins with the person's earliest dated charge, event or verdict in the case,
    # else with the case's opening; a charge counts from the later of that beginning and the day
    # it was brought. Both dates are kept (`stats.charges`; `ProsecutionCounted`,
    # `ChargeCounted`), so that the record on any date is one indexed read.

    def prosecution_counts(self) -> tuple[int, int]:
        """(people prosecuted, prosecutions) on the date; a person counts once."""
        counted = self._prosecutions.aggregate(
            people=Count("person", distinct=True), prosecutions=Count("pk")
        )
        return counted["people"], counted["prosecutions"]

    def people_charged(self, *, by: str) -> Counter:
        """People charged on the date, counted once per value of `by` ("article" or
        "article__category"): charges brought on or before the date, or without a date, in
        the prosecutions on the date, each from the date it counts from (`ChargeCounted`)."""
        counted = ChargeCounted.objects.public().counted_on(self.as_of, is_today=self.is_today)
        people = counted.order_by().values(by).annotate(people=Count("person", distinct=True))
        return Counter({row[by]: row["people"] for row in people})

    @property
    def _prosecutions(self) -> QuerySet[ProsecutionCounted]:
        counted = ProsecutionCounted.objects.public()
        return counted.counted_on(self.as_of, is_today=self.is_today).order_by()

    @cached_property
    def verdicts_in_force(self) -> list[Verdict]:
        """For each person in each case, the latest verdict with a punishment on or before the
        date, unless it was overturned or sent for retrial."""
        latest: dict[tuple[int, int], Verdict] = {}
        for verdict in self._verdicts:
            if verdict.punishment:
                latest[(verdict.person_id, verdict.case_id)] = verdict
        return [v for v in latest.values() if v.appeal_outcome not in NOT_COUNTED]

    def held_by_case_region(self) -> Counter:
        """People held on the date, counted once per region of investigation of the cases they
        are prosecuted in on the date; under `None`, those with no such case with a region."""
        if self.is_today:
            held = self.held_people.values("pk")
        else:
            held = self._periods_held.values("person")  # at most one period per person
        prosecuted = self._prosecutions.filter(person__in=held, case__region__isnull=False)
        rows = prosecuted.values_list("case__region").annotate(Count("person", distinct=True))
        regions = Counter(dict(rows))
        with_region = prosecuted.aggregate(people=Count("person", distinct=True))["people"]
        regions[None] = held.count() - with_region
        return regions
