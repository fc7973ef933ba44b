"""The treasurer's back office: campaigns, the ledger, imports, rates, aid given, figures.

The ledger is append-only here as everywhere: entries are added (by hand or by import), refunded
or reversed by new entries, never changed or deleted.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from reversion.admin import VersionAdmin

from unheard.core.admin import PublishableAdminMixin
from unheard.core.output import csv
from unheard.funds import imports, services
from unheard.funds.forms import (
    AmountFieldsMixin,
    CorrectionForm,
    CurrencyFormField,
    DonationForm,
    DonationImportForm,
    RateFileForm,
    amount_field,
    check_rate,
)
from unheard.funds.models import (
    AggregateFigure,
    AidRecord,
    Beneficiary,
    Campaign,
    CampaignUpdate,
    Donation,
    DonationImport,
    Donor,
    ExchangeRate,
    PaymentMethod,
    RunningCost,
    StatementEntry,
    Subscription,
)
from unheard.funds.money import Money, format_money
from unheard.funds.selectors import campaign_progress, reporting_currency


def money_column(minor_field: str, currency_field: str = "currency", description=None):
    @admin.display(description=description or _("amount"), ordering=minor_field)
    def column(self, obj):
        minor, currency = getattr(obj, minor_field), getattr(obj, currency_field)
        return format_money(Money(minor, currency)) if minor is not None and currency else "—"

    return column


def currency_form(model, **amounts):
    """A model form whose amounts are typed as text: name=(model field, currency field, label)."""
    attrs = {
        "amount_fields": {name: (m, c) for name, (m, c, _label) in amounts.items()},
        "Meta": type(
            "Meta", (), {"model": model, "exclude": [m for m, _c, _l in amounts.values()]}
        ),
    }
    for name, (_m, _c, label) in amounts.items():
        attrs[name] = amount_field(label)
    return type(f"{model.__name__}Form", (AmountFieldsMixin, forms.ModelForm), attrs)


# Campaigns ------------------------------------------------------------------------------------


class CampaignUpdateInline(TranslationStackedInline):
    model = CampaignUpdate
    extra = 0


@admin.register(PaymentMethod)
class PaymentMethodAdmin(VersionAdmin, TranslationAdmin):
    list_display = ["name", "kind", "currencies", "is_example", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Campaign)
class CampaignAdmin(PublishableAdminMixin, VersionAdmin, TranslationAdmin):
    form = currency_form(Campaign, goal=("goal_minor", "currency", _("goal")))
    list_display = [
        "title",
        "purpose",
        "payment_reference",
        "goal_display",
        "raised_display",
        "publication_state",
    ]
    list_filter = ["purpose", "publication_state", "currency"]
    search_fields = ["title", "slug", "payment_reference"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["beneficiary_person", "beneficiary_case", "sources"]
    # The payment reference is made once: donors may already have used it.
    readonly_fields = ["payment_reference", *PublishableAdminMixin.publication_readonly]
    inlines = [CampaignUpdateInline]

    goal_display = money_column("goal_minor", description=_("goal"))

    @admin.display(description=_("raised"))
    def raised_display(self, obj):
        return format_money(campaign_progress(campaign=obj).raised, whole=True)


# Donors and the ledger ------------------------------------------------------------------------


@admin.register(Donor)
class DonorAdmin(VersionAdmin):
    list_display = ["name", "email", "created_at"]
    search_fields = ["name", "email"]


@admin.register(Subscription)
class SubscriptionAdmin(VersionAdmin):
    form = currency_form(Subscription, amount=("amount_minor", "currency", _("monthly amount")))
    list_display = ["donor", "amount_display", "campaign", "status", "started_on", "processor"]
    list_filter = ["status", "channel", "currency", "campaign"]
    search_fields = ["reference", "donor__name", "donor__email"]
    autocomplete_fields = ["donor", "campaign"]

    amount_display = money_column("amount_minor", description=_("monthly amount"))


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    form = DonationForm
    list_display = [
        "received_on",
        "kind",
        "amount_display",
        "reporting_display",
        "channel",
        "campaign",
        "processor",
        "transaction_id",
    ]
    list_filter = ["kind", "channel", "currency", "processor", "campaign"]
    search_fields = ["transaction_id", "donor__name", "donor__email"]
    date_hierarchy = "received_on"
    autocomplete_fields = ["donor", "campaign", "subscription"]
    raw_id_fields = ["corrects"]
    actions = ["refund_in_full", "reverse_as_correction"]
    list_select_related = ["campaign"]
    change_list_template = "funds/admin/donation_change_list.html"

    amount_display = money_column("amount_minor", description=_("amount"))
    reporting_display = money_column(
        "reporting_minor", "reporting_currency", description=_("in the reporting currency")
    )

    def get_fields(self, request, obj=None):
        if obj is None:
            return super().get_fields(request, obj)
        return [
            "kind",
            "amount_display",
            "received_on",
            "channel",
            "campaign",
            "donor",
            "subscription",
            "processor",
            "transaction_id",
            "fee_display",
            "corrects",
            "note",
            "reporting_display",
            "campaign_display",
            "import_batch",
            "recorded_by",
            "created_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            # A saved entry is shown, never edited: a plain form with every field read-only.
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)

    fee_display = money_column("fee_minor", description=_("processor fee"))

    @admin.display(description=_("in the campaign's currency"))
    def campaign_display(self, obj):
        if obj.campaign_minor is None or not obj.campaign_id:
            return "—"
        return format_money(Money(obj.campaign_minor, obj.campaign.currency))

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        money = Money(data["amount_minor"], data["currency"])
        try:
            if data["kind"] == Donation.Kind.REFUND:
                saved = services.donation_refund(
                    donation=data["corrects"],
                    refunded_on=data["received_on"],
                    money=money,
                    transaction_id=data.get("transaction_id") or "",
                    note=data.get("note") or "",
                    acting_user=request.user,
                )
            else:
                saved = services.donation_record(
                    money=money,
                    received_on=data["received_on"],
                    channel=data["channel"],
                    campaign=data.get("campaign"),
                    donor=data.get("donor"),
                    subscription=data.get("subscription"),
                    transaction_id=data.get("transaction_id") or "",
                    fee_minor=data.get("fee_minor") or 0,
                    note=data.get("note") or "",
                    acting_user=request.user,
                )
        except ValidationError as error:
            raise PermissionDenied("; ".join(error.messages)) from error
        obj.pk = saved.pk

    @admin.action(
        description=_("Record a full refund of the selected donations"), permissions=["add"]
    )
    def refund_in_full(self, request, queryset):
        from unheard.funds.money import today

        done = 0
        for donation in queryset:
            try:
                services.donation_refund(
                    donation=donation, refunded_on=today(), acting_user=request.user
                )
            except ValidationError as error:
                self.message_user(
                    request, f"{donation}: {'; '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d refunds recorded.") % {"count": done})

    @admin.action(
        description=_("Reverse the selected entries as mistakes (correction)"), permissions=["add"]
    )
    def reverse_as_correction(self, request, queryset):
        form = CorrectionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for donation in queryset:
                try:
                    services.donation_correct(
                        donation=donation,
                        reason=form.cleaned_data["reason"],
                        acting_user=request.user,
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"{donation}: {'; '.join(error.messages)}", messages.ERROR
                    )
                else:
                    done += 1
            if done:
                self.message_user(request, _("%(count)d entries reversed.") % {"count": done})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reverse entries"),
            "form": form,
            "entries": queryset,
            "opts": self.model._meta,
            "action": "reverse_as_correction",
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "funds/admin/correction.html", context)


# Imports --------------------------------------------------------------------------------------


@admin.register(DonationImport)
class DonationImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "layout", "status", "created_at", "uploaded_by", "counts"]
    list_filter = ["status", "layout"]
    readonly_fields = ["file_name", "layout", "encoding", "status", "uploaded_by", "applied_by"]

    @admin.display(description=_("rows"))
    def counts(self, obj):
        summary = obj.summary or {}
        return _("%(new)s new, %(exists)s already imported, %(error)s with errors") % {
            "new": summary.get("imported", summary.get("new", 0)),
            "exists": summary.get("exists", 0),
            "error": summary.get("error", 0),
        }

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="funds_donationimport_upload"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="funds_donationimport_preview"),
            path(
                "<int:pk>/problems.csv",
                wrap(self.problems_csv_view),
                name="funds_donationimport_problems",
            ),
            *super().get_urls(),
        ]

    def _may_import(self, request) -> bool:
        return request.user.has_perm("funds.add_donationimport") and request.user.has_perm(
            "funds.add_donation"
        )

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:funds_donationimport_upload"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:funds_donationimport_preview", args=[object_id]))

    def upload_view(self, request):
        if not self._may_import(request):
            raise PermissionDenied
        form = DonationImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            batch = services.donations_import_preview(
                data=upload.read(),
                file_name=upload.name,
                layout=form.cleaned_data["layout"],
                options=form.options(),
                acting_user=request.user,
            )
            return HttpResponseRedirect(
                reverse("admin:funds_donationimport_preview", args=[batch.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import donations from a CSV file"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "funds/admin/import_upload.html", context)

    def preview_view(self, request, pk):
        batch = get_object_or_404(DonationImport, pk=pk)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        if request.method == "POST":
            if not self._may_import(request):
                raise PermissionDenied
            try:
                if "discard" in request.POST:
                    services.donations_import_discard(batch=batch, acting_user=request.user)
                    self.message_user(request, _("The file was discarded; nothing was imported."))
                else:
                    counts = services.donations_import_apply(
                        batch=batch,
                        acting_user=request.user,
                        valid_only="valid_only" in request.POST,
                    )
                    self.message_user(
                        request,
                        _("%(count)s entries imported.") % {"count": counts["imported"]},
                        messages.SUCCESS,
                    )
            except ValidationError as error:
                for text in error.messages:
                    self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.path)
        summary = batch.summary or {}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import of %(file)s") % {"file": batch.file_name},
            "batch": batch,
            "summary": summary,
            "file_problems": [
                str(imports.Problem.from_json(p)) for p in summary.get("file_problems", [])
            ],
            "problem_rows": [_row_for_display(row) for row in batch.problems[:500]],
            "more_problems": max(len(batch.problems) - 500, 0),
            "sample": [_row_for_display(row) for row in batch.sample],
            "may_import": self._may_import(request)
            and batch.status == DonationImport.Status.PREVIEWED,
            "opts": self.model._meta,
            "cp1251": batch.encoding == "windows-1251",
            "guessed_encoding": batch.encoding == "windows-1252",
        }
        return TemplateResponse(request, "funds/admin/import_preview.html", context)

    def problems_csv_view(self, request, pk):
        batch = get_object_or_404(DonationImport, pk=pk)
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        header = [_("row"), _("transaction id"), _("status"), _("column"), _("problem")]
        body = []
        for row in batch.problems:
            for problem in row["problems"] or [{}]:
                body.append(
                    [
                        row["row"],
                        row["transaction_id"],
                        STATUS_LABELS.get(row["status"], row["status"]),
                        problem.get("column", ""),
                        str(imports.Problem.from_json(problem)) if problem else "",
                    ]
                )
        return csv.csv_response(
            csv.write(header, body), file_name=f"import-{batch.pk}-problems.csv"
        )


class AssignActionForm(helpers.ActionForm):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.order_by("title"),
        required=False,
        empty_label=_("no campaign (general funds)"),
    )


@admin.register(StatementEntry)
class StatementEntryAdmin(admin.ModelAdmin):
    """Bank credits whose reference named no campaign: the treasurer assigns them here."""

    list_display = ["received_on", "amount_display", "payer", "reference", "donation"]
    list_filter = [("donation", admin.EmptyFieldListFilter), "currency"]
    search_fields = ["reference", "payer", "transaction_id"]
    readonly_fields = [
        "import_batch",
        "transaction_id",
        "received_on",
        "amount_minor",
        "currency",
        "payer",
        "reference",
        "donation",
        "matched_by",
    ]
    action_form = AssignActionForm
    actions = ["assign"]

    amount_display = money_column("amount_minor", description=_("amount"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Record the selected credits for the campaign chosen above"))
    def assign(self, request, queryset):
        try:
            campaign = AssignActionForm.base_fields["campaign"].clean(
                request.POST.get("campaign") or None
            )
            donations = services.statement_entries_assign(
                entries=list(queryset), campaign=campaign, acting_user=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            self.message_user(
                request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR
            )
            return
        self.message_user(
            request,
            _("Credits recorded in the ledger: %(count)s.") % {"count": len(donations)},
            messages.SUCCESS,
        )


STATUS_LABELS = {
    "unmatched": _("kept for matching by hand"),
    "new": _("will be imported"),
    "exists": _("already imported"),
    "skipped": _("skipped"),
    "error": _("error"),
}


def _row_for_display(row: dict) -> dict:
    return {
        **row,
        "status_label": STATUS_LABELS.get(row["status"], row["status"]),
        "messages": [
            {"column": p.get("column", ""), "text": str(imports.Problem.from_json(p))}
            for p in row.get("problems", [])
        ],
    }


# Rates ----------------------------------------------------------------------------------------


class ExchangeRateForm(forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["date", "base", "quote", "rate", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"] = CurrencyFormField(label=_("base currency"), max_length=3)
        self.fields["quote"] = CurrencyFormField(label=_("quoted currency"), max_length=3)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("base") and cleaned.get("base") == cleaned.get("quote"):
            self.add_error("quote", _("A rate is between two different currencies."))
        return cleaned


@admin.register(ExchangeRate)
class ExchangeRateAdmin(VersionAdmin):
    form = ExchangeRateForm
    list_display = ["date", "base", "quote", "rate", "origin", "note"]
    list_filter = ["origin", "base", "quote"]
    date_hierarchy = "date"
    search_fields = ["quote", "base", "note"]
    change_list_template = "funds/admin/exchangerate_change_list.html"

    def save_model(self, request, obj, form, change):
        saved = services.rate_set(
            date=obj.date,
            base=obj.base,
            quote=obj.quote,
            rate=obj.rate,
            note=obj.note,
            acting_user=request.user,
        )
        obj.pk = saved.pk

    def get_urls(self):
        return [
            path(
                "import-ecb/",
                self.admin_site.admin_view(self.ecb_view),
                name="funds_exchangerate_import",
            ),
            *super().get_urls(),
        ]

    def ecb_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RateFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.rates_import(
                    data=form.cleaned_data["file"].read(), acting_user=request.user
                )
            except ValidationError as error:
                for text in error.messages[:50]:
                    form.add_error(None, text)
            else:
                self.message_user(
                    request,
                    _(
                        "%(saved)s rates imported from %(first)s to %(last)s; %(kept)s rates"
                        " entered by hand kept; %(reconverted)s entries converted again."
                    )
                    % {
                        "saved": result.saved,
                        "first": result.first,
                        "last": result.last,
                        "kept": result.kept_manual,
                        "reconverted": result.reconverted,
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:funds_exchangerate_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import ECB or Central Bank of Russia rates"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "funds/admin/rates_import.html", context)


# Aid given and costs --------------------------------------------------------------------------


@admin.register(Beneficiary)
class BeneficiaryAdmin(VersionAdmin):
    list_display = ["name", "relation", "person"]
    list_filter = ["relation"]
    search_fields = ["name", "person__display_name_en", "person__surname"]
    autocomplete_fields = ["person"]


class CostAdminMixin:
    def save_model(self, request, obj, form, change):
        services.cost_save(record=obj, acting_user=request.user)


class AidRecordForm(AmountFieldsMixin, forms.ModelForm):
    amount_fields = {"cost": ("cost_minor", "currency")}
    cost = amount_field(_("cost"))

    class Meta:
        model = AidRecord
        fields = [
            "beneficiary",
            "category",
            "legal_stage",
            "humanitarian_kind",
            "given_on",
            "currency",
            "campaign",
            "outcome",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cost_minor") is None:
            self.instance.cost_minor = 0
        check_rate(
            self,
            currency=cleaned.get("currency"),
            target=reporting_currency(),
            on=cleaned.get("given_on"),
            field="given_on",
        )
        return cleaned


@admin.register(AidRecord)
class AidRecordAdmin(CostAdminMixin, VersionAdmin):
    form = AidRecordForm
    list_display = [
        "given_on",
        "category",
        "legal_stage",
        "beneficiary",
        "cost_display",
        "campaign",
    ]
    list_filter = ["category", "legal_stage", "humanitarian_kind", "campaign"]
    search_fields = ["beneficiary__name", "outcome"]
    date_hierarchy = "given_on"
    autocomplete_fields = ["beneficiary", "campaign"]

    cost_display = money_column("cost_minor", description=_("cost"))


class RunningCostForm(AmountFieldsMixin, forms.ModelForm):
    amount_fields = {"amount": ("amount_minor", "currency")}
    amount = amount_field(_("amount"), required=True)

    class Meta:
        model = RunningCost
        fields = ["spent_on", "currency", "campaign", "description"]

    def clean(self):
        cleaned = super().clean()
        check_rate(
            self,
            currency=cleaned.get("currency"),
            target=reporting_currency(),
            on=cleaned.get("spent_on"),
            field="spent_on",
        )
        return cleaned


@admin.register(RunningCost)
class RunningCostAdmin(CostAdminMixin, VersionAdmin):
    form = RunningCostForm
    list_display = ["spent_on", "description", "amount_display", "campaign"]
    list_filter = ["campaign"]
    date_hierarchy = "spent_on"
    autocomplete_fields = ["campaign"]
    search_fields = ["description"]

    amount_display = money_column("amount_minor")


class AggregateFigureForm(AmountFieldsMixin, forms.ModelForm):
    amount_fields = {
        "amount": ("amount_minor", "currency"),
        "equivalent": ("equivalent_minor", "equivalent_currency"),
    }
    amount = amount_field(_("amount"))
    equivalent = amount_field(_("equivalent given by the source"))

    class Meta:
        model = AggregateFigure
        fields = [
            "metric",
            "category",
            "qualifier",
            "period_start",
            "period_end",
            "count",
            "currency",
            "equivalent_currency",
            "campaign",
            "label",
            "note",
            "sources",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].required = True

    def clean(self):
        cleaned = super().clean()
        for name in ("amount_minor", "equivalent_minor"):
            if cleaned.get(name) is None:
                setattr(self.instance, name, None)
        return cleaned


@admin.register(AggregateFigure)
class AggregateFigureAdmin(VersionAdmin, TranslationAdmin):
    form = AggregateFigureForm
    list_display = ["metric", "category", "value", "period_start", "period_end", "campaign"]
    list_filter = ["metric", "category"]
    autocomplete_fields = ["sources", "campaign"]
    search_fields = ["label", "note"]

    @admin.display(description=_("value"))
    def value(self, obj):
        if obj.money:
            return format_money(obj.money, whole=True)
        return obj.count
