"""Writes to reminder subscriptions, and the daily queueing of reminders.

Policy: anyone may ask to be told by e-mail some days before a date the calendar shows of a
public person (the birthday, the anniversaries of the arrest and of the verdict, hearings and
other coming events, the expected release; dates known to the day) or before a public action.
The dates are the calendar's own (`agenda.sources`), so a reminder never names what the public
may not see. Nothing is sent until the address is confirmed by the link we e-mail; one
subscription per address per person and kind of date, or per action (the database refuses a
second; asking again sends the link again). Reminders are written in the subscriber's language.
Every reminder e-mail carries a link that ends the subscription. Links are signed (Django's
signing with SECRET_KEY), so no token is stored. Audit rows record that a
subscription was made, confirmed or ended, never by whom.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unheard.actions.models import Action
from unheard.agenda import sources
from unheard.agenda.models import Reminder, ReminderSubscription
from unheard.core.audit import audit_log
from unheard.core.dates import next_anniversary
from unheard.core.ratelimit import rate_limit_record, rate_limited
from unheard.registry.models import Person

CONFIRM_SALT = "agenda.reminder.confirm"
STOP_SALT = "agenda.reminder.stop"
CONFIRMATION_LIFETIME = dt.timedelta(days=7)


class ReminderRefused(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def link_token(subscription: ReminderSubscription, salt: str) -> str:
    return signing.dumps(subscription.pk, salt=salt)


def subscription_for_token(*, token: str, salt: str) -> ReminderSubscription:
    """The subscription a signed link names; ReminderRefused says why there is none."""
    max_age = CONFIRMATION_LIFETIME if salt == CONFIRM_SALT else None
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as expired:
        raise ReminderRefused(_("This link has expired. Please ask again.")) from expired
    except signing.BadSignature as bad:
        raise ReminderRefused(
            _("This link is not valid. Please copy the whole link from the e-mail we sent you.")
        ) from bad
    subscription = ReminderSubscription.objects.select_related("person").filter(pk=pk).first()
    if subscription is None:
        raise ReminderRefused(_("This reminder has already been cancelled."))
    return subscription


Kind = ReminderSubscription.Kind


def dates_of(
    *, person: Person | None = None, action: Action | None = None, kind: str, today: dt.date
) -> list[tuple[dt.date, str]]:
    """The coming dates a subscription follows, each with what it is (in the active language):
    the next occurrence of a yearly date, every coming one-off date."""
    if action is not None:
        public = Action.objects.public().filter(pk=action.pk).first()
        entry = public and sources.action_entry(public, today=today)
        return _coming([entry] if entry else [], today=today)
    return _coming([e for e in _person_entries(person, today=today) if e.kind == kind], today=today)


def kinds_followable(person: Person, *, today: dt.date) -> list[str]:
    """The kinds of a person's dates one may be reminded of: those the calendar has."""
    entries = _person_entries(person, today=today)
    return [
        kind
        for kind in Kind.values
        if kind != Kind.ACTION and _coming([e for e in entries if e.kind == kind], today=today)
    ]


def _person_entries(person: Person, *, today: dt.date) -> list[sources.CalendarEntry]:
    people = Person.objects.public().filter(pk=person.pk)
    return sources.calendar_entries(today=today, people=people, with_actions=False)


def _coming(entries: list[sources.CalendarEntry], *, today: dt.date) -> list[tuple[dt.date, str]]:
    dates = []
    for entry in entries:
        day = next_anniversary(entry.date, today=today) if entry.yearly else entry.date
        if day >= today:
            dates.append((day, entry.title))
    return sorted(dates)


