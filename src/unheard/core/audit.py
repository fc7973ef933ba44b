"""The audit trail: one row for every write a service makes, in the same transaction.

Policy:
* Every service of every app calls `audit_log` once for each record it creates or changes, inside
  its own transaction (as Zulip's `do_*` actions write `RealmAuditLog`): if the write fails, the
  row goes with it, and no write commits without its row. `audit_log` refuses to run outside a
  transaction.
* A row says who (`acting_user`; empty for the system or an anonymous visitor), what (the
  service's name, e.g. "person_update"), which record (kind, id and how it read), when, and a
  summary: the fields of a new record, or each changed field's old and new value.
* The log is read in the back office by admins only and is append-only: rows are never changed or
  deleted (`AuditEntry.save()` and `delete()` refuse).
* Reads are logged too (`audit_access`): a sign-in, a failed one, a lock-out, and every page or
  file of the back office that shows confidential values (the models apps declare as
  `confidential_models`, and every file downloaded from the back office), while
  `UNHEARD_AUDIT_ACCESS` is on. Such a row names the record by kind and id, never by its text.
* Rows older than `UNHEARD_AUDIT_RETENTION_DAYS` are deleted by `unheard audit_purge` (the one
  way rows leave the log), which records how many it deleted.
* Confidential values never enter the log, only the fact that they changed: e-mail addresses, IP
  addresses and any field a model names in `AUDIT_REDACTED`. Long texts are cut to
  `TEXT_LIMIT` characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from unheard.core.models import AuditEntry

TEXT_LIMIT = 200
REDACTED = "[confidential]"
REDACTED_FIELD_TYPES = (models.EmailField, models.GenericIPAddressField)
REDACTED_NAME_PARTS = ("email", "password", "token", "phone")


def is_redacted(model: type[models.Model], name: str) -> bool:
    """Whether the audit log may record only that this field changed, not its values."""
    if name in getattr(model, "AUDIT_REDACTED", ()):
        return True
    if any(part in name.lower() for part in REDACTED_NAME_PARTS):
        return True
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - not a model field: a service's own summary key
        return False
    return isinstance(field, REDACTED_FIELD_TYPES)


def shown(value: Any) -> Any:
    """A value as the log keeps it: JSON, texts cut short, records by name."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return _cut(str(value))
    if isinstance(value, Mapping):
        return {str(k): shown(v) for k, v in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return [shown(v) for v in value]
    return _cut(str(value))


def _cut(text: str) -> str:
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def creation_summary(record: models.Model, names: Iterable[str]) -> dict:
    """The summary of a new record: the fields it was created with (empty ones left out)."""
    values = {}
    for name in names:
        value = getattr(record, name)
        if isinstance(value, models.Manager):
            value = list(value.all())
        if value in (None, "", [], {}):
            continue
        values[name] = REDACTED if is_redacted(type(record), name) else shown(value)
    return {"created": values}


def change_summary(record: models.Model, changes: Mapping[str, tuple[Any, Any]]) -> dict:
    """The summary of an update: each changed field, old → new (confidential ones only named)."""
    changed = {}
    for name, (old, new) in changes.items():
        if is_redacted(type(record), name):
            changed[name] = {"old": REDACTED, "new": REDACTED}
        else:
            changed[name] = {"old": shown(old), "new": shown(new)}
    return {"changed": changed}


def audit_log(
    *,
    acting_user,
    action: str,
    record: models.Model | None,
    summary: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one row of the audit log. Call it inside the transaction of the write it describes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_log() must run inside the transaction of the write it records.")
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    entry = AuditEntry(
        acting_user=user,
        action=action,
        at=timezone.now(),
        summary=shown(dict(summary or {})),
    )
    if record is not None:
        entry.content_type = ContentType.objects.get_for_model(record)
        entry.object_id = str(record.pk) if record.pk is not None else ""
        entry.object_repr = _cut(str(record))[:300]
    entry.save()
    return entry


def audit_access(
    *,
    acting_user,
    action: str,
    model: type[models.Model] | None,
    object_id: str = "",
    summary: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Write one row for a read: who opened or downloaded confidential values, and when.

    The record is named by its kind and id only, never by its text: a donor's or an author's
    name must not enter the log. Runs in its own transaction (there is no write to join).
    """
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    with transaction.atomic():
        entry = AuditEntry(
            acting_user=user,
            action=action,
            at=timezone.now(),
            summary=shown(dict(summary or {})),
            content_type=ContentType.objects.get_for_model(model) if model else None,
            object_id=str(object_id or "")[:64],
            object_repr=f"{model._meta.verbose_name} {object_id or ''}".strip()[:300]
            if model
            else "",
        )
        entry.save()
    return entry


def audit_purge(*, older_than_days: int, acting_user=None) -> int:
    """Delete the rows older than the retention period; the purge itself leaves a row."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    with transaction.atomic():
        expired = AuditEntry.objects.filter(at__lt=cutoff)
        deleted = expired._raw_delete(expired.db)  # the one way rows leave the append-only log
        audit_log(
            acting_user=acting_user,
            action="audit_purge",
            record=None,
            summary={"deleted": deleted, "before": cutoff},
        )
    return deleted
