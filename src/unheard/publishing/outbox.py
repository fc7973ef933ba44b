"""E-mail to subscribers through an outbox, sent by background tasks in batches.

A service writes `OutgoingMail` rows in its own transaction; once it commits, the rows are handed
to the task queue in batches of `UNHEARD_ALERT_BATCH_SIZE`, each batch one task that sends over one
SMTP connection, pausing `UNHEARD_ALERT_PAUSE_SECONDS` between messages (the throttle); each
message is taken first (`core.outbox.outbox_claim`), so a batch queued twice and run by two
workers at once sends it once. A failed message keeps its row with the error; `unheard
publishing_send_mail` (run it from cron) queues again whatever is still unsent. Each e-mail is
written at send time in the subscriber's language, with fresh signed links and the
`List-Unsubscribe` headers of RFC 2369 and RFC 8058.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unheard.core.outbox import (
    RETRY_AFTER,
    outbox_claim,
    outbox_enqueue,
    outbox_failed,
    outbox_sent,
    outbox_waiting,
)
from unheard.core.visibility import is_public
from unheard.publishing.models import Alert, OutgoingMail, Subscription
from unheard.publishing.tokens import Purpose, token_for

logger = logging.getLogger(__name__)


# Queueing -------------------------------------------------------------------------------------


def mail_queue(*, subscription: Subscription, kind: str) -> OutgoingMail:
    mail = OutgoingMail.objects.create(subscription=subscription, kind=kind)
    transaction.on_commit(lambda: mails_enqueue(mail_ids=[mail.pk]))
    return mail


def mails_queue_many(*, kind: str, subscriptions: QuerySet, alert: Alert | None = None) -> int:
    """Queue one e-mail per subscription of the queryset in one INSERT … SELECT (10,000 rows
    in well under a second, where saving model instances took seconds); hand them to the task
    queue after the commit. Returns how many were queued."""
    table = OutgoingMail._meta.db_table
    chosen, params = (
        subscriptions.annotate(chosen_id=F("pk")).values("chosen_id").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, subscription_id, alert_id, created_at, attempts, "
            f"last_error) SELECT %s, chosen.chosen_id, %s, %s, 0, '' FROM ({chosen}) AS chosen",
            [
                kind,
                alert.pk if alert else None,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                *params,
            ],
        )
    queued = OutgoingMail.objects.filter(kind=kind, sent_at__isnull=True, attempts=0)
    queued = queued.filter(alert=alert) if alert is not None else queued.filter(alert=None)
    ids = list(queued.filter(subscription__in=subscriptions).values_list("pk", flat=True))
    transaction.on_commit(lambda: mails_enqueue(mail_ids=ids))
    return len(ids)


def fan_out_after_commit(*, alert_id: int) -> None:
    def enqueue() -> None:
        from unheard.publishing.tasks import fan_out_alert

        try:
            fan_out_alert.enqueue(alert_id=alert_id)
        except DatabaseError:
            logger.warning("alert %s left for publishing_send_mail", alert_id)

    transaction.on_commit(enqueue)


def mails_enqueue(*, mail_ids: Sequence[int]) -> int:
    """Hand the e-mails to the task queue, one task per batch; returns the number of tasks."""
    from unheard.publishing.tasks import send_mails

    size = settings.UNHEARD_ALERT_BATCH_SIZE
    batches = [list(mail_ids[i : i + size]) for i in range(0, len(mail_ids), size)]
    for batch in batches:
        outbox_enqueue(send_mails, mail_ids=batch)
    return len(batches)


def mails_retry(*, older_than: dt.timedelta = RETRY_AFTER) -> int:
    """Queue again every e-mail still unsent after a while, and fan out alerts left undone."""
    from unheard.publishing.services import alert_fan_out

    cutoff = timezone.now() - older_than
    for alert_id in Alert.objects.filter(
        fanned_out_at__isnull=True, created_at__lt=cutoff
    ).values_list("pk", flat=True):
        alert_fan_out(alert_id=alert_id)
    ids = outbox_waiting(OutgoingMail, older_than=older_than)
    mails_enqueue(mail_ids=ids)
    return len(ids)


# Writing --------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.UNHEARD_SITE_URL.rstrip("/") + path


def links_for(subscription: Subscription) -> dict[str, str]:
    with translation.override(subscription.language):
        manage = token_for(subscription.key, Purpose.MANAGE)
        return {
            "confirm": _absolute(
                reverse(
                    "publishing:confirm",
                    kwargs={"token": token_for(subscription.key, Purpose.CONFIRM)},
                )
            ),
            "manage": _absolute(reverse("publishing:manage", kwargs={"token": manage})),
            "unsubscribe": _absolute(reverse("publishing:unsubscribe", kwargs={"token": manage})),
        }


def _subject(mail: OutgoingMail, context: dict) -> str:
    if mail.kind == OutgoingMail.Kind.CONFIRM:
        return _("Please confirm your subscription to %(site)s") % {"site": context["site_name"]}
    if mail.kind == OutgoingMail.Kind.DIGEST:
        return _("This week on %(site)s") % {"site": context["site_name"]}
    return _("%(person)s: %(what)s") % {"person": context["person"], "what": context["what"]}


def _alert_context(alert: Alert) -> dict:
    person = alert.person
    context = {"person": person.display_name or person.original_name, "alert": alert}
    if alert.kind == Alert.Kind.ADDRESS:
        context["what"] = _("new address for letters")
        context["facility"] = alert.facility
    else:
        context["what"] = alert.event.get_kind_display()
        context["event"] = alert.event
    return context


def alert_still_public(alert: Alert) -> bool:
    """An alert whose event or person was withdrawn before sending is not sent."""
    record = alert.event if alert.kind == Alert.Kind.EVENT else alert.facility
    return is_public(alert.person) and record is not None and is_public(record)


def mail_message(mail: OutgoingMail) -> EmailMessage | None:
    """The e-mail in the subscriber's language, or None when a digest has nothing to say."""
    from unheard.publishing.digest import digest_for

    subscription = mail.subscription
    with translation.override(subscription.language):
        links = links_for(subscription)
        context = {
            "site_name": settings.UNHEARD_SITE_NAME,
            "site_url": settings.UNHEARD_SITE_URL.rstrip("/"),
            "subscription": subscription,
            "follows": subscription_label(subscription),
            "links": links,
            "hours": settings.UNHEARD_ALERT_CONFIRMATION_HOURS,
        }
        if mail.kind == OutgoingMail.Kind.ALERT:
            if not alert_still_public(mail.alert):
                return None
            context.update(_alert_context(mail.alert))
        elif mail.kind == OutgoingMail.Kind.DIGEST:
            context["digest"] = digest_for(subscription)
            if not context["digest"].has_news:
                return None
        subject = _subject(mail, context)
        body = render_to_string(f"publishing/email/{mail.kind}.txt", context)
    headers = {}
    if mail.kind != OutgoingMail.Kind.CONFIRM:
        headers = {
            "List-Unsubscribe": f"<{links['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return EmailMessage(subject=subject, body=body, to=[subscription.email], headers=headers)


def subscription_label(subscription: Subscription) -> str:
    target = subscription.target
    if target is None:
        return _("the whole registry")
    return str(getattr(target, "display_name", "") or target)


# Sending --------------------------------------------------------------------------------------


def mails_send(*, mail_ids: Sequence[int]) -> int:
    """Send a batch over one connection; returns how many went out. A message that fails keeps
    its error and is retried later; the rest of the batch goes on."""
    mails = (
        OutgoingMail.objects.filter(pk__in=mail_ids, sent_at__isnull=True)
        .select_related("subscription", "alert__person", "alert__event", "alert__facility")
        .order_by("pk")
    )
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the SMTP server is unreachable: the whole batch waits
        _failed([mail.pk for mail in mails], error)
        return 0
    sent = 0
    try:
        for position, mail in enumerate(mails):
            if position and settings.UNHEARD_ALERT_PAUSE_SECONDS:
                time.sleep(settings.UNHEARD_ALERT_PAUSE_SECONDS)
            sent += _send_one(mail, connection)
    finally:
        connection.close()
    return sent


def _failed(mail_ids: Sequence[int], error: Exception) -> None:
    logger.warning("%d e-mails not sent: %s", len(mail_ids), error)
    outbox_failed(OutgoingMail, mail_ids, error)


def _send_one(mail: OutgoingMail, connection) -> int:
    if not outbox_claim(OutgoingMail, mail.pk):  # sent meanwhile, or another worker sends it
        return 0
    try:
        message = mail_message(mail)
        if message is not None:
            message.connection = connection
            message.send()
    except Exception as error:  # an SMTP or rendering failure: kept for the retry
        _failed([mail.pk], error)
        return 0
    outbox_sent(OutgoingMail, mail.pk)
    if mail.kind == OutgoingMail.Kind.DIGEST:
        Subscription.objects.filter(pk=mail.subscription_id).update(digest_sent_at=timezone.now())
    return 0 if message is None else 1
