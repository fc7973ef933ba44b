"""Writes to letters. Each service runs in one transaction and records who did what, when.

The order of statuses is decided in `workflow.py`, who may receive letters in `eligibility.py`,
and how long authors' data is kept in `retention.py`. Every change an author should hear about
queues an e-mail in the same transaction (`notifications.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log
from unheard.core.images import CleanImage
from unheard.letters.eligibility import letter_eligibility
from unheard.letters.models import (
    DeliveryBatch,
    Letter,
    LetterAttachment,
    LetterNotification,
    LetterStatusChange,
    LetterToken,
    LetterTranslation,
    ModerationDecision,
    Reply,
)
from unheard.letters.notifications import notification_queue
from unheard.letters.ratelimit import rate_limit_record, rate_limited
from unheard.letters.selectors import letters_ready_for_post, rules_effective
from unheard.letters.tokens import token_find
from unheard.letters.workflow import LetterStateError, check_transition
from unheard.registry.models import Facility, Person

S = Letter.Status
Actor = LetterStatusChange.Actor


class LetterRefused(Exception):
    """A submission we do not accept; `message` is shown to the author in their language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _require(user, permission: str) -> None:
    if user is None or not user.has_perm(f"letters.{permission}"):
        raise PermissionDenied(_("You do not have permission to do this."))


def _status_set(
    letter: Letter, status: str, *, actor: str, acting_user=None, note: str = "", now=None
) -> None:
    check_transition(letter, status)
    now = now or timezone.now()
    letter.status = status
    letter.status_changed_at = now
    letter.save(update_fields=["status", "status_changed_at", "updated_at"])
    LetterStatusChange.objects.create(
        letter=letter, status=status, at=now, actor=actor, by=acting_user, note=note
    )


def _audit(action: str, record, acting_user, **summary) -> None:
    audit_log(acting_user=acting_user, action=action, record=record, summary=summary)


