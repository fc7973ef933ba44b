"""The outbox every app sends its e-mail through.

Policy:
* An app keeps each e-mail it owes as a row of its own model (a letter's notification, a sign-up's
  reminder, a subscriber's alert) with `created_at`, `sent_at`, `attempts` and `last_error`; the
  row is written in the same transaction as the change that calls for it.
* Once that transaction commits, the row is handed to the task queue (`outbox_enqueue`). If the
  queue cannot be written then, the change still stands and the row waits.
* A task sends one row (`outbox_send`): the message is written at send time, in the reader's
  language, with fresh links. A failure is recorded on the row (one more attempt, the error) and
  raised, so the task backend sees it; success records the time sent.
* Before sending, a task takes the row (`outbox_claim`, the row's `claimed_at`): a row queued
  twice (the retry below, while its first task still waits behind a long queue) and run by two
  workers at once goes out once. A claim older than `CLAIM_FOR` (a worker that died while
  sending) no longer holds; a failure gives the row back.
* `outbox_waiting` lists the rows still unsent after a while and tried fewer than
  `MAX_ATTEMPTS` times; each app's `<app>_send_mail` command, run by `unheard scheduler`,
  queues them again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

from django.core.mail import EmailMessage
from django.db import DatabaseError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
RETRY_AFTER = dt.timedelta(minutes=10)
CLAIM_FOR = dt.timedelta(minutes=10)


def outbox_enqueue(task, **arguments) -> None:
    """Hand a row (or a batch) to `task`; when the queue cannot be written, the row waits."""
    try:
        task.enqueue(**arguments)
    except DatabaseError:
        logger.warning("outbox: %s %s left for the next retry", task.name, arguments)


def outbox_claim(model: type[models.Model], pk: int) -> bool:
    """Take the unsent row `pk` for this task: False when it was sent or another task holds it
    (since less than `CLAIM_FOR`). One UPDATE, so two workers cannot both take it."""
    now = timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_FOR)
    return bool(model.objects.filter(free, pk=pk, sent_at__isnull=True).update(claimed_at=now))


def outbox_failed(model: type[models.Model], pks: Sequence[int], error: Exception) -> None:
    model.objects.filter(pk__in=pks).update(
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:1000],
        claimed_at=None,
    )


def outbox_sent(model: type[models.Model], pk: int) -> None:
    model.objects.filter(pk=pk).update(
        attempts=F("attempts") + 1, last_error="", sent_at=timezone.now()
    )


def outbox_send(
    rows: models.QuerySet, pk: int, message: Callable[[models.Model], EmailMessage]
) -> bool:
    """Send the unsent row `pk` of `rows`; True if it went out now. Links minted while writing
    the message are kept only if it was sent."""
    row = rows.filter(pk=pk, sent_at__isnull=True).first()
    if row is None or not outbox_claim(rows.model, pk):
        return False
    try:
        with transaction.atomic():
            message(row).send()
    except Exception as error:
        outbox_failed(rows.model, [pk], error)
        raise
    outbox_sent(rows.model, pk)
    return True


def outbox_waiting(
    model: type[models.Model], *, older_than: dt.timedelta = RETRY_AFTER
) -> list[int]:
    """The rows still unsent `older_than` after they were written (a lost task, a failed SMTP
    call), unless they were tried `MAX_ATTEMPTS` times."""
    waiting = model.objects.filter(
        sent_at__isnull=True,
        created_at__lt=timezone.now() - older_than,
        attempts__lt=MAX_ATTEMPTS,
    )
    return list(waiting.order_by("pk").values_list("pk", flat=True))
