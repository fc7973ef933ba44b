"""Abuse control without third parties: how often one network address or one e-mail address may
submit a letter. One submission a minute and `UNHEARD_LETTER_DAILY_LIMIT` a day for each.

The check and the record run in the submission's transaction under a lock on each key
(`core.locks.key_locks`), so that several workers cannot all pass the check before any of them
records: the limits hold across processes on SQLite and PostgreSQL.

Addresses are counted by a keyed hash (HMAC with SECRET_KEY), so the counter table holds no
address in the clear; rows older than a day are deleted as new ones arrive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from unheard.core.locks import key_locks
from unheard.letters.models import RateLimitHit

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def key_hash(scope: str, value: str) -> str:
    message = f"{scope}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def rate_limited(*, keys: dict[str, str], now: dt.datetime | None = None) -> bool:
    """Whether any of the keys (scope → value) has reached its limit. Call it inside the
    transaction that then records the hit (`rate_limit_record`)."""
    now = now or timezone.now()
    key_locks(f"rate:{scope}:{key_hash(scope, value)}" for scope, value in keys.items() if value)
    for scope, value in keys.items():
        if not value:
            continue
        hits = RateLimitHit.objects.filter(
            scope=scope, key_hash=key_hash(scope, value), at__gt=now - DAY
        )
        if hits.filter(at__gt=now - MINUTE).exists():
            return True
        if hits.count() >= settings.UNHEARD_LETTER_DAILY_LIMIT:
            return True
    return False


def rate_limit_record(*, keys: dict[str, str], now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    RateLimitHit.objects.filter(at__lt=now - DAY).delete()
    RateLimitHit.objects.bulk_create(
        RateLimitHit(scope=scope, key_hash=key_hash(scope, value), at=now)
        for scope, value in keys.items()
        if value
    )
