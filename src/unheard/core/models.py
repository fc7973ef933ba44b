"""Shared building blocks: sources and citations, the publication workflow, timestamps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unheard.core.visibility import PublicManager, ReferredTo


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Source(TimeStamped):
    """A public document a fact is taken from: a web page, a printed publication, a court record."""

    VISIBILITY = ReferredTo(confidential=("note",))

    class Kind(models.TextChoices):
        WEB = "web", _("web page")
        PRINT = "print", _("printed publication")
        COURT = "court", _("court document")
        MEDIA = "media", _("news media")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WEB)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    archived_url = models.URLField(_("archived copy"), max_length=1000, blank=True)
    locator = models.CharField(
        _("page or section"), max_length=200, blank=True, help_text=_("For example “pp. 16–19”.")
    )
    note = models.TextField(_("internal note"), blank=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title", "locator"]

    def __str__(self) -> str:
        parts = [self.title, self.publisher, self.locator]
        return ", ".join(p for p in parts if p)

    def clean(self) -> None:
        if not self.url and self.kind == self.Kind.WEB:
            raise ValidationError({"url": _("A web source needs its URL.")})


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")


class Publishable(models.Model):
    """A record that is public only once published. See `unheard.core.publication`."""

    publication_state = models.CharField(
        _("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted for review by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED


class Sourced(models.Model):
    """A fact that cites its sources."""

    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="%(app_label)s_%(class)s_set"
    )

    class Meta:
        abstract = True


class TranslationState(models.Model):
    """How far the translation of one field of one record into one language has come.

    Only what a translator decides is stored: a field marked "draft" or "reviewed". "Missing" is
    never stored; it is an empty column. A review holds only for the text that was reviewed:
    `reviewed_hash` is the digest of that text, and once the text changes the field counts as a
    draft again (see `unheard.core.translation_state`).
    """

    class State(models.TextChoices):
        MISSING = "missing", _("missing")
        DRAFT = "draft", _("draft")
        REVIEWED = "reviewed", _("reviewed")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind of record"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    field = models.CharField(_("field"), max_length=60)
    language = models.CharField(_("language"), max_length=8)
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=[(State.DRAFT, State.DRAFT.label), (State.REVIEWED, State.REVIEWED.label)],
    )
    reviewed_hash = models.CharField(_("digest of the reviewed text"), max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="translation_state_once_per_field_and_language",
            )
        ]
        indexes = [models.Index(fields=["content_type", "field", "language", "state"])]

    def __str__(self) -> str:
        return (
            f"{self.content_type.model} {self.object_id} {self.field}_{self.language}: {self.state}"
        )


class AuditQuerySet(models.QuerySet):
    """The audit log is append-only: rows are not deleted in bulk either.

    (`update()` stays allowed: deleting a user or a kind of record sets the rows that name it to
    empty, which Django does with an update.)
    """

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One write to the site: who did what to which record, when, and what changed.

    Rows are written only by `unheard.core.audit.audit_log`, inside the transaction of the write
    they describe, and never changed or deleted afterwards.
    """

    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the system or a visitor who is not signed in."),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of record"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("record as shown"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), db_index=True)
    summary = models.JSONField(_("summary of the change"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class DemoData(models.Model):
    """Present while the demo records are loaded: the site then says so on every page.

    `loaddemo` records it; deleting the row (or a fresh database) removes the banner.
    """

    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("demo data")
        verbose_name_plural = _("demo data")

    def __str__(self) -> str:
        return f"demo data loaded at {self.loaded_at:%Y-%m-%d %H:%M}"

    @classmethod
    def mark_loaded(cls) -> None:
        cls.objects.update_or_create(pk=1)

    @classmethod
    def is_loaded(cls) -> bool:
        return cls.objects.exists()


class RateLimitHit(models.Model):
    """One submission to a public form, counted against a keyed hash of an address
    (see `unheard.core.ratelimit`); never public."""

    scope = models.CharField(max_length=30)
    key_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "at"], name="core_ratelimit_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"


class ScheduledRun(models.Model):
    """The last run of one scheduled job (`unheard.core.scheduler`)."""

    job = models.CharField(_("job"), max_length=80, unique=True)
    started_at = models.DateTimeField(_("last started"), null=True)
    finished_at = models.DateTimeField(_("last finished"), null=True)
    succeeded = models.BooleanField(_("succeeded"), null=True)
    output = models.TextField(_("output or error"), blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.job
