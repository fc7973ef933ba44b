"""One-time links for authors: confirm a letter, revise it when a moderator asks.

The raw token exists only in the e-mail; the database keeps its SHA-256, when it expires and
when it was used, so that a second click says "already used" rather than "unknown link".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unheard.letters.models import Letter, LetterToken


class TokenError(Exception):
    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, letter: Letter, purpose: str, lifetime: dt.timedelta) -> str:
    raw = secrets.token_urlsafe(32)
    LetterToken.objects.create(
        letter=letter,
        purpose=purpose,
        token_hash=_digest(raw),
        expires_at=timezone.now() + lifetime,
    )
    return raw


def token_find(*, raw: str, purpose: str, lock: bool = False) -> LetterToken:
    """The token behind a link, if it may still be used; TokenError says why not."""
    tokens = LetterToken.objects.select_related("letter__person")
    if lock:
        tokens = tokens.select_for_update()
    token = tokens.filter(token_hash=_digest(raw or ""), purpose=purpose).first()
    if token is None:
        raise TokenError(
            "invalid",
            _("This link is not valid. Please copy the whole link from the e-mail we sent you."),
        )
    if token.used_at is not None:
        raise TokenError(
            "used",
            _("This link has already been used."),
        )
    if token.expires_at <= timezone.now():
        raise TokenError(
            "expired",
            _("This link has expired."),
        )
    return token
