"""E-mail to reminder subscribers: the confirmation link and the reminders themselves.

The rows are the outbox: a subscription not yet confirmed whose e-mail never went out, and a
`Reminder` with no `sent_at`, are sent again by `unheard agenda_send_reminders` (run it daily
from cron; it also queues the day's reminders).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from unheard.agenda.models import Reminder, ReminderSubscription
from unheard.agenda.services import CONFIRM_SALT, CONFIRMATION_LIFETIME, STOP_SALT, link_token
from unheard.core.outbox import outbox_send


def _link(name: str, token: str) -> str:
    return settings.UNHEARD_SITE_URL.rstrip("/") + reverse(name, kwargs={"token": token})


def _name(subscription: ReminderSubscription) -> str:
    person = subscription.person
    if person is None:
        return subscription.action.title
    return person.display_name or person.original_name


def _followed(subscription: ReminderSubscription) -> str:
    """What the subscription follows, in the active language: "expected release: Name"."""
    if subscription.action is not None:
        return subscription.action.title
    return _("%(what)s: %(name)s") % {
        "what": subscription.get_kind_display(),
        "name": _name(subscription),
    }


def _page(subscription: ReminderSubscription) -> str:
    record = subscription.person or subscription.action
    return settings.UNHEARD_SITE_URL.rstrip("/") + record.get_absolute_url()


def confirmation_message(subscription: ReminderSubscription) -> EmailMessage:
    with translation.override(subscription.language):
        context = {
            "person": _name(subscription),
            "birthday": subscription.kind == ReminderSubscription.Kind.BIRTHDAY,
            "what": _followed(subscription),
            "days_before": subscription.days_before,
            "link": _link("agenda:reminder_confirm", link_token(subscription, CONFIRM_SALT)),
            "days": CONFIRMATION_LIFETIME.days,
            "site_name": settings.UNHEARD_SITE_NAME,
        }
        if context["birthday"]:
            subject = _("Please confirm your reminder of %(person)s's birthday") % context
        else:
            subject = _("Please confirm your reminder: %(what)s") % context
        body = render_to_string("agenda/email/confirm.txt", context)
    return EmailMessage(subject=subject, body=body, to=[subscription.email])


def reminder_message(reminder: Reminder) -> EmailMessage:
    subscription = reminder.subscription
    with translation.override(subscription.language):
        context = {
            "person": _name(subscription),
            "birthday": reminder.occurs_on,
            "date": formats.date_format(reminder.occurs_on, "DATE_FORMAT"),
            "what": reminder.title,
            "page": _page(subscription),
            "stop": _link("agenda:reminder_stop", link_token(subscription, STOP_SALT)),
            "site_name": settings.UNHEARD_SITE_NAME,
        }
        if subscription.kind == ReminderSubscription.Kind.BIRTHDAY:
            subject = _("%(person)s's birthday is coming") % context
            body = render_to_string("agenda/email/reminder.txt", context)
        else:
            subject = _("Coming on %(date)s: %(what)s") % context
            body = render_to_string("agenda/email/reminder_date.txt", context)
    return EmailMessage(subject=subject, body=body, to=[subscription.email])


def confirmation_send(*, subscription_id: int) -> bool:
    subscription = (
        ReminderSubscription.objects.select_related("person", "action")
        .filter(pk=subscription_id, is_confirmed=False)
        .first()
    )
    if subscription is None:
        return False
    confirmation_message(subscription).send()
    ReminderSubscription.objects.filter(pk=subscription.pk).update(
        confirmation_sent_at=timezone.now()
    )
    return True


def reminder_send(*, reminder_id: int) -> bool:
    """Send one queued reminder; True if it went out now. Errors are recorded, then raised."""
    rows = Reminder.objects.select_related("subscription__person", "subscription__action")
    return outbox_send(rows, reminder_id, reminder_message)
