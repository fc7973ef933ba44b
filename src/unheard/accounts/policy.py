"""Who counts as staff, and how long a staff session may last.

Policy:
* Every account that can reach the back office (`is_staff`, or a superuser) is a staff account.
  With `UNHEARD_STAFF_2FA` on (base and production settings), a staff account must pass a second
  factor (TOTP, or one of its recovery codes) in the session before any back-office page opens;
  one without a device is sent to enrol one first. Until then the public site treats it as
  signed out, so nothing outside the back office trusts a password alone.
* A staff session ends after `UNHEARD_STAFF_SESSION_IDLE_MINUTES` without a request and
  `UNHEARD_STAFF_SESSION_MAX_HOURS` after sign-in, whatever happens in between: a laptop left
  open, or a session cookie taken from it, stops working.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

SIGNED_IN_AT = "staff_signed_in_at"
SEEN_AT = "staff_seen_at"
# A session's last request is written down at most this often: not a database write per click.
TOUCH_EVERY = dt.timedelta(minutes=1)


def is_staff_account(user) -> bool:
    return bool(user.is_authenticated and (user.is_staff or user.is_superuser))


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=settings.UNHEARD_STAFF_SESSION_IDLE_MINUTES)


def lifetime_limit() -> dt.timedelta:
    return dt.timedelta(hours=settings.UNHEARD_STAFF_SESSION_MAX_HOURS)


def session_expired(session, *, now: dt.datetime) -> bool:
    """Whether a staff session has been idle too long or lived too long."""
    signed_in_at = _moment(session.get(SIGNED_IN_AT))
    seen_at = _moment(session.get(SEEN_AT))
    if signed_in_at is None or seen_at is None:
        return False  # signed in before these limits existed: they start counting now
    return now - seen_at > idle_limit() or now - signed_in_at > lifetime_limit()


def is_active_at(*, signed_in_at: dt.datetime, last_seen_at: dt.datetime, now: dt.datetime) -> bool:
    return now - last_seen_at <= idle_limit() and now - signed_in_at <= lifetime_limit()


def _moment(value) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        return None
