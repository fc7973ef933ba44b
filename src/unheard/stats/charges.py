"""The dates from which charges count, from the public dated facts of public people (the policy
of `stats.record`): what `ChargeCounted` keeps, so that who was charged under an article on a
past date is one count.

A public charge counts in a prosecution: the public link of its public person to its public
case. The prosecution begins with the person's earliest public dated charge, event or verdict
in the case, else with the case's opening; the charge counts from the later of that beginning
and the day it was brought. A charge without a date counts from the prosecution's beginning; a
prosecution without one (an undated opening and no dated fact) counts in today's figures only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from unheard.registry import selectors
from unheard.registry.models import TimelineEvent

# (person, article, the date from which the charge counts or None: today only)
Counted = tuple[int, int, dt.date | None]


def dated_case_facts() -> list[tuple[QuerySet, str]]:
    """The published dated charges, events in a case and verdicts, each with its date's field."""
    return [
        (selectors.charges_public().filter(brought_on__isnull=False).order_by(), "brought_on"),
        (TimelineEvent.objects.public().filter(case__isnull=False).order_by(), "date"),
        (selectors.verdicts_public().order_by(), "date"),
    ]


def prosecution_starts(person_ids: Iterable[int] | None = None) -> dict:
    """(person, case) → the beginning of each public prosecution (of `person_ids`; of everyone
    when None): the person's earliest dated fact in the case, else its opening (None if undated)."""
    prosecutions = _of(selectors.prosecutions_public().order_by(), person_ids)
    starts = {
        (person_id, case_id): started
        for person_id, case_id, started in prosecutions.values_list(
            "person", "case", "case__started_on"
        )
    }
    earliest: dict[tuple[int, int], dt.date] = {}
    for facts, date_field in dated_case_facts():
        rows = _of(facts, person_ids).values_list("person", "case", date_field)
        for person_id, case_id, date in rows:
            key = (person_id, case_id)
            if key in starts:
                earliest[key] = min(date, earliest.get(key, date))
    return {key: earliest.get(key, started) for key, started in starts.items()}


def charges_counted(person_ids: Iterable[int] | None = None) -> set[Counted]:
    """(person, article, counted from) of the public charges of public people in their public
    prosecutions (of `person_ids`; of everyone when None); charges alike are one."""
    starts = prosecution_starts(person_ids)
    charges = _of(selectors.charges_public().order_by(), person_ids)
    counted = set()
    for person_id, case_id, article_id, brought_on in charges.values_list(
        "person", "case", "article", "brought_on"
    ):
        if (person_id, case_id) not in starts:
            continue  # no public link of the person to the case: not a prosecution
        start = starts[(person_id, case_id)]
        if start is not None and brought_on is not None:
            start = max(start, brought_on)
        counted.add((person_id, article_id, start))
    return counted


def _of(queryset: QuerySet, person_ids: Iterable[int] | None) -> QuerySet:
    return queryset if person_ids is None else queryset.filter(person__in=person_ids)
