"""Abuse control without third parties: how often one network address or one e-mail address may
send something (a letter, a sign-up, a proposed action). One a minute (or a `Limit` of the
caller's, per scope) and a daily limit for each.

Addresses are counted by a keyed hash (HMAC with SECRET_KEY), so the counter tables hold no
address in the clear; rows older than a day are deleted as new ones arrive. Each app keeps its
own table (a concrete `RateLimitHitBase`), or shares `core.RateLimitHit` (the default), and its
own daily limit. The check takes a lock on each key (`core.locks.key_locks`) inside the caller's
transaction, so that several workers cannot all pass the check before any of them records, on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from unheard.core.locks import key_locks

MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Limit:
    """At most `count` submissions per key within `window` (a window of a day at most)."""

    count: int
    window: dt.timedelta


ONE_A_MINUTE = Limit(1, MINUTE)


class RateLimitHitBase(models.Model):
    """One submission, counted against a keyed hash of the network or e-mail address."""

    scope = models.CharField(max_length=10)
    key_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


def key_hash(scope: str, value: str) -> str:
    message = f"{scope}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _shared_table() -> type[models.Model]:
    from unheard.core.models import RateLimitHit

    return RateLimitHit


def rate_limited(
    *,
    keys: dict[str, str],
    daily_limit: int,
    hits: type[models.Model] | None = None,
    now: dt.datetime | None = None,
    limits: dict[str, Limit] | None = None,
) -> bool:
    """Whether any of the keys (scope → value) has reached its limit in the table `hits`: its
    scope's `Limit` in `limits` (one a minute by default) or `daily_limit`. Call it inside the
    transaction that then records the hit (`rate_limit_record`)."""
    limits = limits or {}
    hits = hits or _shared_table()
    now = now or timezone.now()
    key_locks(f"rate:{scope}:{key_hash(scope, value)}" for scope, value in keys.items() if value)
    for scope, value in keys.items():
        if not value:
            continue
        recent = hits.objects.filter(scope=scope, key_hash=key_hash(scope, value), at__gt=now - DAY)
        limit = limits.get(scope, ONE_A_MINUTE)
        if recent.filter(at__gt=now - limit.window).count() >= limit.count:
            return True
        if recent.count() >= daily_limit:
            return True
    return False


def rate_limit_record(
    *, keys: dict[str, str], hits: type[models.Model] | None = None, now: dt.datetime | None = None
) -> None:
    hits = hits or _shared_table()
    now = now or timezone.now()
    hits.objects.filter(at__lt=now - DAY).delete()
    hits.objects.bulk_create(
        hits(scope=scope, key_hash=key_hash(scope, value), at=now)
        for scope, value in keys.items()
        if value
    )
