"""The registry's back office: search, filters, inline facts with sources, history and revert.

A user who may change records but not add them (the translator role) edits only the translated
fields; everything else is read-only for them.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.translator import NotRegistered, translator
from reversion.admin import VersionAdmin

from unheard.core.admin import PublishableAdminMixin, ServiceWritesAdmin, adopt, form_values
from unheard.core.dates import DatePrecision, PartialDate, normalise_partial
from unheard.core.models import Source
from unheard.registry import admin_checking, models, selectors, services, versioning  # noqa: F401
from unheard.registry.admin_quickadd import QuickAddAdminMixin
from unheard.registry.admin_review import ReviewedChangesAdmin
from unheard.registry.templatetags.registry_display import release_assumptions, release_date

versioning.register_models()

FACT_READONLY = ["publication_state"]


def translated_field_names(model) -> set[str]:
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return set()
    return set(options.all_fields) | {
        field.name for fields in options.all_fields.values() for field in fields
    }


class TranslatorAwareAdmin:
    """Read-only except translated fields for users who may change but not add records."""

    def is_translator_only(self, request) -> bool:
        meta = self.model._meta
        return not request.user.has_perm(f"{meta.app_label}.add_{meta.model_name}")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.is_translator_only(request):
            editable = translated_field_names(self.model)
            form_fields = [
                f.name for f in self.model._meta.get_fields() if getattr(f, "editable", False)
            ]
            readonly += [f for f in form_fields if f not in editable and not f.endswith("_ptr")]
        return readonly

    def get_inline_instances(self, request, obj=None):
        if self.is_translator_only(request):
            return []
        return super().get_inline_instances(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and self.is_translator_only(request):
            return {}
        return super().get_prepopulated_fields(request, obj)


FACT_ADD = {
    models.PersonAlias: services.alias_add,
    models.CaseDefendant: services.defendant_add,
    models.Charge: services.charge_add,
    models.Verdict: services.verdict_add,
    models.TimelineEvent: services.event_add,
    models.Recognition: services.recognition_add,
    models.Designation: services.designation_add,
}


class RegistryWritesAdmin(ReviewedChangesAdmin, ServiceWritesAdmin):
    """Saves records and their inline facts through `registry/services.py`.

    A subclass names its record's create and update services; inline facts use `FACT_ADD`,
    and are changed and deleted through `fact_change` and `fact_delete` (which keep a change to
    a published record for review, `admin_review.py`).
    """

    delete_service = staticmethod(services.record_delete)

    def save_formset(self, request, form, formset, change):
        facts_source = form.cleaned_data.get("facts_source")
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = formset.deleted_forms if formset.can_delete else []
        for inline in deleted:
            if inline.instance.pk is not None:
                self.fact_delete(request, inline.instance)
                formset.deleted_objects.append(inline.instance)
        for inline in formset.forms:
            if inline in deleted or not inline.has_changed():
                continue
            if inline.instance.pk is None:
                self._fact_add(request, formset, inline, facts_source)
            else:
                fact = type(inline.instance).objects.get(pk=inline.instance.pk)
                if "DELETE" in inline.changed_data:
                    self.fact_keep(request, fact)
                data = form_values(inline, inline.changed_data)
                self.fact_change(request, fact, data)
                formset.changed_objects.append((inline.instance, inline.changed_data))

    def _fact_add(self, request, formset, inline, facts_source=None) -> None:
        """Add a fact; one that names no source of its own cites the save's `facts_source`."""
        data = form_values(inline, inline.cleaned_data)
        data[formset.fk.name] = formset.instance
        if facts_source is not None and "sources" in data and not data["sources"]:
            data["sources"] = [facts_source]
        if self.fact_add_proposed(request, formset.model, data):
            return
        add = FACT_ADD[formset.model]
        saved = add(person=data.pop("person"), data=data, acting_user=request.user)
        adopt(inline.instance, saved)
        formset.new_objects.append(inline.instance)


class FactWritesAdmin(RegistryWritesAdmin):
    """A fact edited on its own page: added with its `FACT_ADD` service, changed with `fact_update`."""

    def save_model(self, request, obj, form, change):
        if change:
            fact = type(obj).objects.get(pk=obj.pk)
            self.fact_change(request, fact, form_values(form, form.changed_data))
        else:
            data = form_values(form, form.cleaned_data)
            add = FACT_ADD[type(obj)]
            adopt(obj, add(person=data.pop("person"), data=data, acting_user=request.user))


