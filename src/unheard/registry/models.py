"""The registry: people, cases, charges, verdicts, timeline, facilities, recognitions.

Three regions are kept apart on purpose: where a person lives (`Person.home_region`), where a
case was investigated (`Case.region`) and where a person is held (`Facility.region`).
Translated fields (see `translation.py`) get one column per language from django-modeltranslation.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unheard.core.dates import DatePrecision, PartialDate, precision_field
from unheard.core.media import unguessable_name
from unheard.core.models import Publishable, Sourced, TimeStamped
from unheard.core.visibility import Always, PublicManager, Published, ReferredTo
from unheard.registry.release import release_date_passed


class Region(models.Model):
    """A federal subject of Russia, or a country or region elsewhere."""

    VISIBILITY = ReferredTo()

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    country = models.CharField(_("country code"), max_length=2, default="RU")

    objects = PublicManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStamped):
    """A human-rights group, movement, party, union, band, library or medium."""

    VISIBILITY = ReferredTo()

    class Kind(models.TextChoices):
        HUMAN_RIGHTS = "human_rights", _("human-rights organisation")
        POLITICAL = "political", _("political organisation or movement")
        TRADE_UNION = "trade_union", _("trade union")
        MEDIA = "media", _("media")
        CULTURAL = "cultural", _("cultural or educational project")
        SOLIDARITY = "solidarity", _("solidarity group or fund")
        STATE = "state", _("state body")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoliticalView(models.Model):
    """A political current a person identifies with: anarchist, communist, anti-fascist, ..."""

    VISIBILITY = ReferredTo()

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("political view")
        verbose_name_plural = _("political views")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ColonyRegime(models.TextChoices):
    GENERAL = "general", _("general regime")
    STRICT = "strict", _("strict regime")
    SPECIAL = "special", _("special regime")


class Facility(Publishable, Sourced, TimeStamped):
    """A place of detention, with the address exactly as it must be written on an envelope."""

    VISIBILITY = Published()

    class Kind(models.TextChoices):
        SIZO = "sizo", _("pre-trial detention centre (SIZO)")
        COLONY = "colony", _("penal colony")
        COLONY_SETTLEMENT = "settlement", _("colony-settlement")
        PRISON = "prison", _("prison")
        EDUCATIONAL_COLONY = "educational", _("educational colony")
        PSYCHIATRIC = "psychiatric", _("psychiatric hospital")
        POLICE = "police", _("police station or temporary detention")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    regime = models.CharField(_("regime"), max_length=12, choices=ColonyRegime.choices, blank=True)
    name = models.CharField(_("official name"), max_length=300)
    number = models.CharField(_("number"), max_length=20, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="facilities"
    )
    town = models.CharField(_("town"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    postal_address = models.TextField(
        _("postal address"),
        blank=True,
        help_text=_("Exactly as it must be written on an envelope, in Russian, one line per line."),
    )
    electronic_letters = models.BooleanField(
        _("accepts electronic letters"),
        default=False,
        help_text=_("Whether an electronic letter service delivers letters to this facility."),
    )
    electronic_letters_service = models.CharField(
        _("electronic letter service"), max_length=100, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["region__name", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number", "region"],
                condition=~Q(number=""),
                name="facility_unique_number_per_kind_and_region",
                violation_error_message=_(
                    "A facility of this kind with this number already exists in this region."
                ),
            )
        ]
        permissions = [("publish_facility", _("Can publish facilities"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:facility_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.regime and self.kind not in {self.Kind.COLONY}:
            raise ValidationError({"regime": _("Only a penal colony has a regime.")})


class LegalCode(models.Model):
    """A code of law: the Russian Criminal Code, the Code of Administrative Offences, ..."""

    VISIBILITY = Always()

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    jurisdiction = models.CharField(_("jurisdiction (country code)"), max_length=2, default="RU")

    objects = PublicManager()

    class Meta:
        verbose_name = _("code of law")
        verbose_name_plural = _("codes of law")
        ordering = ["jurisdiction", "slug"]

    def __str__(self) -> str:
        return self.short_name


class ArticleCategory(models.TextChoices):
    TERRORISM = "terrorism", _("terrorism")
    EXTREMISM = "extremism", _("extremism")
    TREASON = "treason", _("treason and espionage")
    ARMY_FAKES = "army_fakes", _("“fakes” about the army")
    DISCREDITATION = "discreditation", _("discrediting the army")
    PROTEST = "protest", _("protest and assembly")
    VANDALISM = "vandalism", _("vandalism and property damage")
    HOOLIGANISM = "hooliganism", _("hooliganism")
    SABOTAGE = "sabotage", _("sabotage")
    WEAPONS = "weapons", _("weapons and explosives")
    VIOLENCE = "violence", _("violence")
    FRAUD = "fraud", _("fraud and economic")
    DRUGS = "drugs", _("drugs")
    RELIGION = "religion", _("religion")
    OTHER = "other", _("other")


class Article(models.Model):
    """An article of a code. Parts and paragraphs are recorded on each charge."""

    VISIBILITY = Always()

    code = models.ForeignKey(
        LegalCode, verbose_name=_("code"), on_delete=models.PROTECT, related_name="articles"
    )
    number = models.CharField(
        _("number"), max_length=20, help_text=_("For example 205.2 or 20.3.3.")
    )
    title = models.CharField(_("title"), max_length=500)
    category = models.CharField(_("category"), max_length=20, choices=ArticleCategory.choices)
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["code", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="article_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.code.short_name}"

    def save(self, *args, **kwargs) -> None:
        self.sort_key = ".".join(
            f"{int(p):05d}" if p.isdigit() else p for p in self.number.split(".")
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "registry:article_detail", kwargs={"code": self.code.slug, "number": self.number}
        )


def person_photo_path(person: Person, filename: str) -> str:
    return unguessable_name("people", filename)


class Person(Publishable, Sourced, TimeStamped):
    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other")
        UNKNOWN = "", _("unknown")

    class Status(models.TextChoices):
        PRE_TRIAL = "pre_trial", _("in pre-trial detention")
        HOUSE_ARREST = "house_arrest", _("under house arrest")
        RESTRICTIONS = "restrictions", _("under restrictions")
        SERVING = "serving", _("serving a sentence in a colony or prison")
        PSYCHIATRIC = "psychiatric", _("in compulsory psychiatric treatment")
        FORCED_LABOUR = "forced_labour", _("serving forced labour")
        PROBATION = "probation", _("suspended sentence or probation")
        FINED = "fined", _("fined")
        RELEASED = "released", _("released")
        EMIGRATED = "emigrated", _("emigrated")
        WANTED = "wanted", _("wanted")
        DISAPPEARED = "disappeared", _("disappeared")
        DECEASED = "deceased", _("deceased")
        UNKNOWN = "unknown", _("status not known")

    VISIBILITY = Published(
        synthetic_flag="is_synthetic",
        confidential=("internal_notes",),
        consent={"photo": "photo_consent", "photo_credit": "photo_consent"},
    )
    PUBLISH_WITH = ("charges", "verdicts", "events", "recognitions", "designations")
    HELD_STATUSES = (Status.PRE_TRIAL, Status.SERVING, Status.PSYCHIATRIC, Status.FORCED_LABOUR)

    class LetterReach(models.TextChoices):
        YES = "yes", _("letters reach them")
        NO = "no", _("letters do not reach them now")
        UNKNOWN = "unknown", _("unknown")

    surname = models.CharField(_("surname (original script)"), max_length=100)
    given_name = models.CharField(_("given name (original script)"), max_length=100)
    patronymic = models.CharField(_("patronymic (original script)"), max_length=100, blank=True)
    display_name = models.CharField(_("display name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_precision = precision_field()
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("home region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    home_town = models.CharField(_("home town"), max_length=200, blank=True)
    occupation = models.CharField(_("occupation"), max_length=300, blank=True)
    political_views = models.ManyToManyField(
        PoliticalView, verbose_name=_("political views"), blank=True
    )
    affiliations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations and movements"),
        blank=True,
        related_name="members",
    )
    summary = models.TextField(_("summary"), blank=True)
    biography = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=person_photo_path, blank=True)
    photo_credit = models.CharField(_("photo credit"), max_length=300, blank=True)
    photo_consent = models.BooleanField(
        _("consent to publish the photo"),
        default=False,
        help_text=_("The photo is shown in public only with recorded consent."),
    )
    support_declined = models.BooleanField(
        _("our group declines to support this person"), default=False
    )
    support_caveat = models.TextField(
        _("support caveat"),
        blank=True,
        help_text=_(
            "Why the group declines to support the person, or what supporters should know."
        ),
    )
    status = models.CharField(_("current status"), max_length=20, choices=Status.choices)
    current_facility = models.ForeignKey(
        Facility,
        verbose_name=_("current place of detention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inmates",
    )
    interests = models.TextField(_("interests"), blank=True)
    likes_to_receive = models.TextField(_("likes to receive"), blank=True)
    letters_reach = models.CharField(
        _("letters reach them now"),
        max_length=7,
        choices=LetterReach.choices,
        default=LetterReach.UNKNOWN,
    )
    expected_release = models.DateField(
        _("expected release"), null=True, blank=True, editable=False
    )
    release_computation = models.JSONField(
        _("release computation"), default=dict, blank=True, editable=False
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Confidential: never shown in public.")
    )
    is_synthetic = models.BooleanField(
        _("synthetic (benchmarks only)"), default=False, editable=False
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["surname", "given_name"]
        permissions = [("publish_person", _("Can publish people"))]

    def __str__(self) -> str:
        return self.display_name or self.original_name

    @property
    def original_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    @property
    def birth(self) -> PartialDate | None:
        return PartialDate.of(self.birth_date, self.birth_date_precision)

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD_STATUSES

    @property
    def release_date_passed(self) -> bool:
        """Recorded as held after the expected release: the status is being checked."""
        precision = (self.release_computation or {}).get("precision") or DatePrecision.DAY
        return self.is_held and release_date_passed(
            expected=self.expected_release, precision=precision, today=timezone.localdate()
        )

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", kwargs={"slug": self.slug})


class PersonAlias(models.Model):
    """Another spelling or name: a transliteration, a nickname, a former name."""

    VISIBILITY = Always(with_=("person",))

    class Kind(models.TextChoices):
        SPELLING = "spelling", _("spelling")
        NICKNAME = "nickname", _("nickname or pseudonym")
        FORMER = "former", _("former name")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SPELLING)
    language = models.CharField(_("language"), max_length=8, blank=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="alias_unique_per_person")
        ]

    def __str__(self) -> str:
        return self.name


class Designation(Publishable, Sourced, TimeStamped):
    """A listing by the state: Rosfinmonitoring's list, the "foreign agents" register, ..."""

    VISIBILITY = Published(with_=("person",))

    class Register(models.TextChoices):
        TERRORISTS_EXTREMISTS = (
            "rosfinmonitoring",
            _("Rosfinmonitoring list of terrorists and extremists"),
        )
        FOREIGN_AGENTS = "foreign_agents", _("register of “foreign agents”")
        WANTED = "wanted", _("wanted list")
        OTHER = "other", _("other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="designations")
    register = models.CharField(_("register"), max_length=20, choices=Register.choices)
    added_on = models.DateField(_("added"), null=True, blank=True)
    added_on_precision = precision_field()
    removed_on = models.DateField(_("removed"), null=True, blank=True)
    removed_on_precision = precision_field()

    objects = PublicManager()

    class Meta:
        verbose_name = _("state designation")
        verbose_name_plural = _("state designations")

    def __str__(self) -> str:
        return self.get_register_display()

    def clean(self) -> None:
        if self.added_on and self.removed_on and self.removed_on < self.added_on:
            raise ValidationError({"removed_on": _("The removal date is before the date added.")})


class Case(Publishable, Sourced, TimeStamped):
    VISIBILITY = Published()

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", _("criminal case")
        ADMINISTRATIVE = "administrative", _("administrative case")

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.CRIMINAL)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region of investigation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    investigating_body = models.CharField(_("investigating body"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    started_on = models.DateField(_("opened"), null=True, blank=True)
    started_on_precision = precision_field()
    defendants = models.ManyToManyField(Person, through="CaseDefendant", related_name="cases")

    objects = PublicManager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["name"]
        permissions = [("publish_case", _("Can publish cases"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:case_detail", kwargs={"slug": self.slug})


class CaseDefendant(models.Model):
    """One row per person per case: the unit in which prosecutions are counted."""

    VISIBILITY = Always(with_=("person", "case"))

    class Role(models.TextChoices):
        DEFENDANT = "defendant", _("defendant")
        SUSPECT = "suspect", _("suspect")
        COOPERATING = "cooperating", _("defendant under a pre-trial cooperation agreement")
        SEPARATED = "separated", _("defendant in a separated case")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="defendant_links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_links")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.DEFENDANT)

    objects = PublicManager()

    class Meta:
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="defendant_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.case}"


class Charge(Publishable, Sourced, TimeStamped):
    VISIBILITY = Published(with_=("person",))

    class Status(models.TextChoices):
        CHARGED = "charged", _("charged")
        DROPPED = "dropped", _("dropped")
        RECLASSIFIED = "reclassified", _("reclassified")
        CONVICTED = "convicted", _("convicted")
        ACQUITTED = "acquitted", _("acquitted")

    class Inchoate(models.TextChoices):
        NONE = "", _("completed offence")
        PREPARATION = "preparation", _("preparation (Article 30 part 1)")
        ATTEMPT = "attempt", _("attempt (Article 30 part 3)")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="charges")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="charges")
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="charges"
    )
    part = models.CharField(_("part"), max_length=10, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=10, blank=True)
    inchoate = models.CharField(_("stage"), max_length=12, choices=Inchoate.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CHARGED
    )
    brought_on = models.DateField(_("brought"), null=True, blank=True)
    brought_on_precision = precision_field()

    objects = PublicManager()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["article__sort_key", "part"]
        indexes = [
            # A person's dated charges, read when the statistics rewrite the beginnings of
            # their prosecutions (stats.charges); without it SQLite scans every charge.
            models.Index(
                fields=["person"],
                condition=models.Q(brought_on__isnull=False),
                name="charge_dated_person",
            )
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        """The charge as lawyers cite it, in the reader's language ("ч. 2 ст. 205.4 УК РФ")."""
        values = {
            "number": self.article.number,
            "part": self.part,
            "paragraph": self.paragraph,
            "code": self.article.code.short_name,
        }
        if self.part and self.paragraph:
            return _("Article %(number)s part %(part)s paragraph “%(paragraph)s” %(code)s") % values
        if self.part:
            return _("Article %(number)s part %(part)s %(code)s") % values
        if self.paragraph:
            return _("Article %(number)s paragraph “%(paragraph)s” %(code)s") % values
        return _("Article %(number)s %(code)s") % values

    def clean(self) -> None:
        from unheard.registry.validation import is_defendant

        if self.case_id and not is_defendant(self):
            raise ValidationError(
                {
                    "case": _(
                        "The person is not a defendant in this case; add them to the case first."
                    )
                }
            )


class Regime(models.TextChoices):
    GENERAL = "general", _("general-regime colony")
    STRICT = "strict", _("strict-regime colony")
    SPECIAL = "special", _("special-regime colony")
    PRISON = "prison", _("prison")
    EDUCATIONAL = "educational", _("educational colony")
    SETTLEMENT = "settlement", _("colony-settlement")


class Verdict(Publishable, Sourced, TimeStamped):
    """A court decision on one person in one case, at one instance."""

    VISIBILITY = Published(with_=("person",))

    class Instance(models.TextChoices):
        FIRST = "first", _("first instance")
        APPEAL = "appeal", _("appeal")
        CASSATION = "cassation", _("cassation")
        SUPERVISORY = "supervisory", _("supervisory review")

    class Punishment(models.TextChoices):
        IMPRISONMENT = "imprisonment", _("imprisonment")
        FORCED_LABOUR = "forced_labour", _("forced labour")
        RESTRICTION = "restriction", _("restriction of freedom")
        PROBATION = "probation", _("suspended sentence (probation)")
        FINE = "fine", _("fine")
        COMPULSORY_TREATMENT = "treatment", _("compulsory psychiatric treatment")
        ACQUITTAL = "acquittal", _("acquittal")

    class AppealOutcome(models.TextChoices):
        NONE = "", "—"
        UPHELD = "upheld", _("upheld")
        REDUCED = "reduced", _("reduced")
        TOUGHENED = "toughened", _("toughened")
        OVERTURNED = "overturned", _("overturned")
        RETRIAL = "retrial", _("sent for retrial")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="verdicts")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="verdicts")
    instance = models.CharField(
        _("instance"), max_length=12, choices=Instance.choices, default=Instance.FIRST
    )
    court = models.CharField(_("court"), max_length=300, blank=True)
    judge = models.CharField(_("judge"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    date_precision = precision_field()
    in_force_on = models.DateField(
        _("entered into force"),
        null=True,
        blank=True,
        help_text=_("Leave empty if unknown; the release computation then states its assumption."),
    )
    prosecutor_requested = models.CharField(
        _("the prosecutor asked for"), max_length=300, blank=True
    )
    punishment = models.CharField(
        _("punishment"),
        max_length=15,
        choices=Punishment.choices,
        blank=True,
        help_text=_("Leave empty when the sources do not say."),
    )
    regime = models.CharField(_("regime"), max_length=12, choices=Regime.choices, blank=True)
    term_years = models.PositiveSmallIntegerField(
        _("years"), default=0, validators=[MaxValueValidator(30)]
    )
    term_months = models.PositiveSmallIntegerField(
        _("months"), default=0, validators=[MaxValueValidator(11)]
    )
    life_sentence = models.BooleanField(_("life imprisonment"), default=False)
    fine_amount = models.DecimalField(
        _("fine (main or additional punishment)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    fine_currency = models.CharField(_("currency"), max_length=3, blank=True, default="RUB")
    additional_penalties = models.TextField(
        _("additional penalties and bans"),
        blank=True,
        help_text=_("For example a ban on administering websites for three years."),
    )
    appeal_outcome = models.CharField(
        _("outcome for the previous verdict"),
        max_length=12,
        choices=AppealOutcome.choices,
        blank=True,
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.get_instance_display()}, {self.date:%Y-%m-%d}"

    @property
    def term_in_months(self) -> int:
        return self.term_years * 12 + self.term_months

    @property
    def decided(self) -> PartialDate:
        return PartialDate(self.date, self.date_precision)

    def clean(self) -> None:
        from unheard.registry.validation import verdict_errors

        errors = verdict_errors(self)
        if errors:
            raise ValidationError(errors)


class TimelineEvent(Publishable, Sourced, TimeStamped):
    VISIBILITY = Published(with_=("person",))

    class Kind(models.TextChoices):
        SEARCH = "search", _("search")
        DETENTION = "detention", _("detention")
        CUSTODY = "custody", _("custody ordered")
        HOUSE_ARREST = "house_arrest", _("house arrest")
        RESTRICTIONS = "restrictions", _("restrictions imposed")
        CHARGES = "charges", _("charges brought")
        NEW_CASE = "new_case", _("new case opened")
        TRIAL = "trial", _("trial started")
        VERDICT = "verdict", _("verdict")
        APPEAL = "appeal", _("appeal")
        TRANSFER = "transfer", _("transfer")
        PUNISHMENT_CELL = "shizo", _("punishment cell (SHIZO)")
        HUNGER_STRIKE = "hunger_strike", _("hunger strike")
        TORTURE = "torture", _("torture or ill-treatment report")
        MEDICAL = "medical", _("medical emergency")
        RELEASE = "release", _("release")
        ABDUCTION = "abduction", _("abduction or extradition")
        DEPORTATION = "deportation", _("deportation")
        DEATH = "death", _("death")
        OTHER = "other", _("other")

    CUSTODIAL_KINDS = (Kind.DETENTION, Kind.CUSTODY)
    PERIOD_KINDS = (Kind.HOUSE_ARREST, Kind.PUNISHMENT_CELL, Kind.HUNGER_STRIKE, Kind.RESTRICTIONS)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    date = models.DateField(_("date"))
    date_precision = precision_field()
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_date_precision = precision_field()
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("For a transfer: where the person was taken."),
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["date", "id"]
        # Who was held on a past date (stats.record): each person's latest custody event on or
        # before it, read from the index alone.
        indexes = [
            models.Index(
                fields=["person", "kind", "date", "publication_state"],
                name="event_person_kind_date",
            ),
            # The newest updates first (publishing.selectors.updates: the news list and feeds),
            # walked from the top instead of sorting every event.
            models.Index(fields=["-date", "-id"], name="event_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.when}: {self.get_kind_display()}"

    @property
    def when(self) -> PartialDate:
        return PartialDate(self.date, self.date_precision)

    @property
    def until(self) -> PartialDate | None:
        return PartialDate.of(self.end_date, self.end_date_precision)

    def clean(self) -> None:
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.date and self.date > dt.date.today():
            raise ValidationError({"date": _("The date is in the future.")})


class Recognition(Publishable, Sourced, TimeStamped):
    """Recognition as a political prisoner by a human-rights organisation."""

    VISIBILITY = Published(with_=("person",))

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recognitions")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = precision_field()

    objects = PublicManager()

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="recognition_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def when(self) -> PartialDate | None:
        return PartialDate.of(self.date, self.date_precision)


class CheckReason(models.TextChoices):
    """Why a record is in the editors' checking queue (rules in `registry.checking`)."""

    RELEASE_PASSED = "release_passed", _("expected release passed while still held")
    CUSTODY_TERM_PASSED = (
        "custody_term_passed",
        _("pre-trial detention longer than its last known extension"),
    )
    STATUS_STALE = "status_stale", _("status not verified recently")
    FACILITY_ADDRESS_UNSOURCED = "facility_address_unsourced", _("facility address with no source")
    EVENT_UNSOURCED = "event_unsourced", _("timeline event with no source")
    SUMMARY_MISSING = "summary_missing", _("no summary in a language where others have one")


class CheckMark(models.Model):
    """An editor's note that a record in the checking queue was checked, with the source read.

    Back-office only. A mark takes the record out of the queue for its reason until the mark is
    older than `UNHEARD_CHECK_AFTER_MONTHS`.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    reason = models.CharField(_("reason"), max_length=30, choices=CheckReason.choices)
    source = models.ForeignKey(
        "core.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="check_marks",
    )
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("check mark")
        verbose_name_plural = _("check marks")
        ordering = ["-checked_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "reason"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.checked_at:%Y-%m-%d})"


from unheard.registry.review_models import ReviewUnit  # noqa: E402, F401
