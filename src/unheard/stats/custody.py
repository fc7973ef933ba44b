"""Periods of custody, from the public dated facts of public people (the policy of
`stats.record`): what `CustodyPeriod` keeps, so that who was held on a past date is a range.

A person's custody changes, in order of date (an opening before a closing on the same day),
make them held from an opening after a closing (or after nothing) to the next closing. A
detention or a custody order opens; a release, a move to house arrest or restrictions, a death,
or a verdict whose punishment leaves the person free closes (as
`registry.selectors.days_held_before` reads them). A period opened and closed on the same day
leaves the person free at the end of it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from unheard.registry import selectors
from unheard.registry.models import TimelineEvent

Kind = TimelineEvent.Kind
CUSTODY_OPENS = TimelineEvent.CUSTODIAL_KINDS
CUSTODY_ENDS = (Kind.RELEASE, Kind.HOUSE_ARREST, Kind.RESTRICTIONS, Kind.DEATH)

# (date, 0 for an opening and 1 for a closing, opens): sorted, an opening comes first on its day.
Change = tuple[dt.date, int, bool]
Period = tuple[dt.date, dt.date | None]


def custody_periods(changes: Iterable[Change]) -> list[Period]:
    """(began, ended) of each period of custody the changes make; ended is None while it lasts."""
    periods: list[Period] = []
    began = None
    for date, _order, opens in sorted(changes):
        if opens and began is None:
            began = date
        elif not opens and began is not None:
            periods.append((began, date))
            began = None
    if began is not None:
        periods.append((began, None))
    return periods


def custody_changes(person_ids: Iterable[int] | None = None) -> dict[int, list[Change]]:
    """Per public person (of `person_ids`; of everyone when None), their public custody
    changes: custody events and verdicts that left them free."""
    events = selectors.events_public(kinds=CUSTODY_OPENS + CUSTODY_ENDS).order_by()
    verdicts = (
        selectors.verdicts_public()
        .exclude(punishment__in=selectors.CUSTODIAL_PUNISHMENTS)
        .order_by()
    )
    if person_ids is not None:
        events, verdicts = (
            events.filter(person__in=person_ids),
            verdicts.filter(person__in=person_ids),
        )
    changes = defaultdict(list)
    for person_id, kind, date in events.rewrite(False).values_list("person", "kind", "date"):
        opens = kind in CUSTODY_OPENS
        changes[person_id].append((date, 0 if opens else 1, opens))
    for person_id, date in verdicts.rewrite(False).values_list("person", "date"):
        changes[person_id].append((date, 1, False))
    return changes
