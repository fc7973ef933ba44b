"""Writes of the publishing app: news posts, subscriptions and the alert outbox.

News posts are published through `unheard.core.publication` (drafts, review, second approval).
Subscriptions need no account: a request stores the address unconfirmed and queues a confirmation
e-mail; only a confirmed subscription receives alerts and digests; unsubscribing deletes the
subscription, its address and its unsent e-mails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.services import editable_fields, model_create, model_update, revision
from unheard.core.visibility import is_public
from unheard.publishing import outbox
from unheard.publishing.models import Alert, NewsPost, OutgoingMail, Subscription
from unheard.publishing.tokens import Purpose, key_from
from unheard.registry.models import Case, CaseDefendant, Person, Region, TimelineEvent

# News -----------------------------------------------------------------------------------------


@transaction.atomic
def news_post_create(*, data: Mapping[str, Any], acting_user) -> NewsPost:
    fields = editable_fields(NewsPost)
    with revision(acting_user=acting_user, comment=_("Created")):
        post = model_create(model=NewsPost, fields=fields, data=data)
    summary = creation_summary(post, [name for name in fields if name in data])
    audit_log(acting_user=acting_user, action="news_post_create", record=post, summary=summary)
    return post


@transaction.atomic
def news_post_update(*, post: NewsPost, data: Mapping[str, Any], acting_user) -> NewsPost:
    with revision(acting_user=acting_user, comment=_("Changed")):
        post, changes = model_update(instance=post, fields=editable_fields(NewsPost), data=data)
    if changes:
        summary = change_summary(post, changes)
        audit_log(acting_user=acting_user, action="news_post_update", record=post, summary=summary)
    return post


@transaction.atomic
def news_post_date_set(*, post: NewsPost, published_at: dt.datetime, acting_user) -> NewsPost:
    """Date a post loaded already published (the demo), which `record_publish` never moved:
    lists and feeds order and date posts by `published_at`."""
    if not post.is_published:
        raise ValidationError(_("Only a published post has a publication date."))
    old = post.published_at
    post.published_at = published_at
    post.save(update_fields=["published_at", "updated_at"])
    audit_log(
        acting_user=acting_user,
        action="news_post_date_set",
        record=post,
        summary=change_summary(post, {"published_at": (old, published_at)}),
    )
    return post


# Subscriptions --------------------------------------------------------------------------------

TARGETS = {
    Subscription.Scope.PERSON: ("person", Person),
    Subscription.Scope.CASE: ("case", Case),
    Subscription.Scope.REGION: ("region", Region),
}


def _target_of(scope: str, slug: str):
    if scope == Subscription.Scope.REGISTRY:
        return {}
    if scope not in TARGETS:
        raise ValidationError({"scope": _("Choose what to follow.")})
    field, model = TARGETS[scope]
    record = model.objects.filter(slug=slug).first() if slug else None
    if record is None or not is_public(record):
        raise ValidationError({"target": _("There is nothing public to follow at this address.")})
    return {field: record}


def _of_address(email: str) -> QuerySet[Subscription]:
    """The subscriptions of `email` in any letter case, found through the index on the lower-cased
    address (`email__iexact` reads every row on SQLite, inside the sign-up's write lock)."""
    return Subscription.objects.alias(address=Lower("email")).filter(address=Lower(Value(email)))


def subscription_request(*, email: str, scope: str, slug: str = "", language: str) -> Subscription:
    """Store an unconfirmed subscription and queue the confirmation e-mail.

    Asking again for the same thing sends the confirmation again while it is unconfirmed, and
    nothing once confirmed (the answer on the page is the same, so it tells nobody who follows
    what). The request is checked before the transaction starts: on SQLite the transaction holds
    the database's write lock, which every other sign-up waits for.
    """
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    target = _target_of(scope, slug)
    same = _of_address(email).filter(scope=scope, **target)
    for field in {"person", "case", "region"} - set(target):
        same = same.filter(**{f"{field}__isnull": True})
    with transaction.atomic():
        subscription = same.first()
        if subscription is None:
            subscription = Subscription.objects.create(
                email=email, scope=scope, language=language, **target
            )
            audit_log(
                acting_user=None,
                action="subscription_request",
                record=subscription,
                summary={"scope": scope},
            )
        if subscription.confirmed_at is None:
            outbox.mail_queue(subscription=subscription, kind=OutgoingMail.Kind.CONFIRM)
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription:
    """Confirm by the e-mailed link. A forged or expired link, or one used twice, is refused."""
    key = key_from(token, Purpose.CONFIRM)
    subscription = Subscription.objects.select_for_update().filter(key=key).first()
    if subscription is None:
        raise ValidationError(_("This subscription no longer exists."))
    if subscription.confirmed_at is not None:
        raise ValidationError(_("This subscription is already confirmed."))
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at"])
    audit_log(acting_user=None, action="subscription_confirm", record=subscription, summary={})
    return subscription


def subscriptions_of(*, token: str) -> list[Subscription]:
    """Every subscription of the address a manage link was sent to."""
    key = key_from(token, Purpose.MANAGE)
    subscription = Subscription.objects.filter(key=key).first()
    if subscription is None:
        return []
    same_address = _of_address(subscription.email)
    return list(same_address.select_related("person", "case", "region").order_by("pk"))


@transaction.atomic
def subscription_end(*, token: str, everything: bool = False, key: str = "") -> int:
    """Unsubscribe: delete the subscription of the link (or the one named by `key` among the
    address's subscriptions, or all of them) with its address and unsent e-mails. Returns how
    many were deleted (0 when the link's subscription is already gone)."""
    link_key = key_from(token, Purpose.MANAGE)
    subscription = Subscription.objects.filter(key=link_key).first()
    if subscription is None:
        return 0
    chosen = _of_address(subscription.email)
    if not everything:
        chosen = chosen.filter(key=key or link_key)
    ended = list(chosen)
    for record in ended:
        audit_log(acting_user=None, action="subscription_end", record=record, summary={})
    Subscription.objects.filter(pk__in=[s.pk for s in ended]).delete()
    return len(ended)


# Alerts ---------------------------------------------------------------------------------------


def alert_is_news(event: TimelineEvent) -> bool:
    """A published event is news when it is recent: publishing a person's history (a transfer
    in 2021) alerts nobody."""
    since = timezone.localdate() - dt.timedelta(days=settings.UNHEARD_ALERT_RECENT_DAYS)
    return event.date >= since


def alert_for_event(*, event: TimelineEvent) -> Alert | None:
    """Record the alert for a timeline event that has just become public, once per event."""
    from unheard.publishing.selectors import ALERT_KINDS

    if event.kind not in ALERT_KINDS or not alert_is_news(event) or not is_public(event):
        return None
    if Alert.objects.filter(event=event).exists():
        return None
    alert = Alert.objects.create(kind=Alert.Kind.EVENT, person_id=event.person_id, event=event)
    outbox.fan_out_after_commit(alert_id=alert.pk)
    return alert


def alert_for_address(*, person: Person) -> Alert | None:
    """Record the alert for a public person's new place of detention (a new letter address)."""
    facility = person.current_facility
    if facility is None or not is_public(person) or not is_public(facility):
        return None
    alert = Alert.objects.create(kind=Alert.Kind.ADDRESS, person=person, facility=facility)
    outbox.fan_out_after_commit(alert_id=alert.pk)
    return alert


def followers_of(person: Person) -> Q:
    """The confirmed subscriptions that follow a person: the registry, the person, a public case
    of theirs, their home region or the region where they are held."""
    cases = CaseDefendant.objects.public().filter(person=person).values("case")
    regions = [r for r in (person.home_region_id, _held_region_id(person)) if r]
    follows = (
        Q(scope=Subscription.Scope.REGISTRY)
        | Q(scope=Subscription.Scope.PERSON, person=person)
        | Q(scope=Subscription.Scope.CASE, case__in=cases)
        | Q(scope=Subscription.Scope.REGION, region__in=regions)
    )
    return follows & Q(confirmed_at__isnull=False)


def _held_region_id(person: Person) -> int | None:
    facility = person.current_facility
    return facility.region_id if facility is not None and is_public(facility) else None


@transaction.atomic
def alert_fan_out(*, alert_id: int) -> int:
    """Queue the alert for every subscriber who follows its person, in batches; returns how many
    e-mails were queued. Running it twice queues nothing more."""
    alert = Alert.objects.select_for_update().select_related("person").filter(pk=alert_id).first()
    if alert is None or alert.fanned_out_at is not None:
        return 0
    queued = outbox.mails_queue_many(
        kind=OutgoingMail.Kind.ALERT,
        subscriptions=Subscription.objects.filter(followers_of(alert.person)),
        alert=alert,
    )
    alert.fanned_out_at = timezone.now()
    alert.save(update_fields=["fanned_out_at"])
    return queued


@transaction.atomic
def digests_queue(*, now: dt.datetime | None = None) -> int:
    """Queue the weekly digest for every confirmed subscriber not sent one for six days."""
    now = now or timezone.now()
    due = Subscription.objects.filter(confirmed_at__isnull=False).filter(
        Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lte=now - dt.timedelta(days=6))
    )
    return outbox.mails_queue_many(kind=OutgoingMail.Kind.DIGEST, subscriptions=due)
