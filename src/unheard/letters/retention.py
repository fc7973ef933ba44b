"""How long we keep what authors tell us about themselves.

An author's name or pseudonym, e-mail address, network address and attachments are erased
`UNHEARD_LETTER_RETENTION_DAYS` days after the letter reached its end: delivered, returned
undelivered or rejected. A letter sent with no news of delivery is treated as delivered
180 days after it was sent. The letter's text, its translation and its history stay, without
anything that identifies the author. A submission never confirmed by its author is deleted
whole a day after its confirmation link expired: it was never acknowledged.

Run daily: `unheard letters_purge` (or enqueue the `purge_letter_personal_data` task).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from unheard.letters.models import Letter, RateLimitHit

NO_NEWS_AFTER_SENDING = dt.timedelta(days=180)
FINAL = (Letter.Status.DELIVERED, Letter.Status.RETURNED, Letter.Status.REJECTED)


def letters_due_for_purge(*, now: dt.datetime):
    cutoff = now - dt.timedelta(days=settings.UNHEARD_LETTER_RETENTION_DAYS)
    pending = Letter.objects.filter(personal_data_purged_at__isnull=True)
    ended = pending.filter(status__in=FINAL, status_changed_at__lt=cutoff)
    silent = pending.filter(
        status=Letter.Status.SENT, status_changed_at__lt=cutoff - NO_NEWS_AFTER_SENDING
    )
    return ended | silent


@transaction.atomic
def letters_purge_personal_data(*, now: dt.datetime | None = None) -> int:
    """Erase authors' personal data where the retention period is over; returns how many letters."""
    now = now or timezone.now()
    due = list(letters_due_for_purge(now=now).prefetch_related("attachments"))
    for letter in due:
        for attachment in letter.attachments.all():
            attachment.image.delete(save=False)
        letter.attachments.all().delete()
        letter.tokens.all().delete()
        letter.notifications.all().delete()
    Letter.objects.filter(pk__in=[letter.pk for letter in due]).update(
        author_name="", author_email="", author_ip=None, personal_data_purged_at=now
    )
    expiry = dt.timedelta(hours=settings.UNHEARD_LETTER_CONFIRMATION_HOURS) + dt.timedelta(days=1)
    unconfirmed = Letter.objects.filter(
        status=Letter.Status.SUBMITTED, created_at__lt=now - expiry
    ).prefetch_related("attachments")
    for letter in unconfirmed:
        for attachment in letter.attachments.all():
            attachment.image.delete(save=False)
        letter.delete()
    RateLimitHit.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    return len(due)
