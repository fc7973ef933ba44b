"""Sign-ins, sign-outs, failed sign-ins, lock-outs and removed second factors, in the audit log.

Rows about signing in are written while `UNHEARD_AUDIT_ACCESS` is on (always in production; the
test settings turn it off so that other tests' `force_login` adds no rows they do not expect).
A failed sign-in names the username typed, never the password; no network address enters the
log (django-axes keeps the addresses of failed attempts for the lock-out, in its own table).
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from unheard.accounts import services
from unheard.accounts.policy import is_staff_account
from unheard.core.audit import audit_log

USERNAME_LIMIT = 150


def access_audited() -> bool:
    return getattr(settings, "UNHEARD_AUDIT_ACCESS", True)


@receiver(user_logged_in, dispatch_uid="unheard-accounts-signed-in")
def signed_in(sender, request, user, **kwargs) -> None:
    if request is not None and is_staff_account(user):
        services.staff_session_start(request=request, user=user)
    if access_audited():
        with transaction.atomic():
            audit_log(acting_user=user, action="login", record=user, summary={})


@receiver(user_logged_out, dispatch_uid="unheard-accounts-signed-out")
def signed_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        services.staff_session_forget(session_key=request.session.session_key)
    if user is not None and access_audited():
        with transaction.atomic():
            audit_log(acting_user=user, action="logout", record=user, summary={})


@receiver(user_login_failed, dispatch_uid="unheard-accounts-sign-in-failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    if access_audited():
        _audit_refusal("login_failed", credentials.get("username"))


@receiver(user_locked_out, dispatch_uid="unheard-accounts-locked-out")
def locked_out(sender, request, username, ip_address, **kwargs) -> None:
    _audit_refusal("login_locked_out", username)


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="unheard-accounts-device-removed")
def device_removed(sender, instance, **kwargs) -> None:
    """An authenticator removed in the back office (a lost phone) is a 2FA change."""
    if instance.confirmed:
        with transaction.atomic():
            audit_log(
                acting_user=None,
                action="second_factor_remove",
                record=instance.user,
                summary={"device": instance.name},
            )


def _audit_refusal(action: str, username: str | None) -> None:
    typed = (username or "")[:USERNAME_LIMIT]
    user = get_user_model().objects.filter(username=typed).first() if typed else None
    with transaction.atomic():
        audit_log(acting_user=None, action=action, record=user, summary={"username": typed})
