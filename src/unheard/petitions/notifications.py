"""E-mail to signers: the confirmation link.

The signature row is the outbox: `signature_submit` enqueues the sending task after its commit,
the task mints a fresh link (only its digest is stored) and records when the e-mail went out.
An unconfirmed signature whose e-mail never went out (a lost task, a failed SMTP call) is sent
again by `confirmations_retry` (the `petitions_send_mail` command; run it from cron).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unheard.petitions.models import Signature
from unheard.petitions.services import (
    CONFIRMATION_LIFETIME,
    confirmation_enqueue,
    confirmation_token_issue,
)


def confirmation_message(signature: Signature, raw: str) -> EmailMessage:
    with translation.override(signature.language):
        link = reverse("petitions:confirm", kwargs={"token": raw})
        context = {
            "petition": signature.petition,
            "link": settings.UNHEARD_SITE_URL.rstrip("/") + link,
            "days": CONFIRMATION_LIFETIME.days,
            "site_name": settings.UNHEARD_SITE_NAME,
        }
        subject = _("Please confirm your signature: %(title)s") % {
            "title": signature.petition.title
        }
        body = render_to_string("petitions/email/confirm.txt", context)
    return EmailMessage(subject=subject, body=body, to=[signature.email])


def confirmation_send(*, signature_id: int) -> bool:
    """E-mail the confirmation link; True if it went out now."""
    signature = (
        Signature.objects.select_related("petition")
        .filter(pk=signature_id, is_confirmed=False)
        .first()
    )
    if signature is None:
        return False
    raw = confirmation_token_issue(signature=signature)
    confirmation_message(signature, raw).send()
    Signature.objects.filter(pk=signature.pk).update(confirmation_sent_at=timezone.now())
    return True


def confirmations_retry(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    waiting = Signature.objects.filter(
        is_confirmed=False,
        confirmation_sent_at__isnull=True,
        created_at__lt=timezone.now() - older_than,
    ).values_list("pk", flat=True)
    for pk in waiting:
        confirmation_enqueue(signature_id=pk)
    return len(waiting)
