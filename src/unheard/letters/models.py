"""Letters from supporters to prisoners: rules, letters, moderation, translation, delivery, replies.

Confidential on purpose: `Letter.author_email` and `Letter.author_ip` are used only to tell the
author what happened and to stop abuse. They never appear in public output, moderators without
the `view_author_contact` permission do not see them, and they are erased a configurable number
of days after delivery (`retention.py`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unheard.core.models import TimeStamped
from unheard.core.visibility import Always, Never, PublicManager
from unheard.registry.models import Facility, Person


def _random_name(folder: str, filename: str) -> str:
    """An upload path that cannot be guessed: scans and PDFs hold personal data."""
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def reply_scan_path(instance, filename: str) -> str:
    return _random_name("letters/replies", filename)


def batch_pdf_path(instance, filename: str) -> str:
    return _random_name("letters/batches", filename)


LETTER_LANGUAGES = [
    ("ru", _("Russian")),
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
]


class LetterRules(TimeStamped):
    """What censors reject and what to avoid: the global rules, or one facility's own.

    The row without a facility is the global text. A facility's row replaces it for letters to
    that facility (a language left empty there falls back to the global text in that language).
    """

    VISIBILITY = Always(with_=("facility",))

    facility = models.OneToOneField(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letter_rules",
        help_text=_("Leave empty for the rules that apply everywhere."),
    )
    text = models.TextField(
        _("rules"), blank=True, help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    photos_allowed = models.BooleanField(_("photos allowed"), default=True)
    postcards_allowed = models.BooleanField(_("postcards allowed"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("letter rules")
        verbose_name_plural = _("letter rules")
        ordering = ["facility__slug"]

    def __str__(self) -> str:
        if self.facility_id:
            return _("Rules for %(facility)s") % {"facility": self.facility}
        return str(_("Rules for every facility"))

    def clean(self) -> None:
        if self.facility_id is None:
            others = LetterRules.objects.filter(facility__isnull=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    _("The global rules already exist; change them instead of adding new ones.")
                )


class Letter(TimeStamped):
    VISIBILITY = Never(confidential=("author_email", "author_ip", "flag_reason"))

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted, awaiting the author's confirmation")
        CONFIRMED = "confirmed", _("confirmed by the author")
        IN_MODERATION = "in_moderation", _("in moderation")
        EDIT_REQUESTED = "edit_requested", _("returned to the author for changes")
        APPROVED = "approved", _("approved")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        RETURNED = "returned", _("returned undelivered")
        REJECTED = "rejected", _("rejected")

    class Channel(models.TextChoices):
        NONE = "", _("not sent yet")
        POST = "post", _("post (printed batch)")
        ELECTRONIC = "electronic", _("electronic letter service")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="letters"
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        help_text=_("Where the letter goes: the person's facility when it was written or batched."),
    )
    author_name = models.CharField(_("author's name or pseudonym"), max_length=100, blank=True)
    author_email = models.EmailField(_("author's e-mail (confidential)"), blank=True)
    author_ip = models.GenericIPAddressField(
        _("author's network address (confidential)"), null=True, blank=True
    )
    language = models.CharField(_("language of the letter"), max_length=2, choices=LETTER_LANGUAGES)
    interface_language = models.CharField(
        _("language of e-mails to the author"), max_length=2, choices=LETTER_LANGUAGES
    )
    text = models.TextField(_("text"))
    text_sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    rules_accepted_at = models.DateTimeField(_("rules accepted"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    flagged = models.BooleanField(_("flagged as possibly harmful"), default=False)
    flag_reason = models.TextField(_("why it was flagged"), blank=True)
    channel = models.CharField(
        _("sent through"), max_length=10, choices=Channel.choices, blank=True, default=Channel.NONE
    )
    electronic_service = models.CharField(
        _("electronic letter service"), max_length=100, blank=True
    )
    electronic_confirmation = models.CharField(_("confirmation number"), max_length=100, blank=True)
    batch = models.ForeignKey(
        "DeliveryBatch",
        verbose_name=_("batch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
    )
    personal_data_purged_at = models.DateTimeField(
        _("author's personal data erased"), null=True, blank=True
    )

    QUEUE_STATUSES = (Status.CONFIRMED, Status.IN_MODERATION)
    SENT_STATUSES = (Status.SENT, Status.DELIVERED, Status.RETURNED)

    objects = PublicManager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]
        permissions = [
            ("moderate_letter", _("Can moderate letters")),
            ("translate_letter", _("Can translate letters")),
            ("deliver_letter", _("Can batch, send and record the delivery of letters")),
            ("view_author_contact", _("Can see authors' e-mail and network addresses")),
            ("prepare_evening_pack", _("Can download letter-writing evening packs")),
        ]

    def __str__(self) -> str:
        return _("Letter to %(person)s, %(date)s") % {
            "person": self.person,
            "date": timezone.localtime(self.created_at).strftime("%Y-%m-%d")
            if self.created_at
            else "",
        }

    @property
    def needs_translation(self) -> bool:
        return self.language != "ru"

    @property
    def translation_ready(self) -> bool:
        if not self.needs_translation:
            return True
        translation = getattr(self, "translation", None)
        return bool(translation and translation.state == LetterTranslation.State.REVIEWED)


class LetterToken(models.Model):
    """A one-time link sent to the author. Only its SHA-256 is stored, never the token itself."""

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", _("confirm the letter")
        REVISE = "revise", _("revise the letter")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("link sent to the author")
        verbose_name_plural = _("links sent to authors")

    def __str__(self) -> str:
        return self.get_purpose_display()


class LetterAttachment(models.Model):
    """A photo or postcard, re-encoded from its pixels so that no metadata survives."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        POSTCARD = "postcard", _("postcard")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHOTO)
    image = models.ImageField(_("image"), upload_to="letters/attachments/%Y/%m/")
    content_type = models.CharField(max_length=30)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.width}×{self.height}"


