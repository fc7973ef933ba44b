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
from django.db import models, transaction
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.models import Source, Sourced

M = TypeVar("M", bound=models.Model)


@contextmanager
def revision(*, acting_user, comment: str) -> Iterator[None]:
    """One revision in the history (django-reversion) for what is saved inside the block."""
    with reversion.create_revision():
        if getattr(acting_user, "is_authenticated", False):
            reversion.set_user(acting_user)
        reversion.set_comment(str(comment))
        yield


def editable_fields(model: type[models.Model]) -> list[str]:
    """The fields a service may set: every editable field and many-to-many, not the id."""
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and getattr(field, "editable", False)
        and not field.auto_created
        and not field.primary_key
    ]


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


# Sources --------------------------------------------------------------------------------------

SOURCE_FIELDS = ["kind", "title", "publisher", "url", "published_on", "archived_url", "locator"]
SOURCE_FIELDS += ["note"]


@transaction.atomic
def source_add(*, data: Mapping[str, Any], acting_user) -> Source:
    with revision(acting_user=acting_user, comment=_("Created")):
        source = model_create(model=Source, fields=SOURCE_FIELDS, data=data)
    names = [name for name in SOURCE_FIELDS if name in data]
    summary = creation_summary(source, names)
    audit_log(acting_user=acting_user, action="source_add", record=source, summary=summary)
    return source


@transaction.atomic
def source_update(*, source: Source, data: Mapping[str, Any], acting_user) -> Source:
    with revision(acting_user=acting_user, comment=_("Changed")):
        source, changes = model_update(instance=source, fields=SOURCE_FIELDS, data=data)
    if changes:
        summary = change_summary(source, changes)
        audit_log(acting_user=acting_user, action="source_update", record=source, summary=summary)
    return source


@transaction.atomic
def sources_attach(*, record: Sourced, sources: Iterable[Source], acting_user) -> None:
    """Cite more sources for a record or fact (those it already cites are kept)."""
    cited = set(record.sources.values_list("pk", flat=True))
    new = [source for source in sources if source.pk not in cited]
    if not new:
        return
    with revision(acting_user=acting_user, comment=_("Sources added")):
        record.sources.add(*new)
        reversion.add_to_revision(record)
    summary = {"sources_added": [str(source) for source in new]}
    audit_log(acting_user=acting_user, action="sources_attach", record=record, summary=summary)