class AliasInline(admin.TabularInline):
    model = models.PersonAlias
    extra = 0
    classes = ["collapse"]


class CaseLinkInline(admin.TabularInline):
    model = models.CaseDefendant
    extra = 0
    autocomplete_fields = ["case"]


class ChargeInline(admin.StackedInline):
    """Stacked, a few fields a row: a table of ten columns was wider than the window."""

    model = models.Charge
    extra = 0
    readonly_fields = FACT_READONLY
    fields = [
        ("case", "article"),
        ("part", "paragraph", "inchoate", "status"),
        ("brought_on", "brought_on_precision"),
        ("sources", "publication_state"),
    ]
    autocomplete_fields = ["case", "article", "sources"]


class VerdictInline(TranslationStackedInline):
    """Stacked: a verdict has too many fields for one table row."""

    model = models.Verdict
    extra = 0
    readonly_fields = FACT_READONLY
    classes = ["collapse"]
    fields = [
        "case",
        "instance",
        "court",
        "judge",
        "date",
        "date_precision",
        "in_force_on",
        "prosecutor_requested",
        "punishment",
        "regime",
        "term_years",
        "term_months",
        "life_sentence",
        "fine_amount",
        "fine_currency",
        "additional_penalties",
        "appeal_outcome",
        "sources",
        "publication_state",
    ]
    autocomplete_fields = ["case", "sources"]


class TimelineInline(TranslationStackedInline):
    """Stacked, a few fields a row and the description full width: one event per block."""

    model = models.TimelineEvent
    extra = 0
    readonly_fields = FACT_READONLY
    show_change_link = False
    fields = [
        ("kind", "date", "date_precision", "end_date", "end_date_precision"),
        ("case", "facility", "place"),
        "description",
        ("sources", "publication_state"),
    ]
    autocomplete_fields = ["case", "facility", "sources"]


class RecognitionInline(admin.TabularInline):
    model = models.Recognition
    extra = 0
    classes = ["collapse"]
    readonly_fields = FACT_READONLY
    fields = ["organisation", "date", "date_precision", "sources", "publication_state"]
    autocomplete_fields = ["organisation", "sources"]


class DesignationInline(admin.TabularInline):
    model = models.Designation
    extra = 0
    classes = ["collapse"]
    fields = [
        "register",
        "added_on",
        "added_on_precision",
        "removed_on",
        "removed_on_precision",
        "sources",
        "publication_state",
    ]
    readonly_fields = FACT_READONLY
    autocomplete_fields = ["sources"]


class CaseFilter(admin.SimpleListFilter):
    title = _("case")
    parameter_name = "case"

    def lookups(self, request, model_admin):
        return models.Case.objects.values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(case_links__case__slug=self.value()).distinct()
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    title = _("article")
    parameter_name = "article"

    def lookups(self, request, model_admin):
        used = (
            models.Article.objects.filter(charges__isnull=False).distinct().select_related("code")
        )
        return [(a.pk, str(a)) for a in used]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(charges__article_id=self.value()).distinct()
        return queryset


