"""Campaigns, the donations ledger, exchange rates, aid given and sourced aggregate figures.

Amounts are whole minor units (`*_minor`, a signed 64-bit integer) beside an ISO 4217 currency
code; see `unheard.funds.money` for the rounding rule. Confidential fields (donors, beneficiaries,
notes, outcomes, imported files) are read only by the back office: public pages go through
`selectors.py`, which never selects them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unheard.core.models import Publishable, Sourced, TimeStamped
from unheard.core.visibility import Always, PublicManager, Published
from unheard.funds.money import Money, currency_check, format_money, today, validate_currency


def currency_field(verbose_name=None, **extra) -> models.CharField:
    return models.CharField(
        verbose_name or _("currency"),
        max_length=3,
        validators=[validate_currency],
        help_text=_("ISO 4217 code: RUB, EUR, USD, GBP, …"),
        **extra,
    )


class Channel(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("bank transfer")
    CARD_PROCESSOR = "card_processor", _("card processor")
    CASH = "cash", _("cash")
    CRYPTO = "crypto", _("cryptocurrency")
    OTHER = "other", _("other")


class Purpose(models.TextChoices):
    LEGAL_AID = "legal_aid", _("legal aid")
    FAMILY = "family", _("support for a family")
    HUMANITARIAN = "humanitarian", _("parcels and humanitarian aid")
    ORGANISATION = "organisation", _("the organisation's running costs")


class AidCategory(models.TextChoices):
    LEGAL = "legal", _("legal assistance")
    DETENTION = "detention", _("help with detention conditions")
    HUMANITARIAN = "humanitarian", _("humanitarian aid")
    FAMILY = "family", _("family support")


class SpendingCategory(models.TextChoices):
    """What money was spent on: the four kinds of aid and the organisation's own costs."""

    LEGAL = "legal", _("legal assistance")
    DETENTION = "detention", _("help with detention conditions")
    HUMANITARIAN = "humanitarian", _("humanitarian aid")
    FAMILY = "family", _("family support")
    ORGANISATION = "organisation", _("organisational costs")


