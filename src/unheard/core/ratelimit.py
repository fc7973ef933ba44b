"""Abuse control for public forms without third parties: how often one network address or one
e-mail address may submit (sign a petition, ask for a reminder). One submission a minute and
`daily_limit` a day for each key, as the letters' own limit counts (`letters/ratelimit.py`).

Addresses are counted by a keyed hash (HMAC with SECRET_KEY), so the counter table holds no
address in the clear; rows older than a day are deleted as new ones arrive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from unheard.core.models import RateLimitHit

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


def key_hash(scope: str, value: str) -> str:
    message = f"{scope}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def rate_limited(*, keys: dict[str, str], daily_limit: int, now: dt.datetime | None = None) -> bool:
    """Whether any of the keys (scope → value) has reached its limit."""
    now = now or timezone.now()
    for scope, value in keys.items():
        if not value:
            continue
        hits = RateLimitHit.objects.filter(
            scope=scope, key_hash=key_hash(scope, value), at__gt=now - DAY
        )
        if hits.filter(at__gt=now - MINUTE).exists() or hits.count() >= daily_limit:
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