def _locked(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().select_related("person").get(pk=letter.pk)


def text_normalise(text: str) -> str:
    return "\n".join(
        line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")
    ).strip()


def text_problem(text: str) -> str:
    """Why a letter's text cannot be accepted, or "" if it can."""
    if not text:
        return _("Your letter is empty. Please write something before sending it.")
    limit = settings.UNHEARD_LETTER_MAX_CHARS
    if len(text) > limit:
        return _(
            "Your letter has %(length)s characters; the limit is %(limit)s. "
            "Please shorten it: long letters are often held back by the censor."
        ) % {"length": len(text), "limit": limit}
    return ""


def _fingerprint(person: Person, email: str, text: str) -> str:
    return hashlib.sha256(f"{person.pk}\n{email.strip().lower()}\n{text}".encode()).hexdigest()


# Submission by the author -------------------------------------------------------------------


@dataclass(frozen=True)
class StoredImage:
    """An attachment already written to storage, waiting for its database row."""

    kind: str
    name: str
    image: CleanImage


def _attachments_store(attachments: Sequence[tuple[str, CleanImage]]) -> list[StoredImage]:
    now = timezone.now()
    stored = []
    for kind, image in attachments:
        name = f"letters/attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{image.extension}"
        stored.append(
            StoredImage(kind, default_storage.save(name, ContentFile(image.content)), image)
        )
    return stored


def letter_submit(
    *,
    person: Person,
    author_name: str,
    author_email: str,
    author_ip: str | None,
    language: str,
    interface_language: str,
    text: str,
    rules_accepted: bool,
    attachments: Sequence[tuple[str, CleanImage]] = (),
    now: dt.datetime | None = None,
) -> Letter:
    """Store a new letter and e-mail its author a confirmation link. Nothing is stored on refusal.

    The pictures (already checked and re-encoded by `images.py`) are written to storage before
    the write transaction begins, so that the transaction holds the database's write lock only
    for a few inserts; they are deleted again if the letter is refused.
    """
    stored = _attachments_store(attachments)
    try:
        return _letter_record(
            person=person,
            author_name=author_name,
            author_email=author_email,
            author_ip=author_ip,
            language=language,
            interface_language=interface_language,
            text=text,
            rules_accepted=rules_accepted,
            attachments=stored,
            now=now,
        )
    except BaseException:
        for picture in stored:
            default_storage.delete(picture.name)
        raise


@transaction.atomic
def _letter_record(
    *,
    person: Person,
    author_name: str,
    author_email: str,
    author_ip: str | None,
    language: str,
    interface_language: str,
    text: str,
    rules_accepted: bool,
    attachments: Sequence[StoredImage],
    now: dt.datetime | None = None,
) -> Letter:
    now = now or timezone.now()
    eligibility = letter_eligibility(person)
    if not eligibility:
        raise LetterRefused(eligibility.reason, str(eligibility.explanation))
    if not rules_accepted:
        raise LetterRefused("rules", _("Please read the rules and agree to them."))
    text = text_normalise(text)
    problem = text_problem(text)
    if problem:
        raise LetterRefused("text", problem)
    if language not in dict(settings.LANGUAGES):
        raise LetterRefused("language", _("Please choose the language of your letter."))
    rules = rules_effective(facility=person.current_facility)
    if len(attachments) > settings.UNHEARD_LETTER_MAX_ATTACHMENTS:
        raise LetterRefused(
            "attachments",
            _("You can attach at most %(count)s pictures.")
            % {"count": settings.UNHEARD_LETTER_MAX_ATTACHMENTS},
        )
    for kind in {picture.kind for picture in attachments}:
        if kind == LetterAttachment.Kind.PHOTO and not rules.photos_allowed:
            raise LetterRefused("attachments", _("This facility does not accept photos."))
        if kind == LetterAttachment.Kind.POSTCARD and not rules.postcards_allowed:
            raise LetterRefused("attachments", _("This facility does not accept postcards."))
    keys = {"ip": author_ip or "", "email": author_email}
    if rate_limited(keys=keys, now=now):
        raise LetterRefused(
            "rate_limited",
            _(
                "You have just sent a letter. Please wait a minute before sending another; "
                "there is also a daily limit."
            ),
        )
    fingerprint = _fingerprint(person, author_email, text)
    if Letter.objects.filter(text_sha256=fingerprint).exclude(status=S.REJECTED).exists():
        raise LetterRefused(
            "duplicate",
            _("We already have this letter from you. Please check your e-mail for our message."),
        )
    rate_limit_record(keys=keys, now=now)
    letter = Letter.objects.create(
        person=person,
        facility=person.current_facility,
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        author_ip=author_ip or None,
        language=language,
        interface_language=interface_language,
        text=text,
        text_sha256=fingerprint,
        status=S.SUBMITTED,
        status_changed_at=now,
        rules_accepted_at=now,
    )
    for picture in attachments:
        image = picture.image
        LetterAttachment.objects.create(
            letter=letter,
            kind=picture.kind,
            image=picture.name,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            size=len(image.content),
            sha256=image.sha256,
        )
    LetterStatusChange.objects.create(letter=letter, status=S.SUBMITTED, at=now, actor=Actor.AUTHOR)
    notification_queue(letter=letter, kind=LetterNotification.Kind.CONFIRM)
    _audit(
        "letter_submit",
        letter,
        None,
        status=letter.status,
        language=letter.language,
        attachments=len(attachments),
    )
    return letter


@transaction.atomic
def letter_confirm(*, token: str) -> Letter:
    """The author followed the link in our e-mail. Raises TokenError (invalid, used, expired)."""
    found = token_find(raw=token, purpose=LetterToken.Purpose.CONFIRM, lock=True)
    now = timezone.now()
    found.used_at = now
    found.save(update_fields=["used_at"])
    letter = _locked(found.letter)
    if letter.status == S.SUBMITTED:
        letter.confirmed_at = now
        letter.save(update_fields=["confirmed_at"])
        _status_set(letter, S.CONFIRMED, actor=Actor.AUTHOR, now=now)
    _audit("letter_confirm", letter, None, status=letter.status)
    return letter


@transaction.atomic
def letter_revise(*, token: str, text: str) -> Letter:
    """The author rewrote a letter a moderator sent back; it returns to the moderation queue."""
    found = token_find(raw=token, purpose=LetterToken.Purpose.REVISE, lock=True)
    letter = _locked(found.letter)
    if letter.status != S.EDIT_REQUESTED:
        raise LetterStateError(_("This letter is no longer waiting for your changes."))
    text = text_normalise(text)
    problem = text_problem(text)
    if problem:
        raise LetterRefused("text", problem)
    now = timezone.now()
    found.used_at = now
    found.save(update_fields=["used_at"])
    letter.text = text
    letter.text_sha256 = _fingerprint(letter.person, letter.author_email, text)
    letter.save(update_fields=["text", "text_sha256", "updated_at"])
    LetterTranslation.objects.filter(letter=letter).exclude(
        state=LetterTranslation.State.ASSIGNED
    ).update(state=LetterTranslation.State.DRAFT, reviewed_by=None, reviewed_at=None)
    _status_set(
        letter, S.IN_MODERATION, actor=Actor.AUTHOR, now=now, note=_("Revised by the author.")
    )
    _audit("letter_revise", letter, None, status=letter.status, text_changed=True)
    return letter


# Moderation ---------------------------------------------------------------------------------


def _into_moderation(letter: Letter, acting_user) -> None:
    if letter.status == S.CONFIRMED:
        _status_set(letter, S.IN_MODERATION, actor=Actor.STAFF, acting_user=acting_user)
    if letter.moderator_id is None:
        letter.moderator = acting_user
        letter.save(update_fields=["moderator"])


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give a reason; the author will read it."))
    return reason


@transaction.atomic
def letter_take(*, letter: Letter, acting_user) -> Letter:
    _require(acting_user, "moderate_letter")
    letter = _locked(letter)
    check_transition(letter, S.IN_MODERATION)
    _status_set(letter, S.IN_MODERATION, actor=Actor.STAFF, acting_user=acting_user)
    letter.moderator = acting_user
    letter.save(update_fields=["moderator"])
    _audit("letter_take", letter, acting_user, status=letter.status)
    return letter


@transaction.atomic
def letter_approve(*, letter: Letter, acting_user) -> Letter:
    _require(acting_user, "moderate_letter")
    letter = _locked(letter)
    if letter.flagged:
        raise LetterStateError(
            _("This letter is flagged as possibly harmful. Clear the flag or ask for changes.")
        )
    check_transition(letter, S.APPROVED)
    _into_moderation(letter, acting_user)
    _status_set(letter, S.APPROVED, actor=Actor.STAFF, acting_user=acting_user)
    ModerationDecision.objects.create(
        letter=letter, decision=ModerationDecision.Decision.APPROVE, by=acting_user
    )
    notification_queue(letter=letter, kind=LetterNotification.Kind.APPROVED)
    _audit("letter_approve", letter, acting_user, status=letter.status)
    return letter


@transaction.atomic
def letter_request_edit(*, letter: Letter, acting_user, reason: str) -> Letter:
    _require(acting_user, "moderate_letter")
    reason = _reason_required(reason)
    letter = _locked(letter)
    check_transition(letter, S.EDIT_REQUESTED)
    _into_moderation(letter, acting_user)
    _status_set(letter, S.EDIT_REQUESTED, actor=Actor.STAFF, acting_user=acting_user, note=reason)
    ModerationDecision.objects.create(
        letter=letter,
        decision=ModerationDecision.Decision.REQUEST_EDIT,
        reason=reason,
        by=acting_user,
    )
    notification_queue(letter=letter, kind=LetterNotification.Kind.EDIT_REQUESTED, reason=reason)
    _audit("letter_request_edit", letter, acting_user, status=letter.status, reason=reason)
    return letter


@transaction.atomic
def letter_reject(*, letter: Letter, acting_user, reason: str) -> Letter:
    _require(acting_user, "moderate_letter")
    reason = _reason_required(reason)
    letter = _locked(letter)
    check_transition(letter, S.REJECTED)
    _into_moderation(letter, acting_user)
    _status_set(letter, S.REJECTED, actor=Actor.STAFF, acting_user=acting_user, note=reason)
    ModerationDecision.objects.create(
        letter=letter, decision=ModerationDecision.Decision.REJECT, reason=reason, by=acting_user
    )
    notification_queue(letter=letter, kind=LetterNotification.Kind.REJECTED, reason=reason)
    _audit("letter_reject", letter, acting_user, status=letter.status, reason=reason)
    return letter


@transaction.atomic
def letter_flag(*, letter: Letter, acting_user, reason: str) -> Letter:
    """Mark content that could harm the prisoner. A flagged letter is neither approved nor printed."""
    _require(acting_user, "moderate_letter")
    reason = _reason_required(reason)
    letter = _locked(letter)
    if letter.status in Letter.SENT_STATUSES:
        raise LetterStateError(_("This letter has already been sent."))
    letter.flagged = True
    letter.flag_reason = reason
    letter.save(update_fields=["flagged", "flag_reason", "updated_at"])
    ModerationDecision.objects.create(
        letter=letter, decision=ModerationDecision.Decision.FLAG, reason=reason, by=acting_user
    )
    _audit("letter_flag", letter, acting_user, flagged=True, reason=reason)
    return letter


@transaction.atomic
def letter_unflag(*, letter: Letter, acting_user, reason: str = "") -> Letter:
    _require(acting_user, "moderate_letter")
    letter = _locked(letter)
    letter.flagged = False
    letter.save(update_fields=["flagged", "updated_at"])
    ModerationDecision.objects.create(
        letter=letter, decision=ModerationDecision.Decision.UNFLAG, reason=reason, by=acting_user
    )
    _audit("letter_unflag", letter, acting_user, flagged=False, reason=reason)
    return letter


# Translation --------------------------------------------------------------------------------


def _translation(letter: Letter) -> LetterTranslation:
    translation, _created = LetterTranslation.objects.select_for_update().get_or_create(
        letter=letter
    )
    return translation


@transaction.atomic
def translation_assign(*, letter: Letter, translator, acting_user) -> LetterTranslation:
    _require(acting_user, "moderate_letter")
    _require(translator, "translate_letter")
    if not letter.needs_translation:
        raise LetterStateError(_("This letter is written in Russian; it needs no translation."))
    translation = _translation(letter)
    translation.translator = translator
    translation.assigned_by = acting_user
    translation.assigned_at = timezone.now()
    translation.save()
    _audit("translation_assign", translation, acting_user, translator=translator)
    return translation


@transaction.atomic
def translation_save(*, letter: Letter, text: str, acting_user) -> LetterTranslation:
    """Save a draft translation. Saving changed text after a review makes it a draft again."""
    _require(acting_user, "translate_letter")
    if not letter.needs_translation:
        raise LetterStateError(_("This letter is written in Russian; it needs no translation."))
    text = text_normalise(text)
    if not text:
        raise ValidationError(_("The translation is empty."))
    translation = _translation(letter)
    if translation.text == text and translation.state == LetterTranslation.State.REVIEWED:
        return translation
    translation.text = text
    translation.state = LetterTranslation.State.DRAFT
    translation.reviewed_by = None
    translation.reviewed_at = None
    if translation.translator_id is None:
        translation.translator = acting_user
        translation.assigned_at = timezone.now()
    translation.save()
    _audit("translation_save", translation, acting_user, state=translation.state)
    return translation


@transaction.atomic
def translation_review(*, letter: Letter, acting_user) -> LetterTranslation:
    _require(acting_user, "translate_letter")
    translation = _translation(letter)
    if not translation.text.strip():
        raise LetterStateError(_("There is no translation to review yet."))
    translation.state = LetterTranslation.State.REVIEWED
    translation.reviewed_by = acting_user
    translation.reviewed_at = timezone.now()
    translation.save()
    _audit("translation_review", translation, acting_user, state=translation.state)
    return translation


# Delivery -----------------------------------------------------------------------------------


@transaction.atomic
def batch_create(*, facility: Facility, acting_user) -> DeliveryBatch:
    """Collect every approved, translated, unflagged letter for people held in one facility."""
    _require(acting_user, "deliver_letter")
    letters = list(letters_ready_for_post(facility=facility).select_for_update(of=("self",)))
    if not letters:
        raise LetterStateError(
            _("No approved letters are waiting to be printed for %(facility)s.")
            % {"facility": facility}
        )
    batch = DeliveryBatch.objects.create(facility=facility, created_by=acting_user)
    Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        batch=batch, facility=facility
    )
    transaction.on_commit(lambda: _enqueue_render(batch.pk))
    _audit("batch_create", batch, acting_user, letters=len(letters))
    return batch