class PaymentMethod(TimeStamped):
    """A way to give, shown on every campaign page: a payment link, or a bank account.

    A bank transfer shows the account (holder, IBAN and BIC, or the details a non-IBAN bank
    needs) and the campaign's own payment reference, which the statement import matches on.
    An example account (demo data) is marked as such wherever it is shown.
    """

    class Kind(models.TextChoices):
        LINK = "link", _("payment link")
        BANK_TRANSFER = "bank_transfer", _("bank transfer")
        OTHER = "other", _("other")

    VISIBILITY = Always(also={"is_active": True})

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LINK)
    name = models.CharField(_("name"), max_length=200)
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        help_text=_("Public: bank details, what to write in the payment reference, …"),
    )
    url = models.URLField(_("payment link"), blank=True)
    currencies = models.CharField(
        _("currencies accepted"), max_length=100, blank=True, help_text=_("For example “EUR, USD”.")
    )
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    account_details = models.TextField(
        _("other account details"),
        blank=True,
        help_text=_("For a bank without IBAN: bank name, account number, routing code…"),
    )
    is_example = models.BooleanField(
        _("example account (demo data)"),
        default=False,
        help_text=_("Shown with a warning that it is an example: never for real money."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("shown on the site"), default=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("way to give")
        verbose_name_plural = _("ways to give")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.iban = "".join(self.iban.split()).upper()
        self.bic = self.bic.strip().upper()
        if self.kind == self.Kind.LINK and not self.url:
            raise ValidationError({"url": _("A payment link needs its address.")})
        if self.kind == self.Kind.BANK_TRANSFER and not (
            self.account_holder and (self.iban or self.account_details.strip())
        ):
            raise ValidationError(
                {"account_holder": _("A bank transfer needs the account holder and an account.")}
            )

    @property
    def iban_grouped(self) -> str:
        """The IBAN in groups of four, as banks print it."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


def campaign_reference_new() -> str:
    """A short payment reference banks keep intact: "UH-" and six letters or digits, no 0/O/1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "UH-" + "".join(secrets.choice(alphabet) for _ in range(6))


class Campaign(Publishable, Sourced, TimeStamped):
    """A fund-raising appeal with a purpose, a goal and a beneficiary.

    It is published through `unheard.core.publication` in one step by a treasurer: it is the
    organisation's own appeal, not a fact about someone, so it needs no second approval or source.
    """

    PUBLICATION_NEEDS_REVIEW = False
    PUBLICATION_NEEDS_SOURCE = False

    VISIBILITY = Published()

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("description"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    currency = currency_field(default="EUR")
    goal_minor = models.BigIntegerField(
        _("goal (minor units)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("In cents or kopecks; leave empty for an appeal without a goal."),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    beneficiary_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("beneficiary (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    beneficiary_case = models.ForeignKey(
        "registry.Case",
        verbose_name=_("beneficiary (case)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        help_text=_("Leave both beneficiary fields empty when the organisation itself benefits."),
    )
    donate_url = models.URLField(_("payment link for this campaign"), blank=True)
    payment_reference = models.CharField(
        _("payment reference"),
        max_length=20,
        unique=True,
        default=campaign_reference_new,
        help_text=_(
            "Donors write it in the transfer's reference; the statement import matches on it."
        ),
    )
    ended = models.BooleanField(
        _("ended"),
        default=False,
        help_text=_("The campaign is over, even when the source does not give its end date."),
    )
    website = models.URLField(
        _("the campaign's own page"),
        blank=True,
        help_text=_("Shown as a link, also after the campaign has ended."),
    )
    payment_methods = models.ManyToManyField(
        PaymentMethod,
        verbose_name=_("ways to give"),
        blank=True,
        help_text=_("Leave empty to show every active way to give."),
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "title"]
        permissions = [("publish_campaign", _("Can publish campaigns"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funds:campaign_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.beneficiary_person_id and self.beneficiary_case_id:
            errors["beneficiary_case"] = _("Choose a person or a case, not both.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end is before the start.")
        if errors:
            raise ValidationError(errors)

    @property
    def goal(self) -> Money | None:
        return Money(self.goal_minor, self.currency) if self.goal_minor else None

    def is_open(self, on=None) -> bool:
        on = on or today()
        return (
            not self.ended
            and (self.starts_on is None or self.starts_on <= on)
            and (self.ends_on is None or self.ends_on >= on)
        )


class CampaignUpdate(TimeStamped):
    """News about a campaign, shown on its page."""

    VISIBILITY = Always(also={"is_public": True}, with_=("campaign",))

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=today)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    is_public = models.BooleanField(_("shown on the site"), default=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


class Donor(TimeStamped):
    """Confidential: who gave. Never shown in public, not even by initials."""

    name = models.CharField(_("name"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    note = models.TextField(_("internal note"), blank=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email or _("donor %(id)s") % {"id": self.pk}


class Subscription(TimeStamped):
    """A recurring monthly donation, with its status at the processor."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        FAILING = "failing", _("payments failing")
        CANCELLED = "cancelled", _("cancelled")

    donor = models.ForeignKey(
        Donor,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    amount_minor = models.BigIntegerField(
        _("monthly amount (minor units)"), validators=[MinValueValidator(1)]
    )
    currency = currency_field()
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    processor = models.CharField(_("processor"), max_length=20, blank=True)
    reference = models.CharField(
        _("processor reference"),
        max_length=100,
        blank=True,
        help_text=_("The subscription's id at the processor, e.g. PayPal's “I-…”."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started_on = models.DateField(_("started"), default=today)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    note = models.TextField(_("internal note"), blank=True)

    class Meta:
        verbose_name = _("monthly donation")
        verbose_name_plural = _("monthly donations")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["processor", "reference"],
                condition=~Q(reference=""),
                name="funds_subscription_reference_unique",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{format_money(Money(self.amount_minor, self.currency))} / {self.get_status_display()}"
        )


class DonationImport(TimeStamped):
    """One uploaded CSV file: previewed, then applied (or discarded). See `imports.py`."""

    class Layout(models.TextChoices):
        AUTO = "auto", _("recognise from the columns")
        GENERIC = "generic", _("generic format")
        STRIPE = "stripe", _("Stripe payments export")
        PAYPAL = "paypal", _("PayPal activity download")
        BANK_CSV = "bank_csv", _("bank statement (CSV)")
        CAMT053 = "camt053", _("bank statement (CAMT.053 XML)")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed, not imported")
        APPLIED = "applied", _("imported")
        DISCARDED = "discarded", _("discarded")

    file_name = models.CharField(_("file name"), max_length=300)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    content = models.TextField(_("file content"), blank=True, editable=False)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True, editable=False)
    problems = models.JSONField(_("rows with problems"), default=list, blank=True, editable=False)
    sample = models.JSONField(_("first valid rows"), default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("donation import")
        verbose_name_plural = _("donation imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class StatementEntry(TimeStamped):
    """A credit from a bank statement whose reference named no campaign, until it is matched.

    It is not in the ledger: assigning it (to a campaign, or to none) records the donation.
    The payer's name and reference are confidential, like every donor's details.
    """

    import_batch = models.ForeignKey(
        DonationImport,
        verbose_name=_("imported from"),
        on_delete=models.PROTECT,
        related_name="statement_entries",
    )
    transaction_id = models.CharField(_("transaction id"), max_length=100, unique=True)
    received_on = models.DateField(_("date"))
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = currency_field()
    payer = models.CharField(_("payer"), max_length=300, blank=True)
    reference = models.TextField(_("reference"), blank=True)
    donation = models.OneToOneField(
        "Donation",
        verbose_name=_("recorded as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_entry",
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bank credit to match")
        verbose_name_plural = _("bank credits to match")
        ordering = ["donation", "-received_on"]

    def __str__(self) -> str:
        return f"{self.received_on} {format_money(self.money)} {self.reference[:40]}"

    @property
    def money(self) -> Money:
        return Money(self.amount_minor, self.currency)


class Donation(TimeStamped):
    """One entry of the donations ledger.

    The ledger is append-only: an entry's money, date, campaign and donor never change once
    saved. A refund is a new negative entry pointing at the donation; a correction reverses an
    entry with a new one (and, if needed, records the right one as a new donation). Only the
    stored conversions (`reporting_minor`, `campaign_minor`) are recomputed when rates change.
    """

    class Kind(models.TextChoices):
        DONATION = "donation", _("donation")
        REFUND = "refund", _("refund")
        CORRECTION = "correction", _("correction")

    LEDGER_FIELDS = (
        "kind",
        "amount_minor",
        "currency",
        "received_on",
        "channel",
        "campaign_id",
        "donor_id",
        "processor",
        "transaction_id",
        "corrects_id",
    )

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DONATION)
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    currency = currency_field()
    received_on = models.DateField(_("date"), db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        help_text=_("Empty: the general fund."),
    )
    donor = models.ForeignKey(
        Donor,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("monthly donation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    processor = models.CharField(_("recorded from"), max_length=20, default="manual")
    transaction_id = models.CharField(_("transaction id"), max_length=100, blank=True)
    fee_minor = models.BigIntegerField(
        _("processor fee (minor units)"), default=0, validators=[MinValueValidator(0)]
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("refunds or corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adjustments",
    )
    note = models.TextField(_("internal note"), blank=True)
    import_batch = models.ForeignKey(
        DonationImport,
        verbose_name=_("imported from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations",
        editable=False,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reporting_currency = models.CharField(
        _("reporting currency"), max_length=3, blank=True, editable=False
    )
    reporting_minor = models.BigIntegerField(
        _("in the reporting currency"), null=True, blank=True, editable=False
    )
    campaign_minor = models.BigIntegerField(
        _("in the campaign's currency"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("donation ledger entry")
        verbose_name_plural = _("donations ledger")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["processor", "transaction_id"],
                condition=~Q(transaction_id=""),
                name="funds_donation_transaction_unique",
            ),
            models.CheckConstraint(
                condition=(Q(kind="donation", amount_minor__gt=0))
                | (Q(kind="refund", amount_minor__lt=0))
                | (Q(kind="correction") & ~Q(amount_minor=0) & Q(corrects__isnull=False)),
                name="funds_donation_sign_by_kind",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "received_on"])]

    def __str__(self) -> str:
        return f"{self.received_on} {format_money(self.money)} ({self.get_kind_display()})"

    @property
    def money(self) -> Money:
        return Money(self.amount_minor, self.currency)

    def clean(self) -> None:
        # Refunds and corrections follow their donation's currency, whatever their own date.
        if self.kind == self.Kind.DONATION:
            currency_check(self.currency, self.received_on)

    def save(self, *args, **kwargs) -> None:
        if self.pk and not kwargs.get("force_insert"):
            stored = type(self).objects.filter(pk=self.pk).values(*self.LEDGER_FIELDS).first() or {}
            changed = [
                name
                for name in self.LEDGER_FIELDS
                if stored and stored[name] != getattr(self, name)
            ]
            if changed:
                raise ValidationError(
                    _("A ledger entry cannot be changed; record a correction or a refund instead.")
                )
        super().save(*args, **kwargs)


class Beneficiary(TimeStamped):
    """Confidential: who received aid. Linked to the registry when the person is in it."""

    class Relation(models.TextChoices):
        SELF = "self", _("the prisoner")
        FAMILY = "family", _("a relative of the prisoner")
        OTHER = "other", _("someone else")

    name = models.CharField(_("name"), max_length=300)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    relation = models.CharField(
        _("relation"), max_length=10, choices=Relation.choices, default=Relation.SELF
    )
    contact = models.TextField(_("contact details"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("aid beneficiary")
        verbose_name_plural = _("aid beneficiaries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Converted(models.Model):
    """A cost with its stored conversion into the reporting currency at its date."""

    reporting_currency = models.CharField(
        _("reporting currency"), max_length=3, blank=True, editable=False
    )
    reporting_minor = models.BigIntegerField(
        _("in the reporting currency"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


class AidRecord(Converted, TimeStamped):
    """Assistance actually given: to whom, when, what it cost, which campaign paid, the outcome."""

    class LegalStage(models.TextChoices):
        INVESTIGATION = "investigation", _("investigation")
        FIRST_INSTANCE = "first_instance", _("court of first instance")
        APPEAL = "appeal", _("appeal")
        CASSATION = "cassation", _("cassation")

    class HumanitarianKind(models.TextChoices):
        MEDICINES = "medicines", _("medicines")
        FOOD = "food", _("food")
        CLOTHES = "clothes", _("clothes and shoes")
        PARCEL = "parcel", _("parcel")
        OTHER = "other", _("other necessities")

    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="aid",
    )
    category = models.CharField(_("kind of aid"), max_length=20, choices=AidCategory.choices)
    legal_stage = models.CharField(
        _("stage of the case"), max_length=20, choices=LegalStage.choices, blank=True
    )
    humanitarian_kind = models.CharField(
        _("what was given"), max_length=20, choices=HumanitarianKind.choices, blank=True
    )
    given_on = models.DateField(_("date"), db_index=True)
    cost_minor = models.BigIntegerField(
        _("cost (minor units)"), default=0, validators=[MinValueValidator(0)]
    )
    currency = currency_field()
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("paid by campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid",
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=300,
        blank=True,
        help_text=_("For example “released to house arrest”. Internal."),
    )
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("aid given")
        verbose_name_plural = _("aid given")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.given_on} {self.get_category_display()}"

    @property
    def cost(self) -> Money:
        return Money(self.cost_minor, self.currency)

    def clean(self) -> None:
        errors = {}
        if self.category == AidCategory.LEGAL and not self.legal_stage:
            errors["legal_stage"] = _("Say at which stage of the case the legal help was given.")
        if self.category != AidCategory.LEGAL and self.legal_stage:
            errors["legal_stage"] = _("Only legal assistance has a stage.")
        if self.category != AidCategory.HUMANITARIAN and self.humanitarian_kind:
            errors["humanitarian_kind"] = _("Only humanitarian aid says what was given.")
        if self.given_on and self.given_on > today():
            errors["given_on"] = _("The date is in the future.")
        if errors:
            raise ValidationError(errors)
        currency_check(self.currency, self.given_on)


class RunningCost(Converted, TimeStamped):
    """The organisation's own spending: rent, software, salaries, fees."""

    spent_on = models.DateField(_("date"), db_index=True)
    amount_minor = models.BigIntegerField(
        _("amount (minor units)"), validators=[MinValueValidator(1)]
    )
    currency = currency_field()
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("paid by campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="running_costs",
    )
    description = models.CharField(_("what for (internal)"), max_length=300)

    class Meta:
        verbose_name = _("organisational cost")
        verbose_name_plural = _("organisational costs")
        ordering = ["-spent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.description}"

    def clean(self) -> None:
        if self.spent_on and self.spent_on > today():
            raise ValidationError({"spent_on": _("The date is in the future.")})
        currency_check(self.currency, self.spent_on)


class ExchangeRate(TimeStamped):
    """How many units of `quote` one unit of `base` was worth on `date` (ECB: base EUR)."""

    VISIBILITY = Always()

    class Origin(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        ECB = "ecb", _("ECB reference rate")
        CBR = "cbr", _("Central Bank of Russia official rate")

    date = models.DateField(_("date"), db_index=True)
    base = currency_field(_("base currency"), default="EUR")
    quote = currency_field(_("quoted currency"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=24,
        decimal_places=12,
        help_text=_("Units of the quoted currency for one unit of the base currency."),
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    note = models.CharField(
        _("where the rate comes from"),
        max_length=300,
        blank=True,
        help_text=_("For example “Central Bank of Russia, official rate”."),
    )

    objects = PublicManager()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-date", "base", "quote"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "base", "quote"], name="funds_exchangerate_one_per_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="funds_exchangerate_positive"),
            models.CheckConstraint(
                condition=~Q(base=models.F("quote")), name="funds_exchangerate_two_currencies"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: 1 {self.base} = {self.rate.normalize():f} {self.quote}"

    def clean(self) -> None:
        currency_check(self.base, self.date, "base")
        currency_check(self.quote, self.date, "quote")


class AggregateFigure(Sourced, TimeStamped):
    """A figure for a past period taken from a source (a report, a spreadsheet, an article).

    Organisations arrive with years of history kept elsewhere; the public report combines these
    figures with the itemised records (see `report.py` for how).
    """

    VISIBILITY = Always()

    class Metric(models.TextChoices):
        FUNDS_RAISED = "funds_raised", _("money raised")
        FUNDS_SPENT = "funds_spent", _("money spent")
        PEOPLE_HELPED = "people_helped", _("people helped")
        PEOPLE_RECOGNISED = "people_recognised", _("people recognised as political prisoners")
        PEOPLE_ADDED = "people_added", _("people added to the registry")
        OTHER = "other", _("other figure")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        AT_LEAST = "at_least", _("at least")
        ABOUT = "about", _("about")

    MONEY_METRICS = (Metric.FUNDS_RAISED, Metric.FUNDS_SPENT)

    key = models.SlugField(
        _("key"), max_length=100, unique=True, null=True, blank=True, editable=False
    )
    metric = models.CharField(_("what is counted"), max_length=20, choices=Metric.choices)
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=SpendingCategory.choices,
        blank=True,
        help_text=_("For people helped and money spent."),
    )
    qualifier = models.CharField(
        _("precision"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(
        _("period end"),
        null=True,
        blank=True,
        help_text=_(
            "Leave both empty when the source does not date the period: the figure then counts"
            " only in the report since founding."
        ),
    )
    count = models.PositiveBigIntegerField(_("number"), null=True, blank=True)
    amount_minor = models.BigIntegerField(_("amount (minor units)"), null=True, blank=True)
    currency = currency_field(blank=True)
    equivalent_minor = models.BigIntegerField(
        _("equivalent given by the source (minor units)"), null=True, blank=True
    )
    equivalent_currency = currency_field(_("currency of the equivalent"), blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        help_text=_("Money raised by this campaign, counted in its progress."),
    )
    label = models.CharField(
        _("label"), max_length=300, blank=True, help_text=_("What an “other figure” counts.")
    )
    note = models.TextField(_("public explanation"), blank=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("sourced figure")
        verbose_name_plural = _("sourced figures")
        ordering = ["-period_end", "metric", "category"]

    def __str__(self) -> str:
        value = self.money if self.metric in self.MONEY_METRICS else self.count
        return f"{self.get_metric_display()}: {value}"

    @property
    def money(self) -> Money | None:
        if self.amount_minor is None or not self.currency:
            return None
        return Money(self.amount_minor, self.currency)

    @property
    def equivalent(self) -> Money | None:
        if self.equivalent_minor is None or not self.equivalent_currency:
            return None
        return Money(self.equivalent_minor, self.equivalent_currency)

    def clean(self) -> None:
        errors = {}
        is_money = self.metric in self.MONEY_METRICS
        if is_money and (self.amount_minor is None or not self.currency):
            errors["amount_minor"] = _("Money raised or spent needs an amount and a currency.")
        if not is_money and self.count is None:
            errors["count"] = _("Give the number.")
        if (
            self.metric in (self.Metric.PEOPLE_HELPED, self.Metric.FUNDS_SPENT)
            and not self.category
        ):
            errors["category"] = _("Say what kind of help or spending this is.")
        if (
            self.metric == self.Metric.PEOPLE_HELPED
            and self.category == SpendingCategory.ORGANISATION
        ):
            errors["category"] = _("People are helped with aid, not with organisational costs.")
        if self.metric == self.Metric.OTHER and not self.label:
            errors["label"] = _("Say what this figure counts.")
        if (self.period_start is None) != (self.period_end is None):
            errors["period_end"] = _("Give both ends of the period, or neither.")
        elif self.period_start and self.period_end < self.period_start:
            errors["period_end"] = _("The end is before the start.")
        if self.period_end and self.period_end > today():
            errors["period_end"] = _("A sourced figure is about the past.")
        if (self.equivalent_minor is None) != (not self.equivalent_currency):
            errors["equivalent_currency"] = _("Give the equivalent with its currency, or neither.")
        if self.campaign_id and self.metric != self.Metric.FUNDS_RAISED:
            errors["campaign"] = _("Only money raised belongs to a campaign's progress.")
        if self.campaign_id and self.currency and self.campaign.currency != self.currency:
            errors["currency"] = _(
                "Money raised by a campaign is given in the campaign's currency."
            )
        if errors:
            raise ValidationError(errors)
