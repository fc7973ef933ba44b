"""Writes to actions, days of action, groups, sign-ups and reports: validated, audited, one
transaction each. Publication goes through `unheard.core.publication` (the admin's actions).

Sign-ups, the policy:
* A sign-up counts only once its e-mail is confirmed by the link we send. One e-mail joins one
  action once (a unique constraint, so two requests at the same moment make one row); a second
  sign-up with the same address sends the confirmation again and changes nothing else.
* With a capacity, confirmed sign-ups beyond it go on the waiting list in the order they were
  confirmed; when someone cancels, the first on the list moves up and is told by e-mail.
* One network address may send ten sign-ups to one action (or ten proposals) in ten minutes, one
  e-mail address three, and each `UNHEARD_ACTION_DAILY_LIMIT` times a day (`core.ratelimit`).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from unheard.actions.mail import Kind, mail_queue
from unheard.actions.models import (
    Action,
    ActionMail,
    ActionRateLimitHit,
    ActionReport,
    DayOfAction,
    DayStatement,
    Group,
    ReportPhoto,
    SignUp,
)
from unheard.core import ratelimit
from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.images import CleanImage
from unheard.core.models import PublicationState
from unheard.core.publication import record_submit
from unheard.core.services import editable_fields, model_create, model_update

Status = SignUp.Status
JOINABLE = (Action.Status.PLANNED, Action.Status.HAPPENING)


# Records: actions, days, groups, statements ------------------------------------------------


def _create(model, *, data: Mapping[str, Any], acting_user, action: str):
    fields = editable_fields(model)
    record = model_create(model=model, fields=fields, data=data)
    summary = creation_summary(record, [name for name in fields if name in data])
    audit_log(acting_user=acting_user, action=action, record=record, summary=summary)
    return record


def _update(record, *, data: Mapping[str, Any], acting_user, action: str):
    record, changes = model_update(instance=record, fields=editable_fields(type(record)), data=data)
    if changes:
        summary = change_summary(record, changes)
        audit_log(acting_user=acting_user, action=action, record=record, summary=summary)
    return record


@transaction.atomic
def action_create(*, data: Mapping[str, Any], acting_user) -> Action:
    return _create(Action, data=data, acting_user=acting_user, action="action_create")


@transaction.atomic
def action_update(*, action: Action, data: Mapping[str, Any], acting_user) -> Action:
    return _update(action, data=data, acting_user=acting_user, action="action_update")


@transaction.atomic
def action_delete(*, action: Action, acting_user) -> None:
    audit_log(acting_user=acting_user, action="action_delete", record=action, summary={})
    action.delete()


@transaction.atomic
def day_create(*, data: Mapping[str, Any], acting_user) -> DayOfAction:
    return _create(DayOfAction, data=data, acting_user=acting_user, action="day_create")


@transaction.atomic
def day_update(*, day: DayOfAction, data: Mapping[str, Any], acting_user) -> DayOfAction:
    return _update(day, data=data, acting_user=acting_user, action="day_update")


@transaction.atomic
def group_create(*, data: Mapping[str, Any], acting_user) -> Group:
    return _create(Group, data=data, acting_user=acting_user, action="group_create")


@transaction.atomic
def group_update(*, group: Group, data: Mapping[str, Any], acting_user) -> Group:
    return _update(group, data=data, acting_user=acting_user, action="group_update")


@transaction.atomic
def statement_create(*, data: Mapping[str, Any], acting_user) -> DayStatement:
    return _create(DayStatement, data=data, acting_user=acting_user, action="statement_create")


@transaction.atomic
def statement_update(
    *, statement: DayStatement, data: Mapping[str, Any], acting_user
) -> DayStatement:
    return _update(statement, data=data, acting_user=acting_user, action="statement_update")


# Sign-ups ----------------------------------------------------------------------------------


# People sign up together from one network address (a letter-writing evening, an office behind
# NAT): an address may send ten to one action in ten minutes; one e-mail address three.
RATE_LIMITS = {
    "ip": ratelimit.Limit(10, dt.timedelta(minutes=10)),
    "email": ratelimit.Limit(3, dt.timedelta(minutes=10)),
}


def _rate_keys(*, email: str, ip: str | None, target: str) -> dict[str, str]:
    """The network address counts per action (or per proposal form), the e-mail everywhere."""
    return {"ip": f"{ip}|{target}" if ip else "", "email": email}


def _check_rate(keys: dict[str, str]) -> None:
    limit = settings.UNHEARD_ACTION_DAILY_LIMIT
    if ratelimit.rate_limited(
        hits=ActionRateLimitHit, keys=keys, daily_limit=limit, limits=RATE_LIMITS
    ):
        raise ValidationError(
            _("Too many requests from your address. Please wait a few minutes and try again."),
            code="rate_limited",
        )
    ratelimit.rate_limit_record(hits=ActionRateLimitHit, keys=keys)


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    return email


def _check_joinable(action: Action) -> None:
    if not Action.objects.public().filter(pk=action.pk, status__in=JOINABLE).exists():
        raise ValidationError(_("This action takes no more sign-ups."), code="closed")


@transaction.atomic
def sign_up_submit(
    *, action: Action, name: str, email: str, language: str, ip: str | None, acting_user=None
) -> SignUp:
    """Record a sign-up waiting for its e-mail to be confirmed, and send the link."""
    email = _clean_email(email)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give a name or a pseudonym.")})
    _check_joinable(action)
    _check_rate(_rate_keys(email=email, ip=ip, target=f"action:{action.pk}"))
    existing = _existing_sign_up(action, email)
    if existing is None:
        try:
            with transaction.atomic():
                sign_up = SignUp(action=action, name=name[:120], email=email, language=language)
                sign_up.full_clean(validate_constraints=False)
                sign_up.save()
        except IntegrityError:  # the same address at the same moment: one row
            existing = _existing_sign_up(action, email)
    if existing is not None:
        if existing.status == Status.CANCELLED:
            existing.status = Status.UNCONFIRMED
            existing.save(update_fields=["status"])
        if existing.status == Status.UNCONFIRMED:
            mail_queue(kind=Kind.SIGN_UP_CONFIRM, sign_up=existing, language=language)
        return existing
    audit_log(
        acting_user=acting_user,
        action="sign_up_submit",
        record=sign_up,
        summary={"action": action.slug, "status": sign_up.status},
    )
    mail_queue(kind=Kind.SIGN_UP_CONFIRM, sign_up=sign_up, language=language)
    return sign_up


def _existing_sign_up(action: Action, email: str) -> SignUp | None:
    return (
        SignUp.objects.annotate(address=Lower("email"))
        .filter(action=action, address=email.lower())
        .first()
    )


def _places_taken(action: Action) -> int:
    return action.sign_ups.filter(status=Status.CONFIRMED).count()


def _lock(action: Action) -> Action:
    """Serialise the sign-ups of one action, so that two confirmations cannot both take the
    last place."""
    return Action.objects.select_for_update().get(pk=action.pk)


@transaction.atomic
def sign_up_confirm(*, sign_up_id: int, acting_user=None) -> SignUp:
    sign_up = SignUp.objects.select_related("action").get(pk=sign_up_id)
    if sign_up.status != Status.UNCONFIRMED:
        return sign_up
    action = _lock(sign_up.action)
    full = action.capacity is not None and _places_taken(action) >= action.capacity
    sign_up.status = Status.WAITING if full else Status.CONFIRMED
    sign_up.confirmed_at = timezone.now()
    sign_up.save(update_fields=["status", "confirmed_at"])
    audit_log(
        acting_user=acting_user,
        action="sign_up_confirm",
        record=sign_up,
        summary={"status": sign_up.status},
    )
    mail_queue(kind=Kind.SIGN_UP_CONFIRMED, sign_up=sign_up, language=sign_up.language)
    return sign_up


@transaction.atomic
def sign_up_cancel(*, sign_up_id: int, acting_user=None) -> SignUp:
    """Cancel a sign-up; if it held a place, the first on the waiting list takes it."""
    sign_up = SignUp.objects.select_related("action").get(pk=sign_up_id)
    if sign_up.status == Status.CANCELLED:
        return sign_up
    action = _lock(sign_up.action)
    held_place = sign_up.status == Status.CONFIRMED
    sign_up.status = Status.CANCELLED
    sign_up.cancelled_at = timezone.now()
    sign_up.save(update_fields=["status", "cancelled_at"])
    audit_log(acting_user=acting_user, action="sign_up_cancel", record=sign_up, summary={})
    if held_place:
        _promote_waiting(action, acting_user=acting_user)
    return sign_up


def _promote_waiting(action: Action, *, acting_user) -> None:
    if action.capacity is not None and _places_taken(action) >= action.capacity:
        return
    first = action.sign_ups.filter(status=Status.WAITING).order_by("confirmed_at", "pk").first()
    if first is None:
        return
    first.status = Status.CONFIRMED
    first.save(update_fields=["status"])
    audit_log(
        acting_user=acting_user,
        action="sign_up_promote",
        record=first,
        summary={"status": first.status},
    )
    mail_queue(kind=Kind.SIGN_UP_PROMOTED, sign_up=first, language=first.language)


def _tomorrow_in(action: Action, now: dt.datetime) -> bool:
    zone = zoneinfo.ZoneInfo(action.time_zone or "UTC")
    return action.local_start.date() == now.astimezone(zone).date() + dt.timedelta(days=1)


@transaction.atomic
def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Queue the reminder to everyone confirmed for an action that starts tomorrow (in the
    action's own time zone); each person is reminded once."""
    now = now or timezone.now()
    due = (
        SignUp.objects.select_related("action")
        .select_for_update(of=("self",))
        .filter(
            status=Status.CONFIRMED,
            reminded_at__isnull=True,
            action__status__in=JOINABLE,
            action__starts_at__gt=now,
            action__starts_at__lt=now + dt.timedelta(hours=50),
            action__in=Action.objects.public(),
        )
    )
    sent = 0
    for sign_up in due:
        if not _tomorrow_in(sign_up.action, now):
            continue
        SignUp.objects.filter(pk=sign_up.pk).update(reminded_at=now)
        mail_queue(kind=Kind.REMINDER, sign_up=sign_up, language=sign_up.language)
        sent += 1
    return sent


