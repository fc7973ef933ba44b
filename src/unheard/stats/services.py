"""Writes of the statistics: the figures counted by others (validated, versioned and audited in
one transaction) and what is kept from the registry: the periods of custody
(`custody_periods_rebuild`) and the dates from which charges count (`charges_counted_rebuild`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.services import editable_fields, model_create, model_update, revision
from unheard.stats.charges import charges_counted
from unheard.stats.custody import custody_changes, custody_periods
from unheard.stats.models import ChargeCounted, CustodyPeriod, ExternalFigure


@transaction.atomic
def external_figure_create(*, data: Mapping[str, Any], acting_user) -> ExternalFigure:
    fields = editable_fields(ExternalFigure)
    with revision(acting_user=acting_user, comment=_("Created")):
        figure = model_create(model=ExternalFigure, fields=fields, data=data)
    summary = creation_summary(figure, [name for name in fields if name in data])
    audit_log(
        acting_user=acting_user, action="external_figure_create", record=figure, summary=summary
    )
    return figure


@transaction.atomic
def external_figure_update(
    *, figure: ExternalFigure, data: Mapping[str, Any], acting_user
) -> ExternalFigure:
    with revision(acting_user=acting_user, comment=_("Changed")):
        figure, changes = model_update(
            instance=figure, fields=editable_fields(ExternalFigure), data=data
        )
    if changes:
        audit_log(
            acting_user=acting_user,
            action="external_figure_update",
            record=figure,
            summary=change_summary(figure, changes),
        )
    return figure


PEOPLE_PER_QUERY = 900


@transaction.atomic
def custody_periods_rebuild(*, person_ids: Iterable[int] | None = None) -> int:
    """Recompute the periods of custody of these people (of everyone when None) from the public
    record, replacing the ones kept; returns how many periods were written. Upkeep of derived
    data, not an editor's act: no audit row."""
    if person_ids is None:
        return _custody_periods_replace(CustodyPeriod.objects.all(), custody_changes())
    ids = sorted(set(person_ids))
    written = 0
    for start in range(0, len(ids), PEOPLE_PER_QUERY):
        chunk = ids[start : start + PEOPLE_PER_QUERY]
        kept = CustodyPeriod.objects.filter(person__in=chunk)
        written += _custody_periods_replace(kept, custody_changes(chunk))
    return written


def _custody_periods_replace(kept: QuerySet[CustodyPeriod], changes: dict) -> int:
    # A derived table: rows are replaced without the signals and collector a delete sends.
    kept._raw_delete(kept.db)
    periods = [
        CustodyPeriod(person_id=person_id, began=began, ended=ended)
        for person_id, person_changes in changes.items()
        for began, ended in custody_periods(person_changes)
    ]
    CustodyPeriod.objects.bulk_create(periods, batch_size=2000)
    return len(periods)


@transaction.atomic
def charges_counted_rebuild(*, person_ids: Iterable[int] | None = None) -> int:
    """Recompute the dates from which the charges of these people (of everyone when None) count,
    from the public record, replacing the rows kept; returns how many rows were written. Upkeep
    of derived data, not an editor's act: no audit row."""
    if person_ids is None:
        return _charges_counted_replace(ChargeCounted.objects.all(), charges_counted())
    ids = sorted(set(person_ids))
    written = 0
    for start in range(0, len(ids), PEOPLE_PER_QUERY):
        chunk = ids[start : start + PEOPLE_PER_QUERY]
        kept = ChargeCounted.objects.filter(person__in=chunk)
        written += _charges_counted_replace(kept, charges_counted(chunk))
    return written


def _charges_counted_replace(kept: QuerySet[ChargeCounted], counted: set) -> int:
    kept._raw_delete(kept.db)
    rows = [
        ChargeCounted(person_id=person_id, article_id=article_id, counted_from=counted_from)
        for person_id, article_id, counted_from in counted
    ]
    ChargeCounted.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
