"""Signed links in subscribers' e-mails: confirm, manage, unsubscribe.

A link carries the subscription's random key signed with the site's secret and a time stamp, so it
cannot be forged or guessed, and it expires: a confirmation after
`UNHEARD_ALERT_CONFIRMATION_HOURS`, a manage or unsubscribe link after
`UNHEARD_ALERT_LINK_DAYS` (every e-mail carries fresh ones). No token is stored.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.core import signing


class Purpose(StrEnum):
    CONFIRM = "confirm"
    MANAGE = "manage"


class BadLink(Exception):
    """The link was forged, mistyped or has expired."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def _signer(purpose: Purpose) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"unheard.publishing.{purpose}")


def _max_age(purpose: Purpose) -> dt.timedelta:
    if purpose == Purpose.CONFIRM:
        return dt.timedelta(hours=settings.UNHEARD_ALERT_CONFIRMATION_HOURS)
    return dt.timedelta(days=settings.UNHEARD_ALERT_LINK_DAYS)


def token_for(key: str, purpose: Purpose) -> str:
    return _signer(purpose).sign(key)


def key_from(token: str, purpose: Purpose) -> str:
    """The subscription key a token carries; `BadLink` if forged or expired."""
    try:
        return _signer(purpose).unsign(token, max_age=_max_age(purpose))
    except signing.SignatureExpired as error:
        raise BadLink(expired=True) from error
    except signing.BadSignature as error:
        raise BadLink(expired=False) from error
