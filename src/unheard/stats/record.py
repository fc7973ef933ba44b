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
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import cached_property
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Lag
from django.utils import timezone

from unheard.registry import selectors
from unheard.registry.models import CaseDefendant, Charge, Facility, Person, TimelineEvent, Verdict

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

    # A person's custody changes, in order of date (an opening before a closing on the same
    # day), make them held from the first opening after a closing (or after nothing) to the
    # next closing: each change adds 1 to the people held (a period of custody begins), takes 1
    # away (it ends) or changes nothing. Counted per date, these give the periods begun in each
    # year and the people held on any date (the sum of the changes up to it) from one query.

    @cached_property
    def custody_per_date(self) -> list[tuple[dt.date, int, int]]:
        """(date, periods of custody begun, change in the people held) of each date with a
        custody change on or before the record's date, in date order."""
        begun: Counter = Counter()
        held: Counter = Counter()
        for date, began, change in self._custody_counted() + self._custody_of_freed():
            begun[date] += began
            held[date] += change
        return [(date, begun[date], held[date]) for date in sorted(held)]

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

    def _custody_counted(self) -> list[tuple[dt.date, int, int]]:
        """`custody_per_date` of the people no verdict freed, counted by the database: each
        custody change less the one before it (1 for an opening, 0 for a closing)."""
        events = selectors.events_public(kinds=CUSTODY_OPENS + CUSTODY_ENDS).filter(
            date__lte=self.as_of
        )
        events = events.exclude(person__in=self._freeing_verdicts.values("person"))
        opens = Case(When(kind__in=CUSTODY_OPENS, then=Value(1)), default=Value(0))
        in_order = [F("date").asc(), (1 - opens).asc()]
        previous = Window(Lag(opens, default=Value(0)), partition_by=F("person"), order_by=in_order)
        changes = _untranslated(events).order_by().annotate(change=opens - previous)
        sql, params = changes.values("date", "change").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT "date", SUM(CASE WHEN "change" = 1 THEN 1 ELSE 0 END), SUM("change") '
                f'FROM ({sql}) AS changes WHERE "change" <> 0 GROUP BY "date"',
                params,
            )
            rows = cursor.fetchall()
        return [(_as_date(date), began, change) for date, began, change in rows]

    def _custody_of_freed(self) -> list[tuple[dt.date, int, int]]:
        """`custody_per_date` of the people a verdict freed, from their changes in Python."""
        per_date = []
        for changes in self._custody_changes_of_freed.values():
            inside = False
            for date, _order, opens in changes:
                per_date.append((date, int(opens and not inside), int(opens) - int(inside)))
                inside = opens
        return per_date

    @cached_property
    def _custody_changes_of_freed(self) -> dict[int, list[tuple[dt.date, int, bool]]]:
        """Per person freed by a verdict, (date, order, opens) of each custody change on or
        before the date, in that order; the verdict is a closing change."""
        changes = defaultdict(list)
        events = selectors.events_public(kinds=CUSTODY_OPENS + CUSTODY_ENDS).filter(
            date__lte=self.as_of, person__in=self._freeing_verdicts.values("person")
        )
        for person_id, kind, date in events.values_list("person", "kind", "date"):
            opens = kind in CUSTODY_OPENS
            changes[person_id].append((date, 0 if opens else 1, opens))
        for person_id, date in self._freeing_verdicts.values_list("person", "date"):
            changes[person_id].append((date, 1, False))
        return {person_id: sorted(person_changes) for person_id, person_changes in changes.items()}

    @property
    def _freeing_verdicts(self) -> QuerySet[Verdict]:
        """Verdicts on or before the date whose punishment leaves the person free."""
        verdicts = selectors.verdicts_public().filter(date__lte=self.as_of)
        return verdicts.exclude(punishment__in=CUSTODIAL_PUNISHMENTS).order_by()

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
    # else with the case's opening. The prosecutions and charges of people with no such dated
    # fact (at 100,000 people nearly all) are counted by the database from their cases' opening;
    # those of the others are read into Python (at 100,000 on SQLite, cold: 0.2-0.4 s of CPU
    # instead of 0.65-0.87 s; see bench/RESULTS.md, branch asof2).

    def prosecution_counts(self) -> tuple[int, int]:
        """(people prosecuted, prosecutions) on the date; a person counts once."""
        counted = self._prosecutions_counted.aggregate(
            people=Count("person", distinct=True), prosecutions=Count("pk")
        )
        read = self._prosecutions_read
        people_read = {person_id for person_id, _case in read}
        return counted["people"] + len(people_read), counted["prosecutions"] + len(read)

    def people_charged(self, *, by: str) -> Counter:
        """People charged on the date, counted once per value of `by` ("article" or
        "article__category"): charges brought on or before the date, or without a date, in
        the prosecutions on the date."""
        read = selectors.charges_public().filter(_dated_case_facts_of_person()).order_by()
        pairs = {
            (person_id, value)
            for person_id, case_id, value, brought_on in read.values_list(
                "person", "case", by, "brought_on"
            )
            if (person_id, case_id) in self._prosecutions_read
            and (brought_on is None or self.dated(brought_on))
        }
        people = Counter(value for _person, value in pairs)
        counted = (
            selectors.charges_public()
            .exclude(_dated_case_facts_of_person())
            .filter(self._case_opened, Exists(_defendant_link))
            .order_by()
            .values(by)
            .annotate(people=Count("person", distinct=True))
        )
        with _hash_joins():
            for row in counted:
                people[row[by]] += row["people"]
        return people

    @property
    def _case_opened(self) -> Q:
        """Cases opened on or before the date (today also those whose opening is not dated)."""
        opened = Q(case__started_on__lte=self.as_of)
        return opened | Q(case__started_on__isnull=True) if self.is_today else opened

    @cached_property
    def _prosecutions_counted(self) -> QuerySet[CaseDefendant]:
        """The prosecutions on the date of people with no dated fact in any case."""
        prosecutions = selectors.prosecutions_public().exclude(_dated_case_facts_of_person())
        return prosecutions.filter(self._case_opened).order_by()

    @cached_property
    def _prosecutions_read(self) -> dict[tuple[int, int], dt.date | None]:
        """(person, case) → start of the prosecutions on the date of people with a dated fact in
        a case: the person's earliest dated charge, event or verdict in it, else its opening."""
        prosecutions = selectors.prosecutions_public().filter(_dated_case_facts_of_person())
        opened = {
            (person_id, case_id): started
            for person_id, case_id, started in prosecutions.values_list(
                "person", "case", "case__started_on"
            )
        }
        earliest: dict[tuple[int, int], dt.date] = {}
        for facts, date_field in _dated_case_facts():
            facts = facts.filter(_dated_case_facts_of_person())
            for person_id, case_id, date in facts.values_list("person", "case", date_field):
                key = (person_id, case_id)
                if key in opened:
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

    def held_by_case_region(self) -> Counter:
        """People held on the date, counted once per region of investigation of the cases they
        are prosecuted in on the date; under `None`, those with no such case with a region.
        The people held are read once and matched in Python: filtering each query by them
        repeats the search for who was held on a past date."""
        held = set(_untranslated(self.held_people).values_list("pk", flat=True))
        counted = self._prosecutions_counted.filter(case__region__isnull=False)
        pairs = {pair for pair in counted.values_list("person", "case__region") if pair[0] in held}
        case_regions = dict(
            selectors.prosecutions_public()
            .filter(_dated_case_facts_of_person(), case__region__isnull=False)
            .values_list("case", "case__region")
        )
        pairs |= {
            (person, case_regions[case])
            for person, case in self._prosecutions_read
            if person in held and case in case_regions
        }
        regions = Counter(region for _person, region in pairs)
        regions[None] = len(held) - len({person for person, _region in pairs})
        return regions


