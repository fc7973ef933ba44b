"""Reads of the open data: the snapshots kept."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from unheard.opendata.models import DataSnapshot


def snapshots_public() -> QuerySet[DataSnapshot]:
    """Every snapshot, newest first, without its archive (read only on download)."""
    return DataSnapshot.objects.public().defer("archive").order_by("-day")


def snapshot_public(*, day: str) -> DataSnapshot:
    """The snapshot of `day` (YYYY-MM-DD); DoesNotExist for an unknown or malformed day."""
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError as error:
        raise DataSnapshot.DoesNotExist(day) from error
    return DataSnapshot.objects.public().get(day=parsed)