# Proposals: "organise an action in your city" ----------------------------------------------

PROPOSAL_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "time_zone",
    "online",
    "venue",
    "city",
    "country",
    "day",
    "starts_on",
)


@transaction.atomic
def proposal_submit(
    *,
    data: Mapping[str, Any],
    proposer_name: str,
    proposer_email: str,
    language: str,
    ip: str | None,
    acting_user=None,
) -> Action:
    """A visitor's proposed action: a draft until its e-mail is confirmed, then in review until
    an organiser publishes it. Nothing of it is public before that."""
    email = _clean_email(proposer_email)
    _check_rate(_rate_keys(email=email, ip=ip, target="proposal"))
    values = {name: data[name] for name in PROPOSAL_FIELDS if name in data}
    values.update(
        slug=_free_slug(values.get("title", "")),
        proposer_name=(proposer_name or "").strip(),
        proposer_email=email,
        publication_state=PublicationState.DRAFT,
    )
    action = model_create(model=Action, fields=[*values], data=values)
    audit_log(
        acting_user=acting_user,
        action="proposal_submit",
        record=action,
        summary=creation_summary(action, [n for n in values if n in PROPOSAL_FIELDS]),
    )
    mail_queue(kind=Kind.PROPOSAL_CONFIRM, action=action, language=language)
    return action


