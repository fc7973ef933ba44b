"""Building blocks of every app's write services (after HackSoft's `common/services.py`).

A service validates with `full_clean()`, saves, makes a revision in the history and writes its
audit row (`unheard.core.audit`), all in the caller's one transaction:

    @transaction.atomic
    def facility_update(*, facility: Facility, data: Mapping[str, Any], acting_user) -> Facility:
        with revision(acting_user=acting_user, comment="…"):
            facility, changes = model_update(instance=facility, fields=FACILITY_FIELDS, data=data)
        audit_log(acting_user=acting_user, action="facility_update", record=facility,
                  summary=change_summary(facility, changes))
        return facility
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

import reversion
from django.db import models

M = TypeVar("M", bound=models.Model)


@contextmanager
def revision(*, acting_user, comment: str) -> Iterator[None]:
    """One revision in the history (django-reversion) for what is saved inside the block."""
    with reversion.create_revision():
        if getattr(acting_user, "is_authenticated", False):
            reversion.set_user(acting_user)
        reversion.set_comment(str(comment))
        yield


def _split(model: type[models.Model], fields: Iterable[str], data: Mapping[str, Any]):
    plain, many = {}, {}
    for name in fields:
        if name not in data:
            continue
        field = model._meta.get_field(name)
        (many if field.many_to_many else plain)[name] = data[name]
    return plain, many


def model_create(*, model: type[M], fields: Iterable[str], data: Mapping[str, Any]) -> M:
    """Create a record from the `fields` of `data`; validate it, save it, then its many-to-many."""
    plain, many = _split(model, fields, data)
    instance = model(**plain)
    instance.full_clean()
    instance.save()
    for name, value in many.items():
        getattr(instance, name).set(value)
    return instance


def model_update(
    *, instance: M, fields: Iterable[str], data: Mapping[str, Any]
) -> tuple[M, dict[str, tuple[Any, Any]]]:
    """Set the `fields` found in `data`, validate and save only what changed.

    Returns the instance and the changes, `{field: (old, new)}`: empty when nothing changed (then
    nothing is saved). Keys of `data` that are not in `fields` are ignored.
    """
    plain, many = _split(type(instance), fields, data)
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in plain.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = (old, value)
            setattr(instance, name, value)
    many_changes = {}
    for name, value in many.items():
        old = list(getattr(instance, name).all())
        if {o.pk for o in old} != {v.pk for v in value}:
            many_changes[name] = (old, list(value))
    if not changes and not many_changes:
        return instance, {}
    instance.full_clean()
    if changes:
        update_fields = list(changes)
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
    for name, (_old, value) in many_changes.items():
        getattr(instance, name).set(value)
    return instance, {**changes, **many_changes}