# A defendant link is public when its person and case are (its visibility policy), as those of
# the public charges it is matched with already are.
_defendant_link = CaseDefendant.objects.filter(case=OuterRef("case"), person=OuterRef("person"))


@contextmanager
def _hash_joins():
    """PostgreSQL's planner takes the join of every charge with its defendant link, on two
    columns (person and case), for a handful of rows and then looks people and cases up one by
    one: at 100,000 people 0.6-0.9 s of the server's CPU against 0.4 s when told, for this one
    query, to hash and to sort in memory. Reset afterwards, whatever transaction is open."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute("SET LOCAL work_mem = '32MB'")
        try:
            yield
        finally:
            cursor.execute("RESET enable_nestloop")
            cursor.execute("RESET work_mem")


def _dated_case_facts() -> list[tuple[QuerySet, str]]:
    """The published dated charges, events in a case and verdicts, each with its date's field."""
    return [
        (selectors.charges_public().filter(brought_on__isnull=False).order_by(), "brought_on"),
        (
            TimelineEvent.objects.public().filter(case__isnull=False).order_by(),
            "date",
        ),
        (selectors.verdicts_public().order_by(), "date"),
    ]


def _dated_case_facts_of_person() -> Q:
    """Rows whose person has a dated charge, event in a case or verdict, published or not: a
    set of people wider than the published facts' is as exact (their prosecutions are counted
    from their published facts only) and the database finds it from three small indexed reads."""
    dated = (Charge.objects.filter(brought_on__isnull=False).order_by().values("person")).union(
        TimelineEvent.objects.filter(case__isnull=False).order_by().values("person"),
        Verdict.objects.order_by().values("person"),
    )
    return Q(person__in=dated)


def _as_date(value: dt.date | str) -> dt.date:
    """A date as a raw query returns it: a date on PostgreSQL, ISO text on SQLite."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
