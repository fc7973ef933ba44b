"""Reads about staff accounts."""

from __future__ import annotations

import datetime as dt

from django_otp.plugins.otp_static.models import StaticToken

from unheard.accounts.models import StaffSession
from unheard.accounts.policy import is_active_at


def staff_sessions_active(*, user, now: dt.datetime, current_key: str | None) -> list[StaffSession]:
    """The user's sessions that have not timed out, the current one marked `is_current`."""
    sessions = [
        session
        for session in StaffSession.objects.filter(user=user)
        if is_active_at(
            signed_in_at=session.signed_in_at, last_seen_at=session.last_seen_at, now=now
        )
    ]
    for session in sessions:
        session.is_current = session.session_key == current_key
    return sessions


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
