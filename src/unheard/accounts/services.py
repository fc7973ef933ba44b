"""Writes about staff accounts: sessions, second factors and recovery codes, each audited."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from unheard.accounts.models import StaffSession
from unheard.accounts.policy import SEEN_AT, SIGNED_IN_AT, TOUCH_EVERY
from unheard.core.audit import audit_log
from unheard.core.http import client_ip

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR = "authenticator"
RECOVERY_CODES = "recovery codes"


def staff_session_start(*, request: HttpRequest, user, now: dt.datetime | None = None) -> None:
    """Note a new staff session (called on sign-in)."""
    now = now or timezone.now()
    request.session[SIGNED_IN_AT] = now.timestamp()
    request.session[SEEN_AT] = now.timestamp()
    if not request.session.session_key:
        request.session.save()
    StaffSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "signed_in_at": now,
            "last_seen_at": now,
            "ip_address": client_ip(request),
            "user_agent": request.headers.get("User-Agent", "")[:300],
        },
    )


def staff_session_touch(*, request: HttpRequest, now: dt.datetime) -> None:
    """Note that the session is in use (at most once a minute)."""
    seen = request.session.get(SEEN_AT)
    if seen is not None and now.timestamp() - float(seen) < TOUCH_EVERY.total_seconds():
        return
    request.session[SEEN_AT] = now.timestamp()
    request.session.setdefault(SIGNED_IN_AT, now.timestamp())
    StaffSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=now)


def staff_session_forget(*, session_key: str | None) -> None:
    """Drop the record of a session that ended (sign-out, time-out)."""
    if session_key:
        StaffSession.objects.filter(session_key=session_key).delete()


@transaction.atomic
def staff_session_end(*, staff_session: StaffSession, acting_user) -> None:
    """End one of the user's sessions elsewhere: it is signed out at its next request."""
    if staff_session.user_id != acting_user.pk:
        raise PermissionError("A staff user ends only their own sessions.")
    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    session_store(session_key=staff_session.session_key).delete()
    audit_log(
        acting_user=acting_user,
        action="staff_session_end",
        record=acting_user,
        summary={"signed_in_at": staff_session.signed_in_at},
    )
    staff_session.delete()


def second_factor_pass(*, request: HttpRequest, code: str) -> bool:
    """Check a code from the user's authenticator or a recovery code; on success the session
    counts as verified. Failures are audited, and django-otp slows down repeated ones."""
    user = request.user
    device = match_token(user, code)
    with transaction.atomic():
        if device is None:
            audit_log(acting_user=user, action="second_factor_failed", record=user, summary={})
            return False
        if isinstance(device, StaticDevice):
            audit_log(acting_user=user, action="recovery_code_use", record=user, summary={})
    otp_login(request, device)
    return True


@transaction.atomic
def second_factor_confirm(*, device: TOTPDevice, acting_user) -> list[str]:
    """Confirm a TOTP device the user proved they hold; return fresh recovery codes.

    Any other authenticator of the user is removed: one phone holds the key.
    """
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(
        acting_user=acting_user,
        action="second_factor_enrol",
        record=device.user,
        summary={"device": device.name},
    )
    return _recovery_codes_make(user=device.user)


@transaction.atomic
def recovery_codes_renew(*, user, acting_user) -> list[str]:
    """New recovery codes; the old ones stop working."""
    codes = _recovery_codes_make(user=user)
    audit_log(acting_user=acting_user, action="recovery_codes_renew", record=user, summary={})
    return codes


@transaction.atomic
def second_factor_reset(*, user, acting_user) -> None:
    """Remove a user's second factors (a lost phone): they enrol again at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_log(acting_user=acting_user, action="second_factor_reset", record=user, summary={})


def _recovery_codes_make(*, user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def totp_device_pending(*, user) -> TOTPDevice:
    """The user's authenticator being set up (made on first use, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
