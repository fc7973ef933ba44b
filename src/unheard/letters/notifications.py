"""E-mail to letter authors through an outbox.

A service that changes a letter writes a `LetterNotification` row in its own transaction and,
once that transaction commits, enqueues the background task that sends it over SMTP. A crash
between the two leaves the row unsent, and `unheard letters_send_mail` (run by `unheard scheduler`) sends
whatever is still waiting (`unheard.core.outbox`). Links that need a one-time token are minted when the e-mail is
written, so the token itself is never stored.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unheard.core.outbox import RETRY_AFTER, outbox_enqueue, outbox_send, outbox_waiting
from unheard.letters.models import Letter, LetterNotification, LetterToken
from unheard.letters.tokens import token_issue

REVISE_LIFETIME = dt.timedelta(days=14)


def notification_queue(*, letter: Letter, kind: str, reason: str = "") -> LetterNotification:
    notification = LetterNotification.objects.create(letter=letter, kind=kind, reason=reason)
    transaction.on_commit(lambda: notification_enqueue(notification_id=notification.pk))
    return notification


def notification_enqueue(*, notification_id: int) -> None:
    from unheard.letters.tasks import send_letter_notification

    outbox_enqueue(send_letter_notification, notification_id=notification_id)


def _link(letter: Letter, name: str, raw: str) -> str:
    return settings.UNHEARD_SITE_URL.rstrip("/") + reverse(name, kwargs={"token": raw})


def _subject(kind: str, person: str) -> str:
    subjects = {
        LetterNotification.Kind.CONFIRM: _("Please confirm your letter to %(person)s"),
        LetterNotification.Kind.APPROVED: _("Your letter to %(person)s was approved"),
        LetterNotification.Kind.EDIT_REQUESTED: _("Please revise your letter to %(person)s"),
        LetterNotification.Kind.REJECTED: _("Your letter to %(person)s cannot be sent"),
        LetterNotification.Kind.SENT: _("Your letter to %(person)s is on its way"),
        LetterNotification.Kind.DELIVERED: _("Your letter to %(person)s was delivered"),
        LetterNotification.Kind.RETURNED: _("Your letter to %(person)s came back"),
        LetterNotification.Kind.REPLY: _("%(person)s has replied"),
    }
    return subjects[kind] % {"person": person}


def notification_message(notification: LetterNotification) -> EmailMessage:
    """Write the e-mail in the author's language (minting a one-time link where one is needed)."""
    letter = notification.letter
    kind = notification.kind
    with translation.override(letter.interface_language):
        context = {
            "letter": letter,
            "person": letter.person.display_name or letter.person.original_name,
            "reason": notification.reason,
            "site_name": settings.UNHEARD_SITE_NAME,
            "site_url": settings.UNHEARD_SITE_URL.rstrip("/"),
        }
        if kind == LetterNotification.Kind.CONFIRM:
            lifetime = dt.timedelta(hours=settings.UNHEARD_LETTER_CONFIRMATION_HOURS)
            raw = token_issue(letter=letter, purpose=LetterToken.Purpose.CONFIRM, lifetime=lifetime)
            context["link"] = _link(letter, "letters:confirm", raw)
            context["hours"] = settings.UNHEARD_LETTER_CONFIRMATION_HOURS
        elif kind == LetterNotification.Kind.EDIT_REQUESTED:
            raw = token_issue(
                letter=letter, purpose=LetterToken.Purpose.REVISE, lifetime=REVISE_LIFETIME
            )
            context["link"] = _link(letter, "letters:revise", raw)
            context["days"] = REVISE_LIFETIME.days
        elif kind == LetterNotification.Kind.REPLY:
            context["reply"] = letter.replies.order_by("-id").first()
        subject = _subject(kind, context["person"])
        body = render_to_string(f"letters/email/{kind}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[letter.author_email])


def notification_deliver(*, notification_id: int) -> bool:
    """Send one queued e-mail; True if it went out now. Errors are recorded, then raised."""
    unsent = LetterNotification.objects.filter(pk=notification_id, sent_at__isnull=True)
    # The author's address was erased under the retention policy: nobody to tell.
    if unsent.filter(letter__author_email="").update(
        sent_at=timezone.now(), last_error="no address"
    ):
        return False
    rows = LetterNotification.objects.select_related("letter__person")
    return outbox_send(rows, notification_id, notification_message)


def notifications_retry(*, older_than: dt.timedelta = RETRY_AFTER) -> int:
    """Enqueue again every e-mail still unsent after a while (a lost task, a failed SMTP call)."""
    waiting = outbox_waiting(LetterNotification, older_than=older_than)
    for pk in waiting:
        notification_enqueue(notification_id=pk)
    return len(waiting)