def _enqueue_render(batch_id: int) -> None:
    from unheard.letters.tasks import render_delivery_batch

    render_delivery_batch.enqueue(batch_id=batch_id)


def batch_render(*, batch_id: int) -> int:
    """Typeset a batch into its printable PDF; returns the number of pages."""
    from unheard.letters.pdf import batch_pdf

    batch = DeliveryBatch.objects.select_related("facility__region").get(pk=batch_id)
    try:
        content, pages = batch_pdf(batch=batch)
    except Exception as error:
        DeliveryBatch.objects.filter(pk=batch_id).update(
            state=DeliveryBatch.State.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    with transaction.atomic():
        batch = DeliveryBatch.objects.select_for_update().get(pk=batch_id)
        if batch.pdf:
            batch.pdf.delete(save=False)
        batch.pdf.save(f"batch-{batch.pk}.pdf", ContentFile(content), save=False)
        batch.pdf_pages = pages
        batch.error = ""
        if batch.state != DeliveryBatch.State.SENT:
            batch.state = DeliveryBatch.State.READY
        batch.save()
        _audit("batch_render", batch, None, pages=pages)
    return pages


@transaction.atomic
def batch_mark_sent(*, batch: DeliveryBatch, acting_user) -> DeliveryBatch:
    """The printed batch went into the post: every approved letter in it is now sent."""
    _require(acting_user, "deliver_letter")
    batch = DeliveryBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state == DeliveryBatch.State.SENT:
        raise LetterStateError(_("This batch is already marked as sent."))
    now = timezone.now()
    for letter in batch.letters.select_for_update().filter(status=S.APPROVED):
        letter.channel = Letter.Channel.POST
        letter.save(update_fields=["channel"])
        _status_set(letter, S.SENT, actor=Actor.STAFF, acting_user=acting_user, now=now)
        notification_queue(letter=letter, kind=LetterNotification.Kind.SENT)
    batch.state = DeliveryBatch.State.SENT
    batch.sent_at = now
    batch.sent_by = acting_user
    batch.save()
    _audit("batch_mark_sent", batch, acting_user, state=batch.state)
    return batch


@transaction.atomic
def letter_mark_sent_electronically(
    *, letter: Letter, acting_user, service: str, confirmation: str
) -> Letter:
    """Record a letter sent through an electronic letter service, with its confirmation number."""
    _require(acting_user, "deliver_letter")
    confirmation = (confirmation or "").strip()
    if not confirmation:
        raise ValidationError(_("Enter the confirmation number the service gave you."))
    letter = _locked(letter)
    if letter.flagged:
        raise LetterStateError(_("This letter is flagged as possibly harmful."))
    if not letter.translation_ready:
        raise LetterStateError(_("This letter needs a reviewed Russian translation first."))
    check_transition(letter, S.SENT)
    letter.channel = Letter.Channel.ELECTRONIC
    letter.electronic_service = (service or "").strip()
    letter.electronic_confirmation = confirmation
    letter.facility = letter.person.current_facility or letter.facility
    letter.save(
        update_fields=["channel", "electronic_service", "electronic_confirmation", "facility"]
    )
    _status_set(
        letter,
        S.SENT,
        actor=Actor.STAFF,
        acting_user=acting_user,
        note=f"{service} {confirmation}".strip(),
    )
    notification_queue(letter=letter, kind=LetterNotification.Kind.SENT)
    _audit(
        "letter_mark_sent_electronically",
        letter,
        acting_user,
        status=letter.status,
        service=letter.electronic_service,
    )
    return letter


@transaction.atomic
def letter_mark_delivered(*, letter: Letter, acting_user, note: str = "") -> Letter:
    _require(acting_user, "deliver_letter")
    letter = _locked(letter)
    _status_set(letter, S.DELIVERED, actor=Actor.STAFF, acting_user=acting_user, note=note)
    notification_queue(letter=letter, kind=LetterNotification.Kind.DELIVERED)
    _audit("letter_mark_delivered", letter, acting_user, status=letter.status)
    return letter


@transaction.atomic
def letter_mark_returned(*, letter: Letter, acting_user, reason: str = "") -> Letter:
    _require(acting_user, "deliver_letter")
    letter = _locked(letter)
    _status_set(letter, S.RETURNED, actor=Actor.STAFF, acting_user=acting_user, note=reason)
    notification_queue(letter=letter, kind=LetterNotification.Kind.RETURNED, reason=reason)
    _audit("letter_mark_returned", letter, acting_user, status=letter.status, reason=reason)
    return letter


@transaction.atomic
def letter_send_again(*, letter: Letter, acting_user) -> Letter:
    """A returned letter goes back among the approved ones, to be printed in a later batch."""
    _require(acting_user, "deliver_letter")
    letter = _locked(letter)
    _status_set(
        letter, S.APPROVED, actor=Actor.STAFF, acting_user=acting_user, note=_("To be sent again.")
    )
    letter.batch = None
    letter.channel = Letter.Channel.NONE
    letter.save(update_fields=["batch", "channel"])
    _audit("letter_send_again", letter, acting_user, status=letter.status)
    return letter


# Replies ------------------------------------------------------------------------------------


@transaction.atomic
def reply_record(
    *,
    person: Person,
    acting_user,
    letter: Letter | None = None,
    received_on: dt.date | None = None,
    scan=None,
    transcription: str = "",
    excerpt: str = "",
    publication_consent: bool = False,
    consent_note: str = "",
) -> Reply:
    """Record a prisoner's reply and tell the author of the letter it answers."""
    _require(acting_user, "deliver_letter")
    reply = Reply(
        person=person,
        letter=letter,
        received_on=received_on or timezone.localdate(),
        transcription=(transcription or "").strip(),
        excerpt=(excerpt or "").strip(),
        publication_consent=publication_consent,
        consent_note=(consent_note or "").strip(),
        recorded_by=acting_user,
    )
    if scan:
        reply.scan = scan
    reply.full_clean()
    reply.save()
    if letter is not None:
        notification_queue(letter=letter, kind=LetterNotification.Kind.REPLY)
    _audit(
        "reply_record", reply, acting_user, letter=letter, publication_consent=publication_consent
    )
    return reply
