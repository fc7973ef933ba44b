"""Solidarity actions: local actions, the days of action that gather them, the groups that run
them, sign-ups, report-backs with photos, and the e-mails the app sends.

Confidential on purpose: a sign-up (name, e-mail) is never public; the e-mail of whoever proposed
an action and a group's private contacts are confidential fields of otherwise public records.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_language

from unheard.core.countries import country_validator
from unheard.core.dates import PartialDate, precision_field
from unheard.core.models import Publishable, Sourced, TimeStamped
from unheard.core.ratelimit import RateLimitHitBase
from unheard.core.visibility import Always, PublicManager, Published
from unheard.registry.models import Case, Organisation, Person


def time_zone_validator(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone; write it like Europe/Berlin."),
            params={"value": value},
            code="unknown_time_zone",
        )


class Place(models.Model):
    """Where something happens: a city in a country (ISO 3166-1 alpha-2), maybe a point.

    `city` is the city as the organisers write it: the key that links, filters, the city
    calendars and the API take, the same in every language. `city_name` (one per language,
    django-modeltranslation) is how a reader of that language writes it: Köln, Cologne, Кёльн.
    Pages show `city_display`.
    """

    city = models.CharField(
        _("city"),
        max_length=120,
        blank=True,
        help_text=_(
            "As the organisers write it: the city in links and filters, the same in every language."
        ),
    )
    city_name = models.CharField(
        _("name of the city"),
        max_length=120,
        blank=True,
        help_text=_("As readers of this language write it; empty: the city as written above."),
    )
    country = models.CharField(
        _("country (ISO 3166 code)"), max_length=2, blank=True, validators=[country_validator]
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    @property
    def city_display(self) -> str:
        """The city in the active language: its name there, else the key (never another
        language's name: Кёльн is no help to a German reader)."""
        return (
            getattr(self, build_localized_fieldname("city_name", get_language()), "") or self.city
        )

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Give both the latitude and the longitude, or neither.")}
            )


