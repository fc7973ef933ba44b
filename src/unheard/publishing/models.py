"""News written by the group, and e-mail alerts to people who follow the record.

What changed in the record itself (a detention, a verdict, a transfer, a punishment cell, a
release) is not stored here: it is read from the registry's timeline (see `selectors.updates`).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from unheard.core.media import unguessable_name
from unheard.core.models import Publishable, Sourced, TimeStamped
from unheard.core.visibility import PublicManager, Published
from unheard.publishing.sanitising import body_problems, body_sanitised

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


def news_image_path(post: NewsPost, filename: str) -> str:
    return unguessable_name("news", filename)


class NewsPost(Publishable, Sourced, TimeStamped):
    """A post in one language, linked to the people, cases, actions and campaigns it is about."""

    VISIBILITY = Published(consent={"image": "image_consent", "image_credit": "image_consent"})

    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences."))
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_("Paragraphs, emphasis, lists and links; scripts and images are refused."),
    )
    image = models.ImageField(_("image"), upload_to=news_image_path, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=300, blank=True)
    image_consent = models.BooleanField(
        _("consent to publish the image"),
        default=False,
        help_text=_("The image is shown in public only with recorded consent."),
    )
    people = models.ManyToManyField(
        "registry.Person", verbose_name=_("people"), blank=True, related_name="news_posts"
    )
    cases = models.ManyToManyField(
        "registry.Case", verbose_name=_("cases"), blank=True, related_name="news_posts"
    )
    actions = models.ManyToManyField(
        "actions.Action",
        verbose_name=_("solidarity actions"),
        blank=True,
        related_name="news_posts",
    )
    campaigns = models.ManyToManyField(
        "funds.Campaign", verbose_name=_("campaigns"), blank=True, related_name="news_posts"
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-created_at"]
        permissions = [("publish_newspost", _("Can publish news posts"))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        problems = body_problems(self.body)
        if problems:
            raise ValidationError({"body": problems})
        self.body = body_sanitised(self.body)
        if self.image and not self.image_credit:
            raise ValidationError({"image_credit": _("An image needs its credit.")})

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("publishing:news_detail", kwargs={"slug": self.slug})


class Subscription(models.Model):
    """Someone who follows a person, a case, a region or the whole registry by e-mail.

    No account: the address is confirmed by a signed link (double opt-in) and every e-mail carries
    a signed link to manage or end the subscription. The address is confidential and deleted with
    the subscription on unsubscribe.
    """

    AUDIT_REDACTED = ("email",)

    class Scope(models.TextChoices):
        REGISTRY = "registry", _("the whole registry")
        PERSON = "person", _("a person")
        CASE = "case", _("a case")
        REGION = "region", _("a region")

    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    scope = models.CharField(_("follows"), max_length=8, choices=Scope.choices)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "registry.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key = models.CharField(
        max_length=43, unique=True, default=secrets.token_urlsafe, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    digest_sent_at = models.DateTimeField(_("last weekly digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [
            models.Index(fields=["scope", "confirmed_at"]),
            models.Index(Lower("email"), name="subscription_address"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} #{self.pk}"

    @property
    def target(self):
        return self.person or self.case or self.region


class Alert(models.Model):
    """Something in the record that subscribers hear about at once: a transfer, a verdict, a
    release, a punishment-cell placement (a timeline event), or a new letter address (the person
    was moved to another facility)."""

    class Kind(models.TextChoices):
        EVENT = "event", _("timeline event")
        ADDRESS = "address", _("new letter address")

    kind = models.CharField(max_length=7, choices=Kind.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(
        "registry.TimelineEvent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publishing_alert",
    )
    facility = models.ForeignKey(
        "registry.Facility", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class OutgoingMail(models.Model):
    """The outbox: one e-mail to one subscriber, written in the same transaction as what caused
    it and sent by a background task; retried while unsent (`unheard publishing_send_mail`)."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("confirmation")
        ALERT = "alert", _("alert")
        DIGEST = "digest", _("weekly digest")

    kind = models.CharField(max_length=7, choices=Kind.choices)
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="mails")
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # core.outbox.outbox_claim

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "subscription"], name="one_alert_mail_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
