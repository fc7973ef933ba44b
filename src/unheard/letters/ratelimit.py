"""How often one network address or one e-mail address may submit a letter: one submission a
minute and `UNHEARD_LETTER_DAILY_LIMIT` a day for each (the counting, and the lock that makes it
hold across workers, are `core.ratelimit`'s)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from unheard.core import ratelimit
from unheard.core.ratelimit import key_hash
from unheard.letters.models import RateLimitHit

__all__ = ["key_hash", "rate_limit_record", "rate_limited"]


def rate_limited(*, keys: dict[str, str], now: dt.datetime | None = None) -> bool:
    """Whether any of the keys (scope → value) has reached its limit."""
    return ratelimit.rate_limited(
        hits=RateLimitHit, keys=keys, daily_limit=settings.UNHEARD_LETTER_DAILY_LIMIT, now=now
    )


def rate_limit_record(*, keys: dict[str, str], now: dt.datetime | None = None) -> None:
    ratelimit.rate_limit_record(hits=RateLimitHit, keys=keys, now=now)