def _free_slug(title: str) -> str:
    from django.utils.crypto import get_random_string
    from django.utils.text import slugify

    base = (slugify(title, allow_unicode=False) or "action")[:80]
    return f"{base}-{get_random_string(6, 'abcdefghijkmnpqrstuvwxyz23456789')}"


@transaction.atomic
def proposal_confirm(*, action_id: int, acting_user=None) -> Action:
    """The proposer confirmed the e-mail: the action goes to the organisers for review."""
    action = Action.objects.select_for_update().get(pk=action_id)
    if action.proposal_confirmed_at is not None or not action.proposer_email:
        return action
    Action.objects.filter(pk=action.pk).update(proposal_confirmed_at=timezone.now())
    action.refresh_from_db()
    if action.publication_state == PublicationState.DRAFT:
        record_submit(record=action, acting_user=acting_user)
    return action


# Reports and messages ----------------------------------------------------------------------


@transaction.atomic
def report_post(
    *,
    action: Action,
    data: Mapping[str, Any],
    photos: Iterable[tuple[CleanImage, str, bool]] = (),
    acting_user,
) -> ActionReport:
    """Post (or revise) an action's report; each photo is a cleaned image (`core.images`), its
    caption and whether those shown agreed to publication."""
    report = ActionReport.objects.filter(action=action).first()
    values = {**data, "action": action}
    if report is None:
        report = _create(ActionReport, data=values, acting_user=acting_user, action="report_post")
    else:
        report = _update(report, data=data, acting_user=acting_user, action="report_update")
    for image, caption, consent in photos:
        photo_add(
            report=report, image=image, caption=caption, consent=consent, acting_user=acting_user
        )
    return report