@transaction.atomic
def reminder_subscribe(
    *,
    person: Person | None = None,
    action: Action | None = None,
    kind: str = Kind.BIRTHDAY,
    email: str,
    days_before: int,
    language: str,
    ip: str | None,
    today: dt.date | None = None,
) -> ReminderSubscription:
    today = today or timezone.localdate()
    kind = Kind.ACTION if action is not None else kind
    if not dates_of(person=person, action=action, kind=kind, today=today):
        raise ReminderRefused(_nothing_to_follow(kind))
    email = email.strip().lower()
    keys = {"reminder-ip": ip or "", "reminder-email": email}
    if rate_limited(keys=keys, daily_limit=settings.UNHEARD_PETITION_DAILY_LIMIT):
        raise ReminderRefused(_("Too many requests from this address. Please try again later."))
    rate_limit_record(keys=keys)
    same = {"action": action} if action is not None else {"person": person, "kind": kind}
    subscription = ReminderSubscription.objects.filter(**same, email__iexact=email).first()
    if subscription is None:
        candidate = ReminderSubscription(
            **{**same, "kind": kind}, email=email, days_before=days_before, language=language
        )
        candidate.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError:
            subscription = ReminderSubscription.objects.get(**same, email__iexact=email)
        else:
            subscription = candidate
            followed = action.slug if action is not None else person.slug
            audit_log(
                acting_user=None,
                action="reminder_subscribe",
                record=subscription,
                summary={"follows": followed, "kind": kind, "days_before": days_before},
            )
    if not subscription.is_confirmed:
        pk = subscription.pk
        transaction.on_commit(lambda: confirmation_enqueue(subscription_id=pk))
    return subscription


def confirmation_enqueue(*, subscription_id: int) -> None:
    from unheard.agenda.tasks import send_reminder_confirmation

    send_reminder_confirmation.enqueue(subscription_id=subscription_id)


@transaction.atomic
def reminder_confirm(*, token: str) -> ReminderSubscription:
    subscription = subscription_for_token(token=token, salt=CONFIRM_SALT)
    if not subscription.is_confirmed:
        ReminderSubscription.objects.filter(pk=subscription.pk).update(is_confirmed=True)
        subscription.is_confirmed = True
        audit_log(
            acting_user=None,
            action="reminder_confirm",
            record=subscription,
            summary={"status": "confirmed"},
        )
    return subscription


@transaction.atomic
def reminder_stop(*, token: str) -> Person:
    """End a subscription (its reminders go with it)."""
    subscription = subscription_for_token(token=token, salt=STOP_SALT)
    audit_log(
        acting_user=None, action="reminder_stop", record=subscription, summary={"status": "ended"}
    )
    subscription.delete()
    return subscription.person


def reminder_enqueue(*, reminder_id: int) -> None:
    from unheard.agenda.tasks import send_reminder

    send_reminder.enqueue(reminder_id=reminder_id)


def _nothing_to_follow(kind: str) -> str:
    if kind == Kind.BIRTHDAY:
        return _("We do not know this person's birthday to the day.")
    if kind == Kind.ACTION:
        return _("This action has no coming date to be reminded of.")
    return _("The calendar has no coming date of this kind for this person.")


@transaction.atomic
def reminders_queue(*, today: dt.date) -> int:
    """Write a reminder for every confirmed subscription with a date within its `days_before`
    days (a day missed by the scheduler is caught up the next day; each date is reminded once),
    saying what the date is in the subscriber's language. Their e-mails go out after the
    commit."""
    created = []
    subscriptions = ReminderSubscription.objects.filter(is_confirmed=True).select_related(
        "person", "action"
    )
    for subscription in subscriptions:
        with translation.override(subscription.language):
            dates = dates_of(
                person=subscription.person,
                action=subscription.action,
                kind=subscription.kind,
                today=today,
            )
        for day, title in dates:
            if day - dt.timedelta(days=subscription.days_before) > today:
                continue
            reminder, made = Reminder.objects.get_or_create(
                subscription=subscription, occurs_on=day, defaults={"title": title[:300]}
            )
            if made:
                created.append(reminder.pk)
    for pk in created:
        transaction.on_commit(lambda pk=pk: reminder_enqueue(reminder_id=pk))
    return len(created)