class Group(Publishable, Place, TimeStamped):
    """A local solidarity group or a partner organisation."""

    VISIBILITY = Published(confidential=("private_contacts", "email"))

    class Kind(models.TextChoices):
        LOCAL = "local", _("local solidarity group")
        PARTNER = "partner", _("partner organisation")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LOCAL)
    description = models.TextField(_("public description"), blank=True)
    public_contact = models.CharField(_("public contact"), max_length=300, blank=True)
    private_contacts = models.TextField(
        _("private contacts"), blank=True, help_text=_("Never shown on the site.")
    )
    email = models.EmailField(
        _("e-mail for messages from organisers"),
        blank=True,
        help_text=_("Never shown on the site; organisers' messages to a day's groups go here."),
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        permissions = [("publish_group", _("Can publish groups"))]

    PUBLICATION_NEEDS_SOURCE = False

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actions:group", kwargs={"slug": self.slug})


class DayOfAction(Publishable, Sourced, TimeStamped):
    """One day or a span of days that gathers many local actions."""

    VISIBILITY = Published()

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    starts_on_precision = precision_field()
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    ends_on_precision = precision_field()
    recurring_date = models.CharField(
        _("recurring date"),
        max_length=5,
        blank=True,
        help_text=_("For a yearly day: MM-DD, e.g. 04-30."),
    )
    countries = models.JSONField(
        _("other countries taking part (ISO 3166 codes)"),
        default=list,
        blank=True,
        help_text=_("Countries the sources name as taking part, beyond those of its actions."),
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("groups that called it"), blank=True, related_name="days_called"
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("day of action")
        verbose_name_plural = _("days of action")
        ordering = ["-starts_on", "title"]
        permissions = [("publish_dayofaction", _("Can publish days of action"))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The day of action ends before it starts.")})
        for code in self.countries:
            country_validator(code)

    def get_absolute_url(self) -> str:
        return reverse("actions:day", kwargs={"slug": self.slug})

    @property
    def starts(self) -> PartialDate | None:
        return PartialDate.of(self.starts_on, self.starts_on_precision)

    @property
    def ends(self) -> PartialDate | None:
        return PartialDate.of(self.ends_on, self.ends_on_precision)


class Action(Publishable, Sourced, Place, TimeStamped):
    """One action in one place (or online): a picket, an evening, a lecture, a stream."""

    VISIBILITY = Published(with_=("day",), confidential=("proposer_name", "proposer_email"))
    # An organiser's own event needs no second editor and no source; historical ones cite theirs.
    PUBLICATION_NEEDS_REVIEW = False
    PUBLICATION_NEEDS_SOURCE = False
    AUDIT_REDACTED = ("proposer_name",)

    class Kind(models.TextChoices):
        PICKET = "picket", _("picket or rally")
        EMBASSY = "embassy", _("embassy visit")
        LETTER_EVENING = "letter_evening", _("letter-writing evening")
        LECTURE = "lecture", _("lecture or round table")
        SCREENING = "screening", _("film screening")
        FUNDRAISER = "fundraiser", _("fund-raiser")
        STREAM = "stream", _("online stream or marathon")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HAPPENING = "happening", _("happening")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[time_zone_validator]
    )
    starts_on = models.DateField(
        _("starts (date only)"),
        null=True,
        blank=True,
        help_text=_("For a past action known only by its date, month or year."),
    )
    starts_on_precision = precision_field()
    ends_on = models.DateField(_("ends (date only)"), null=True, blank=True)
    ends_on_precision = precision_field()
    recurring_date = models.CharField(
        _("recurring date"),
        max_length=5,
        blank=True,
        help_text=_("For a yearly action whose year the sources do not give: MM-DD, e.g. 04-30."),
    )
    online = models.BooleanField(_("online"), default=False)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    day = models.ForeignKey(
        DayOfAction,
        verbose_name=_("day of action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("organising group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    organisers = models.ManyToManyField(Organisation, verbose_name=_("organisers"), blank=True)
    people = models.ManyToManyField(Person, verbose_name=_("people"), blank=True)
    cases = models.ManyToManyField(Case, verbose_name=_("cases"), blank=True)
    campaign_slug = models.SlugField(
        _("campaign (its slug)"),
        max_length=200,
        blank=True,
        help_text=_("The fund-raising campaign this action supports, if any."),
    )
    proposer_name = models.CharField(_("proposed by"), max_length=200, blank=True)
    proposer_email = models.EmailField(_("proposer's e-mail"), blank=True)
    proposal_confirmed_at = models.DateTimeField(
        _("proposal confirmed at"), null=True, blank=True, editable=False
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-starts_at", "-starts_on", "title"]
        permissions = [("publish_action", _("Can publish actions"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:action", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        errors = {}
        for name in ("starts_at", "ends_at"):
            value = getattr(self, name)
            if value is not None and timezone.is_naive(value):
                errors[name] = _("Give the time with its time zone.")
        if (self.starts_at or self.ends_at) and not self.time_zone:
            errors["time_zone"] = _("An action with a time needs its time zone.")
        if self.starts_at and self.ends_at and not errors and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The action ends before it starts.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The action ends before it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def starts(self) -> PartialDate | None:
        return PartialDate.of(self.starts_on, self.starts_on_precision)

    @property
    def local_start(self) -> dt.datetime | None:
        if self.starts_at is None:
            return None
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone or "UTC"))

    @property
    def local_end(self) -> dt.datetime | None:
        if self.ends_at is None:
            return None
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.time_zone or "UTC"))

    @property
    def date(self) -> dt.date | None:
        """The day it (first) happens, wherever that is known."""
        start = self.local_start
        return start.date() if start else self.starts_on


class DayStatement(Sourced, TimeStamped):
    """What someone said for a day of action: the appeal, a statement, a letter of support."""

    VISIBILITY = Always(with_=("day",))

    class Kind(models.TextChoices):
        APPEAL = "appeal", _("appeal")
        STATEMENT = "statement", _("statement")
        LETTER = "letter", _("letter of support")

    day = models.ForeignKey(
        DayOfAction,
        verbose_name=_("day of action"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.CharField(
        _("by"), max_length=300, blank=True, help_text=_("Who signed it, as the source names them.")
    )
    author_description = models.CharField(_("who they are"), max_length=300, blank=True)
    country = models.CharField(
        _("from (ISO 3166 code)"), max_length=2, blank=True, validators=[country_validator]
    )
    summary = models.TextField(_("what it says"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicManager()

    class Meta:
        verbose_name = _("statement of a day of action")
        verbose_name_plural = _("statements of days of action")
        ordering = ["day", "order", "pk"]

    def __str__(self) -> str:
        return self.author or self.get_kind_display()


class SignUp(models.Model):
    """Someone joining an action. Never public: the page shows counts only."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("not yet confirmed")
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="sign_ups"
    )
    name = models.CharField(_("name or pseudonym"), max_length=120)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="en")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint("action", Lower("email"), name="actions_signup_one_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"


class ActionReport(TimeStamped):
    """What happened, posted by the organiser after the action."""

    VISIBILITY = Always(with_=("action",), also={"is_public": True})

    action = models.OneToOneField(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="report"
    )
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    text = models.TextField(_("report"), blank=True)
    coverage = models.TextField(
        _("links to coverage"), blank=True, help_text=_("One address a line.")
    )
    is_public = models.BooleanField(_("shown on the site"), default=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("report-back")
        verbose_name_plural = _("report-backs")

    def __str__(self) -> str:
        return str(self.action)

    @property
    def coverage_links(self) -> list[str]:
        lines = (line.strip() for line in self.coverage.splitlines())
        return [line for line in lines if line.startswith(("https://", "http://"))]


def report_photo_path(photo: ReportPhoto, filename: str) -> str:
    return f"actions/reports/{photo.report_id}/{filename}"


class ReportPhoto(TimeStamped):
    """A photo of an action, stored re-encoded (no EXIF, no GPS); shown only with the consent of
    those it shows."""

    VISIBILITY = Always(with_=("report",), also={"consent": True})

    report = models.ForeignKey(
        ActionReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=report_photo_path)
    content_type = models.CharField(max_length=20, editable=False)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("caption (describes the photo)"), max_length=300)
    consent = models.BooleanField(
        _("those shown agreed to publication"),
        default=False,
        help_text=_("Without it the photo is kept but never shown."),
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption


class ActionMail(models.Model):
    """The outbox: one e-mail to send (see `actions.mail`). Never public."""

    class Kind(models.TextChoices):
        SIGN_UP_CONFIRM = "signup_confirm", _("confirm a sign-up")
        SIGN_UP_CONFIRMED = "signup_confirmed", _("sign-up confirmed")
        SIGN_UP_PROMOTED = "signup_promoted", _("off the waiting list")
        REMINDER = "reminder", _("reminder")
        PROPOSAL_CONFIRM = "proposal_confirm", _("confirm a proposed action")
        GROUP_MESSAGE = "group_message", _("message to a group")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    sign_up = models.ForeignKey(SignUp, on_delete=models.CASCADE, null=True, blank=True)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, blank=True)
    language = models.CharField(max_length=5, default="en")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # core.outbox.outbox_claim

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class ActionRateLimitHit(RateLimitHitBase):
    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "at"], name="actions_ratelimit_idx")]
