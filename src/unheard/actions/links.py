"""Links in e-mails: confirm a sign-up or a proposed action, cancel a sign-up.

A link carries the record's id signed with SECRET_KEY (`django.core.signing`), a salt per
purpose, so nothing needs storing and one link cannot be used for another purpose. Confirmation
links expire after `UNHEARD_ACTION_CONFIRMATION_HOURS`; a cancel link lasts as long as the
sign-up. Using a link twice is harmless: the services check the state they move from.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Purpose:
    CONFIRM_SIGN_UP = "confirm-sign-up"
    CANCEL_SIGN_UP = "cancel-sign-up"
    CONFIRM_PROPOSAL = "confirm-proposal"


EXPIRING = {Purpose.CONFIRM_SIGN_UP, Purpose.CONFIRM_PROPOSAL}
URL_NAMES = {
    Purpose.CONFIRM_SIGN_UP: "actions:sign_up_confirm",
    Purpose.CANCEL_SIGN_UP: "actions:sign_up_cancel",
    Purpose.CONFIRM_PROPOSAL: "actions:proposal_confirm",
}


class LinkError(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _salt(purpose: str) -> str:
    return f"unheard.actions.{purpose}"


def token_for(pk: int, purpose: str) -> str:
    return signing.dumps(pk, salt=_salt(purpose), compress=True)


def pk_from(token: str, purpose: str) -> int:
    """The id a link names, or LinkError saying why it cannot be used."""
    max_age = settings.UNHEARD_ACTION_CONFIRMATION_HOURS * 3600 if purpose in EXPIRING else None
    try:
        return int(signing.loads(token or "", salt=_salt(purpose), max_age=max_age))
    except signing.SignatureExpired:
        raise LinkError(_("This link has expired.")) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise LinkError(
            _("This link is not valid. Please copy the whole link from the e-mail we sent you.")
        ) from None


def link_for(pk: int, purpose: str) -> str:
    path = reverse(URL_NAMES[purpose], kwargs={"token": token_for(pk, purpose)})
    return settings.UNHEARD_SITE_URL.rstrip("/") + path