class LetterStatusChange(models.Model):
    """One step of a letter's history: the new status, when, and who did it."""

    class Actor(models.TextChoices):
        AUTHOR = "author", _("the author")
        STAFF = "staff", _("staff")
        SYSTEM = "system", _("the system")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=15, choices=Letter.Status.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.CharField(_("by"), max_length=6, choices=Actor.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.at:%Y-%m-%d %H:%M})"


class ModerationDecision(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", _("approved")
        REQUEST_EDIT = "request_edit", _("asked the author to edit")
        REJECT = "reject", _("rejected")
        FLAG = "flag", _("flagged as possibly harmful")
        UNFLAG = "unflag", _("flag cleared")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_decision_display()


class LetterTranslation(models.Model):
    """The Russian translation a censor reads, printed after the original."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        DRAFT = "draft", _("draft")
        REVIEWED = "reviewed", _("reviewed")

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="translation")
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    text = models.TextField(_("translation into Russian"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.ASSIGNED
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return self.get_state_display()


class DeliveryBatch(TimeStamped):
    """Approved letters to one facility, printed together: cover sheet, envelopes, letters."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("PDF being prepared")
        READY = "ready", _("ready to print")
        FAILED = "failed", _("PDF failed")
        SENT = "sent", _("sent")

    facility = models.ForeignKey(
        Facility, verbose_name=_("facility"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREPARING
    )
    pdf = models.FileField(_("PDF"), upload_to=batch_pdf_path, blank=True)
    pdf_pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("delivery batch")
        verbose_name_plural = _("delivery batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("Batch %(number)s for %(facility)s") % {
            "number": self.pk,
            "facility": self.facility,
        }


class Reply(TimeStamped):
    """A prisoner's reply: a scan and/or a transcription. Public only with recorded consent."""

    VISIBILITY = Always(
        with_=("person",),
        also={"publication_consent": True},
        filled=("excerpt", "consent_note"),
        confidential=("scan", "transcription", "consent_note"),
    )

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="letter_replies"
    )
    letter = models.ForeignKey(
        Letter,
        verbose_name=_("in reply to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    received_on = models.DateField(_("received"), default=timezone.localdate)
    scan = models.FileField(_("scan"), upload_to=reply_scan_path, blank=True)
    transcription = models.TextField(_("transcription"), blank=True)
    excerpt = models.TextField(
        _("public excerpt"),
        blank=True,
        help_text=_("Shown on the person's page only when their consent is recorded below."),
    )
    publication_consent = models.BooleanField(
        _("the prisoner consents to publishing the excerpt"), default=False
    )
    consent_note = models.CharField(
        _("how consent was given"),
        max_length=300,
        blank=True,
        help_text=_("For example “in this reply, page 2” or “through the lawyer, 3 March”."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return _("Reply from %(person)s, %(date)s") % {
            "person": self.person,
            "date": self.received_on,
        }

    @property
    def excerpt_is_public(self) -> bool:
        return bool(self.excerpt and self.publication_consent and self.consent_note)

    def clean(self) -> None:
        if not self.scan and not self.transcription.strip():
            raise ValidationError(_("Upload a scan of the reply or type its transcription."))
        if self.excerpt and self.publication_consent and not self.consent_note.strip():
            raise ValidationError(
                {"consent_note": _("Say how the prisoner gave consent before publishing.")}
            )
        if self.letter_id and self.letter.person_id != self.person_id:
            raise ValidationError({"letter": _("That letter was written to someone else.")})


class LetterNotification(models.Model):
    """An e-mail to a letter's author, written to this outbox in the same transaction as the
    change it reports, then sent by a background task (and retried by `letters_send_mail`)."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("confirm your letter")
        APPROVED = "approved", _("letter approved")
        EDIT_REQUESTED = "edit_requested", _("please revise your letter")
        REJECTED = "rejected", _("letter rejected")
        SENT = "sent", _("letter sent")
        DELIVERED = "delivered", _("letter delivered")
        RETURNED = "returned", _("letter returned")
        REPLY = "reply", _("a reply arrived")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    reason = models.TextField(_("reason given"), blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("taken for sending"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail to an author")
        verbose_name_plural = _("e-mails to authors")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class RateLimitHit(models.Model):
    """One submission, counted against a keyed hash of the network or e-mail address."""

    scope = models.CharField(max_length=10)
    key_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "at"], name="letters_ratelimit_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
