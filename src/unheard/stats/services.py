"""Writes of the statistics: the figures counted by others (validated, versioned and audited in
one transaction) and what is kept from the registry: the periods of custody
(`custody_periods_rebuild`) and the dates from which charges and prosecutions count
(`charges_counted_rebuild`, `prosecutions_counted_rebuild`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.services import editable_fields, model_create, model_update, revision
from unheard.stats.charges import charges_counted, prosecution_starts
from unheard.stats.custody import custody_changes, custody_periods
from unheard.stats.models import ChargeCounted, CustodyPeriod, ExternalFigure, ProsecutionCounted


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

# Per thread (as a connection is): the people whose periods of custody, and whose charges and
# prosecutions counted, the open transaction changed and that are not rewritten yet.
_changed = threading.local()


def kept_rows_changed(*, person_ids: Iterable[int], custody: bool, prosecutions: bool) -> None:
    """Mark the kept rows of these people as changed: their periods of custody (`custody`), their
    charges and prosecutions counted (`prosecutions`). Each person is rewritten once, when the
    transaction commits (at once outside a transaction), or earlier when the statistics read the
    record in it (`kept_rows_rewrite`): a service that saves ten facts rewrites them once."""
    custody_people, prosecution_people = _people_changed()
    if custody:
        custody_people.update(person_ids)
    if prosecutions:
        prosecution_people.update(person_ids)
    # Once per change, not per transaction: a callback added in a savepoint rolled back is lost.
    transaction.on_commit(kept_rows_rewrite)


def kept_rows_rewrite() -> None:
    """Rewrite the kept rows of the people marked changed (`kept_rows_changed`), if any. Marks
    left by a transaction rolled back only rewrite those people again from the record: the same
    rows."""
    custody_people, prosecution_people = _people_changed()
    _changed.people = (set(), set())
    if custody_people:
        custody_periods_rebuild(person_ids=custody_people)
    if prosecution_people:
        charges_counted_rebuild(person_ids=prosecution_people)
        prosecutions_counted_rebuild(person_ids=prosecution_people)


def _people_changed() -> tuple[set[int], set[int]]:
    if not hasattr(_changed, "people"):
        _changed.people = (set(), set())
    return _changed.people


@transaction.atomic
def custody_periods_rebuild(*, person_ids: Iterable[int] | None = None) -> int:
    """Recompute the periods of custody of these people (of everyone when None) from the public
    record, replacing the ones kept; returns how many periods were written. Upkeep of derived
    data, not an editor's act: no audit row."""
    return _kept_rows_rebuild(CustodyPeriod, _custody_periods, person_ids)


@transaction.atomic
def charges_counted_rebuild(*, person_ids: Iterable[int] | None = None) -> int:
    """Recompute the dates from which the charges of these people (of everyone when None) count,
    from the public record, replacing the rows kept; returns how many rows were written. Upkeep
    of derived data, not an editor's act: no audit row."""
    return _kept_rows_rebuild(ChargeCounted, _charges_counted, person_ids)


@transaction.atomic
def prosecutions_counted_rebuild(*, person_ids: Iterable[int] | None = None) -> int:
    """Recompute the dates from which the prosecutions of these people (of everyone when None)
    count, from the public record, replacing the rows kept; returns how many rows were written.
    Upkeep of derived data, not an editor's act: no audit row."""
    return _kept_rows_rebuild(ProsecutionCounted, _prosecutions_counted, person_ids)


def _custody_periods(person_ids: list[int] | None) -> list[CustodyPeriod]:
    return [
        CustodyPeriod(person_id=person_id, began=began, ended=ended)
        for person_id, person_changes in custody_changes(person_ids).items()
        for began, ended in custody_periods(person_changes)
    ]


def _charges_counted(person_ids: list[int] | None) -> list[ChargeCounted]:
    return [
        ChargeCounted(person_id=person_id, article_id=article_id, counted_from=counted_from)
        for person_id, article_id, counted_from in charges_counted(person_ids)
    ]


def _prosecutions_counted(person_ids: list[int] | None) -> list[ProsecutionCounted]:
    return [
        ProsecutionCounted(person_id=person_id, case_id=case_id, counted_from=counted_from)
        for (person_id, case_id), counted_from in prosecution_starts(person_ids).items()
    ]


def _kept_rows_rebuild(
    model: type[Model],
    rows_of: Callable[[list[int] | None], list[Model]],
    person_ids: Iterable[int] | None,
) -> int:
    """Replace the rows of `model` kept for these people (everyone's when None) by `rows_of`
    them, reading the registry for at most PEOPLE_PER_QUERY people at a time."""
    if person_ids is None:
        return _kept_rows_replace(model.objects.all(), rows_of(None))
    ids = sorted(set(person_ids))
    written = 0
    for start in range(0, len(ids), PEOPLE_PER_QUERY):
        chunk = ids[start : start + PEOPLE_PER_QUERY]
        written += _kept_rows_replace(model.objects.filter(person__in=chunk), rows_of(chunk))
    return written


def _kept_rows_replace(kept: QuerySet, rows: list[Model]) -> int:
    # A derived table: rows are replaced without the signals and collector a delete sends.
    kept._raw_delete(kept.db)
    kept.model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
