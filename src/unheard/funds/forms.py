"""Back-office forms. Amounts are typed as text and parsed into minor units (never floats)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from unheard.funds.models import Campaign, Channel, Donation, DonationImport
from unheard.funds.money import (
    AmountError,
    Money,
    currency_check,
    currency_normalise,
    parse_amount,
    today,
)
from unheard.funds.rates import RateBook, RateMissing, max_age
from unheard.funds.selectors import reporting_currency

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def amount_text(minor: int | None, currency: str) -> str:
    if minor is None or not currency:
        return ""
    return str(Money(minor, currency).amount)


def amount_field(label, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=40,
        help_text=_("In the currency chosen, e.g. 1500.00 or 1 500,00."),
    )


class AmountFieldsMixin:
    """Text fields for amounts: `amount_fields` maps a form field to (model field, currency field).

    The form declares each as `amount_field(...)`; the text is read by `money.parse_amount` with
    the currency chosen in the same form, so no float is ever involved.
    """

    amount_fields: dict[str, tuple[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            for name, (model_field, currency_field) in self.amount_fields.items():
                self.initial[name] = amount_text(
                    getattr(instance, model_field), getattr(instance, currency_field)
                )

    def clean(self):
        cleaned = super().clean()
        for name, (model_field, currency_field) in self.amount_fields.items():
            text = (cleaned.get(name) or "").strip()
            currency = cleaned.get(currency_field)
            if not text:
                cleaned[model_field] = None
                continue
            if not currency:
                continue
            try:
                cleaned[model_field] = parse_amount(text, currency)
            except AmountError as error:
                self.add_error(name, str(error))
                continue
            setattr(self.instance, model_field, cleaned[model_field])
        return cleaned


class CurrencyFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return currency_normalise(value)
        except AmountError as error:
            raise forms.ValidationError(str(error)) from error


def currency_valid_on(form: forms.Form, currency: str | None, on: dt.date | None) -> bool:
    """False, with the form's error, when `currency` was not legal tender on `on`."""
    try:
        currency_check(currency, on)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def check_rate(form: forms.Form, *, currency: str, target: str, on: dt.date, field: str) -> None:
    if not currency or not target or not on or currency == target:
        return
    try:
        RateBook.load(on, on).rate(currency, target, on)
    except RateMissing:
        form.add_error(
            field,
            _(
                "There is no exchange rate from %(source)s to %(target)s for %(date)s or the"
                " %(days)s days before it: enter one under Exchange rates first."
            )
            % {
                "source": currency,
                "target": target,
                "date": on.isoformat(),
                "days": max_age().days,
            },
        )


class DonationForm(AmountFieldsMixin, forms.ModelForm):
    """A donation or a refund entered by hand."""

    amount_fields = {"amount": ("amount_minor", "currency"), "fee": ("fee_minor", "currency")}
    amount = amount_field(_("amount"), required=True)
    fee = amount_field(_("processor fee"))
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(Donation.Kind.DONATION, _("donation")), (Donation.Kind.REFUND, _("refund"))],
    )

    class Meta:
        model = Donation
        fields = [
            "kind",
            "currency",
            "received_on",
            "channel",
            "campaign",
            "donor",
            "subscription",
            "transaction_id",
            "corrects",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"] = CurrencyFormField(
            label=_("currency"), max_length=3, help_text=_("ISO 4217 code: RUB, EUR, USD, GBP, …")
        )
        self.fields["corrects"].queryset = Donation.objects.filter(kind=Donation.Kind.DONATION)
        self.fields["corrects"].label = _("refunded donation")
        self.fields["corrects"].help_text = _("For a refund: the donation that is refunded.")

    def clean(self):
        cleaned = super().clean()
        kind, minor = cleaned.get("kind"), cleaned.get("amount_minor")
        on = cleaned.get("received_on")
        if minor is not None and minor <= 0:
            self.add_error("amount", _("Give the amount as a positive number."))
        if on and on > today():
            self.add_error("received_on", _("The date is in the future."))
        original = cleaned.get("corrects")
        if kind == Donation.Kind.REFUND and not original:
            self.add_error("corrects", _("Choose the donation that is refunded."))
        if kind == Donation.Kind.REFUND and original and minor:
            from django.db.models import Sum

            if cleaned.get("currency") != original.currency:
                self.add_error("currency", _("A refund is in the currency of the donation."))
            adjusted = original.adjustments.aggregate(total=Sum("amount_minor"))["total"] or 0
            if minor > original.amount_minor + adjusted:
                self.add_error(
                    "amount", _("The refund is larger than what is left of the donation.")
                )
            if on and on < original.received_on:
                self.add_error("received_on", _("A refund cannot be dated before the donation."))
        if kind == Donation.Kind.DONATION and currency_valid_on(self, cleaned.get("currency"), on):
            if cleaned.get("corrects"):
                self.add_error("corrects", _("Only a refund refers to another donation."))
            check_rate(
                self,
                currency=cleaned.get("currency"),
                target=reporting_currency(),
                on=on,
                field="received_on",
            )
            campaign = cleaned.get("campaign")
            if campaign:
                check_rate(
                    self,
                    currency=cleaned.get("currency"),
                    target=campaign.currency,
                    on=on,
                    field="campaign",
                )
        return cleaned


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why these entries are reversed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DonationImportForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, or a CAMT.053 bank statement in XML)"))
    layout = forms.ChoiceField(
        label=_("Layout"), choices=DonationImport.Layout.choices, initial=DonationImport.Layout.AUTO
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign for rows that name none"),
        queryset=Campaign.objects.all(),
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel for rows that name none (generic format)"),
        choices=Channel.choices,
        initial=Channel.BANK_TRANSFER,
    )
    date_order = forms.ChoiceField(
        label=_("Date order (PayPal)"),
        choices=[
            ("auto", _("recognise from the dates")),
            ("dmy", _("day/month/year")),
            ("mdy", _("month/day/year (accounts in the United States)")),
        ],
        initial="auto",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload

    def options(self) -> dict:
        campaign = self.cleaned_data.get("campaign")
        return {
            "campaign": campaign.slug if campaign else "",
            "channel": self.cleaned_data["channel"],
            "date_order": self.cleaned_data["date_order"],
        }


class RateFileForm(forms.Form):
    file = forms.FileField(
        label=_(
            "ECB reference-rate file (eurofxref.csv or eurofxref-hist.csv) or Central Bank of"
            " Russia file (XML_daily.asp or XML_dynamic.asp)"
        )
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