class RecognisedByFilter(admin.SimpleListFilter):
    title = _("recognised by")
    parameter_name = "recognised_by"

    def lookups(self, request, model_admin):
        return (
            models.Organisation.objects.filter(recognitions__isnull=False)
            .distinct()
            .values_list("slug", "name")
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(recognitions__organisation__slug=self.value()).distinct()
        return queryset


class PersonForm(forms.ModelForm):
    facts_source = forms.ModelChoiceField(
        Source.objects.all(),
        label=_("Source for the facts added in this save"),
        required=False,
        widget=AutocompleteSelect(models.Charge._meta.get_field("sources"), admin.site),
        help_text=_(
            "Cited by every charge, verdict, event, recognition or designation you add below "
            "that names no source of its own."
        ),
    )


@admin.register(models.Person)
class PersonAdmin(
    QuickAddAdminMixin,
    RegistryWritesAdmin,
    TranslatorAwareAdmin,
    PublishableAdminMixin,
    VersionAdmin,
    TranslationAdmin,
):
    create_service = staticmethod(services.person_create)
    update_service = staticmethod(services.person_update)
    record_argument = "person"

    list_display = [
        "display_name",
        "original_name",
        "status",
        "current_facility",
        "home_region",
        "publication_state",
        "expected_release",
        "updated_at",
    ]
    list_filter = [
        "publication_state",
        "status",
        "home_region",
        "current_facility__region",
        CaseFilter,
        ArticleFilter,
        RecognisedByFilter,
        "political_views",
        "affiliations",
        "letters_reach",
    ]
    search_fields = [
        "surname",
        "given_name",
        "patronymic",
        "display_name",
        "aliases__name",
        "slug",
    ]
    prepopulated_fields = {"slug": ("display_name_en",)}
    autocomplete_fields = ["home_region", "current_facility", "sources", "affiliations"]
    filter_horizontal = ["political_views"]
    readonly_fields = [
        *PublishableAdminMixin.publication_readonly,
        "expected_release",
        "release_explained",
        "release_with_drafts",
    ]
    inlines = [
        AliasInline,
        CaseLinkInline,
        ChargeInline,
        VerdictInline,
        TimelineInline,
        RecognitionInline,
        DesignationInline,
    ]
    form = PersonForm
    fieldsets = [
        (
            _("Name"),
            {"fields": [("surname", "given_name", "patronymic"), "display_name", "slug"]},
        ),
        (
            _("Status and detention"),
            {
                "fields": [
                    ("status", "current_facility"),
                    ("expected_release", "release_explained"),
                    "release_with_drafts",
                ]
            },
        ),
        (
            _("About"),
            {
                "fields": [
                    ("birth_date", "birth_date_precision", "gender"),
                    ("home_region", "home_town", "occupation"),
                    "political_views",
                    "affiliations",
                    "summary",
                    "biography",
                ]
            },
        ),
        (
            _("Support: whether letters reach them, interests, what they like to receive"),
            {
                "fields": [
                    ("letters_reach", "support_declined"),
                    "interests",
                    "likes_to_receive",
                    "support_caveat",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            _("Photo: the picture, its credit and consent"),
            {"fields": [("photo", "photo_credit", "photo_consent")], "classes": ["collapse"]},
        ),
        (
            _("Sources and publication"),
            {"fields": ["sources", tuple(PublishableAdminMixin.publication_readonly)]},
        ),
        (
            _("Internal notes (never public)"),
            {"fields": ["internal_notes"], "classes": ["collapse"]},
        ),
        (_("Facts added in this save"), {"fields": ["facts_source"]}),
    ]

    class Media:
        css = {"all": ["registry/admin/entry.css"]}
        js = ["registry/admin/entry.js"]

    @admin.display(description=_("expected release counting draft facts (not public)"))
    def release_with_drafts(self, obj):
        """The estimate the record will give once its draft verdicts and events are published;
        the public sees `expected_release`, computed from the published facts only."""
        estimate = obj.pk and selectors.release_estimate(person=obj, public_only=False)
        if not estimate or estimate.date is None:
            return "—"
        date = normalise_partial(estimate.date, estimate.precision)
        return str(PartialDate.of(date, estimate.precision))

    @admin.display(description=_("release computation"))
    def release_explained(self, person) -> str:
        """The computed release as words: the date as precisely as known, and its assumptions."""
        release = release_date(person)
        if release is None:
            return "—"
        precision = (person.release_computation or {}).get("precision") or DatePrecision.DAY
        shown = format_html("{} ({}: {})", release, _("precision"), DatePrecision(precision).label)
        assumptions = release_assumptions(person)
        if not assumptions:
            return shown
        items = format_html_join("", "<li>{}</li>", ((text,) for text in assumptions))
        return format_html("{}<br>{}:<ul>{}</ul>", shown, _("Assumptions made"), items)

    @admin.display(description=_("original name"))
    def original_name(self, obj):
        return obj.original_name

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("current_facility", "home_region")

    def _create_formsets(self, request, obj, change):
        """Let charges and verdicts see the case links and charges added in the same save."""
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        if request.method == "POST":
            case_ids = self._pending_case_ids(formsets, models.CaseDefendant)
            charge_case_ids = self._pending_case_ids(formsets, models.Charge)
            for formset in formsets:
                for form in formset.forms:
                    form.instance.pending_case_ids = case_ids
                    form.instance.pending_charge_case_ids = charge_case_ids
        return formsets, inline_instances

    @staticmethod
    def _pending_case_ids(formsets, model) -> set[int]:
        ids = set()
        for formset in formsets:
            if formset.model is not model:
                continue
            for form in formset.forms:
                case = form.data.get(form.add_prefix("case"))
                deleted = form.data.get(form.add_prefix("DELETE"))
                if case and not deleted and str(case).isdigit():
                    ids.add(int(case))
        return ids


@admin.register(models.Case)
class CaseAdmin(
    RegistryWritesAdmin, TranslatorAwareAdmin, PublishableAdminMixin, VersionAdmin, TranslationAdmin
):
    create_service = staticmethod(services.case_create)
    update_service = staticmethod(services.case_update)
    record_argument = "case"

    list_display = ["name", "kind", "region", "started_on", "publication_state", "updated_at"]
    list_filter = ["publication_state", "kind", "region"]
    search_fields = ["name", "slug", "summary", "defendant_links__person__surname"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["region", "sources"]
    readonly_fields = PublishableAdminMixin.publication_readonly
    inlines = [CaseLinkInline]

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:
            inline.autocomplete_fields = ["person"]
        return instances


@admin.register(models.Facility)
class FacilityAdmin(
    RegistryWritesAdmin, TranslatorAwareAdmin, PublishableAdminMixin, VersionAdmin, TranslationAdmin
):
    create_service = staticmethod(services.facility_create)
    update_service = staticmethod(services.facility_update)
    record_argument = "facility"

    list_display = [
        "name",
        "kind",
        "regime",
        "number",
        "region",
        "electronic_letters",
        "publication_state",
    ]
    list_filter = ["publication_state", "kind", "regime", "region", "electronic_letters"]
    search_fields = ["name", "number", "town", "postal_address", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["region", "sources"]
    readonly_fields = PublishableAdminMixin.publication_readonly


@admin.register(models.Region)
class RegionAdmin(VersionAdmin, TranslationAdmin):
    list_display = ["name", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(models.Organisation)
class OrganisationAdmin(VersionAdmin, TranslationAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(models.PoliticalView)
class PoliticalViewAdmin(VersionAdmin, TranslationAdmin):
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(models.LegalCode)
class LegalCodeAdmin(VersionAdmin, TranslationAdmin):
    list_display = ["short_name", "name", "jurisdiction"]


@admin.register(models.Article)
class ArticleAdmin(VersionAdmin, TranslationAdmin):
    list_display = ["number", "code", "title", "category"]
    list_filter = ["code", "category"]
    search_fields = ["number", "title"]


@admin.register(models.Charge)
class ChargeAdmin(FactWritesAdmin, VersionAdmin):
    list_display = ["person", "citation", "case", "status", "publication_state"]
    list_filter = ["publication_state", "status", "article__category", "article__code"]
    search_fields = ["person__surname", "person__display_name", "article__number", "case__name"]
    autocomplete_fields = ["person", "case", "article", "sources"]
    readonly_fields = FACT_READONLY


@admin.register(models.Verdict)
class VerdictAdmin(FactWritesAdmin, VersionAdmin, TranslationAdmin):
    list_display = ["person", "case", "instance", "date", "punishment", "term_years", "term_months"]
    list_filter = ["publication_state", "instance", "punishment", "regime"]
    search_fields = ["person__surname", "person__display_name", "court", "judge"]
    autocomplete_fields = ["person", "case", "sources"]
    readonly_fields = FACT_READONLY


@admin.register(models.TimelineEvent)
class TimelineEventAdmin(FactWritesAdmin, VersionAdmin, TranslationAdmin):
    list_display = ["person", "kind", "date", "date_precision", "case", "publication_state"]
    list_filter = ["publication_state", "kind"]
    search_fields = ["person__surname", "person__display_name", "description", "place"]
    autocomplete_fields = ["person", "case", "facility", "sources"]
    readonly_fields = FACT_READONLY
    date_hierarchy = "date"


@admin.register(models.Recognition)
class RecognitionAdmin(FactWritesAdmin, VersionAdmin):
    list_display = ["person", "organisation", "date", "publication_state"]
    list_filter = ["organisation", "publication_state"]
    search_fields = ["person__surname", "person__display_name"]
    autocomplete_fields = ["person", "organisation", "sources"]
    readonly_fields = FACT_READONLY
