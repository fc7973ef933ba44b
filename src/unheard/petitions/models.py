"""Petitions and open letters: their texts, targets, signatures, notable signatories, deliveries.

What the public sees (see `unheard.core.visibility`): a published petition with its targets,
notable signatories and deliveries; the number of confirmed signatures; and the name and city of
a confirmed signer who chose to show them. A signer's e-mail never leaves the back office.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unheard.core.models import Publishable, Sourced, TimeStamped
from unheard.core.visibility import Always, PublicManager, Published


class Petition(Publishable, Sourced, TimeStamped):
    VISIBILITY = Published()
    PUBLICATION_NEEDS_REVIEW = False
    PUBLICATION_NEEDS_SOURCE = False

    class Kind(models.TextChoices):
        PETITION = "petition", _("petition")
        OPEN_LETTER = "open_letter", _("open letter")

    class Status(models.TextChoices):
        OPEN = "open", _("open for signatures")
        CLOSED = "closed", _("closed")
        DELIVERED = "delivered", _("delivered")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=11, choices=Kind.choices, default=Kind.PETITION)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    goal = models.PositiveIntegerField(
        _("goal"), null=True, blank=True, help_text=_("How many signatures are sought.")
    )
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.OPEN
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("petition or open letter")
        verbose_name_plural = _("petitions and open letters")
        ordering = ["-published_on", "title"]
        permissions = [
            ("publish_petition", _("Can publish petitions")),
            ("export_signatures", _("Can download the signatures of a petition")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", kwargs={"slug": self.slug})

    @property
    def accepts_signatures(self) -> bool:
        return self.status == self.Status.OPEN


class PetitionTarget(models.Model):
    """Whom a petition addresses: an embassy, a parliament, the UN, the EU, a prison service."""

    VISIBILITY = Always(with_=("petition",))

    class Kind(models.TextChoices):
        EMBASSY = "embassy", _("embassy or consulate")
        PARLIAMENT = "parliament", _("parliament")
        GOVERNMENT = "government", _("government")
        UN = "un", _("the United Nations")
        EU = "eu", _("the European Union")
        PRISON_SERVICE = "prison_service", _("prison service")
        OTHER = "other", _("other")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)

    objects = PublicManager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Signature(models.Model):
    """A supporter's signature. It counts once confirmed by the link e-mailed to them; one per
    e-mail address per petition (the database refuses a second, also when both arrive at once).
    """

    VISIBILITY = Always(
        with_=("petition",),
        also={"is_confirmed": True, "show_publicly": True},
        confidential=("email", "token_hash"),
    )

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.CharField(_("country (ISO 3166 code)"), max_length=2)
    email = models.EmailField(_("e-mail"))
    show_publicly = models.BooleanField(_("show my name and city"), default=False)
    language = models.CharField(_("language"), max_length=5, default="en")
    is_confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "petition", Lower("email"), name="petitions_one_signature_per_email"
            )
        ]

    def __str__(self) -> str:
        # Never the signer's name: this is what the audit log and the back office's history show.
        return f"#{self.pk} ({self.petition_id})"


class NotableSignatory(Sourced):
    """A signer the organisers list apart, with who they are and the source that says so."""

    VISIBILITY = Always(with_=("petition",))

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="notable_signatories"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicManager()

    class Meta:
        verbose_name = _("notable signatory")
        verbose_name_plural = _("notable signatories")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Delivery(Sourced):
    """When, to whom and how a petition was handed over, and the answer received."""

    VISIBILITY = Always(with_=("petition",))

    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        POST = "post", _("by post")
        EMAIL = "email", _("by e-mail")
        ONLINE = "online", _("online form")
        OTHER = "other", _("other")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("delivered on"))
    recipient = models.CharField(_("to whom"), max_length=300)
    method = models.CharField(_("how"), max_length=9, choices=Method.choices)
    answer = models.TextField(_("answer received"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["delivered_on", "id"]

    def __str__(self) -> str:
        return f"{self.delivered_on}: {self.recipient}"