@transaction.atomic
def photo_add(
    *, report: ActionReport, image: CleanImage, caption: str, consent: bool, acting_user
) -> ReportPhoto:
    from django.core.files.base import ContentFile

    photo = ReportPhoto(
        report=report,
        caption=caption,
        consent=consent,
        content_type=image.content_type,
        width=image.width,
        height=image.height,
    )
    photo.image.save(
        f"{image.sha256[:16]}.{image.extension}", ContentFile(image.content), save=False
    )
    photo.full_clean()
    photo.save()
    audit_log(
        acting_user=acting_user,
        action="photo_add",
        record=photo,
        summary={"report": report.pk, "consent": consent},
    )
    return photo


@transaction.atomic
def photo_update(*, photo: ReportPhoto, data: Mapping[str, Any], acting_user) -> ReportPhoto:
    """Change a photo's caption or the consent recorded for it."""
    values = {name: data[name] for name in ("caption", "consent") if name in data}
    return _update(photo, data=values, acting_user=acting_user, action="photo_update")


def day_groups(day: DayOfAction) -> list[Group]:
    """The groups of a day: those that called it and those that run its actions."""
    groups = Group.objects.filter(days_called=day) | Group.objects.filter(actions__day=day)
    return list(groups.distinct().order_by("name"))


@transaction.atomic
def day_message_groups(*, day: DayOfAction, subject: str, body: str, acting_user) -> int:
    """Queue an organiser's message to every group of the day that has an e-mail address."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise ValidationError(_("Write a subject and a message."))
    groups = [group for group in day_groups(day) if group.email]
    for group in groups:
        mail_queue(
            kind=Kind.GROUP_MESSAGE, group=group, subject=subject[:200], body=body, language="en"
        )
    audit_log(
        acting_user=acting_user,
        action="day_message_groups",
        record=day,
        summary={"subject": subject[:200], "groups": len(groups)},
    )
    return len(groups)


# Retention ------------------------------------------------------------------------------------


def actions_ended_before(cutoff: dt.date):
    """Actions whose last day (the end, else the start, as recorded) is before `cutoff`."""
    return Action.objects.filter(
        Q(ends_at__date__lt=cutoff)
        | Q(ends_at__isnull=True, starts_at__date__lt=cutoff)
        | Q(ends_at__isnull=True, starts_at__isnull=True, ends_on__lt=cutoff)
        | Q(
            ends_at__isnull=True, starts_at__isnull=True, ends_on__isnull=True, starts_on__lt=cutoff
        )
    )


@transaction.atomic
def signups_purge(*, today: dt.date | None = None) -> int:
    """Delete the sign-ups of actions that ended `UNHEARD_ACTION_SIGNUP_RETENTION_DAYS` ago (their
    e-mails go with them) and erase the proposer's name and e-mail; returns how many sign-ups.

    Names and e-mails are kept only while the action needs them (confirmation, waiting list,
    reminder); counts already shown on pages do not change, reports keep their attendance.
    """
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.UNHEARD_ACTION_SIGNUP_RETENTION_DAYS)
    ended = actions_ended_before(cutoff)
    sign_ups = SignUp.objects.filter(action__in=ended)
    count = sign_ups.count()
    sign_ups.delete()
    ActionMail.objects.filter(action__in=ended, kind=ActionMail.Kind.PROPOSAL_CONFIRM).delete()
    proposers = ended.exclude(proposer_name="", proposer_email="").update(
        proposer_name="", proposer_email=""
    )
    if count or proposers:
        audit_log(
            acting_user=None,
            action="signups_purge",
            record=None,
            summary={"before": cutoff.isoformat(), "sign_ups": count, "proposers": proposers},
        )
    return count
