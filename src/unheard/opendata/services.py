"""Writes of the open data: taking a dated snapshot."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log
from unheard.opendata.models import DataSnapshot
from unheard.opendata.package import package_files

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def snapshot_archive(*, day: dt.date, taken_at: dt.datetime) -> tuple[bytes, dict[str, int]]:
    """The zip of every language's package, and the rows of each table (counted once: the rows
    are the same in every language, only the translated text differs)."""
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    stamp = taken_at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for language in LANGUAGES:
            for name, content in package_files(language=language, created=taken_at).items():
                info = zipfile.ZipInfo(f"unheard-data-{day.isoformat()}/{language}/{name}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
                if name.endswith(".csv") and language == LANGUAGES[0]:
                    counts[name.removesuffix(".csv")] = content.count(b"\r\n") - 1
    return buffer.getvalue(), counts


@transaction.atomic
def snapshot_take(*, acting_user) -> DataSnapshot:
    """Keep today's open data as a snapshot dated today (the census day).

    A census day is taken once: a second snapshot of the same day is refused, never replaced,
    so that a figure once published from it stays reproducible. A snapshot holds the data as it
    is when taken, so it cannot be dated another day."""
    day = timezone.localdate()
    if DataSnapshot.objects.filter(day=day).exists():
        raise ValidationError(
            _("A snapshot of %(day)s already exists; snapshots are never replaced.")
            % {"day": day.isoformat()}
        )
    taken_at = timezone.now()
    archive, counts = snapshot_archive(day=day, taken_at=taken_at)
    snapshot = DataSnapshot.objects.create(
        day=day, taken_at=taken_at, archive=archive, counts=counts
    )
    audit_log(
        acting_user=acting_user,
        action="snapshot_take",
        record=snapshot,
        summary={"day": day.isoformat(), "counts": counts},
    )
    return snapshot
