import datetime as dt

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from unheard.core.audit_labels import action_label
from unheard.core.models import AuditEntry, PublicationState, ScheduledRun, Source, TranslationState
from unheard.core.publication import record_publish, record_return_to_draft, record_submit
from unheard.core.services import editable_fields, source_add, source_update


def form_values(form, names) -> dict:
    """What the form set on its instance, for the fields named: the data a service writes."""
    fields = set(editable_fields(form._meta.model))
    values = {}
    for name in names:
        if name not in fields:
            continue
        field = form._meta.model._meta.get_field(name)
        values[name] = (
            list(form.cleaned_data[name]) if field.many_to_many else getattr(form.instance, name)
        )
    return values


def adopt(obj, saved) -> None:
    """Make the admin's unsaved object the record a service saved (the admin goes on using it)."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class ServiceWritesAdmin:
    """Saves the record through its app's services, so each save is validated, versioned and
    audited in the admin's transaction.

    A subclass names `create_service` (`*, data, acting_user`), `update_service`
    (`*, <record_argument>, data, acting_user`) and, if deleting is allowed, `delete_service`
    (`*, record, acting_user`).
    """

    create_service = None
    update_service = None
    delete_service = None
    record_argument = ""

    def save_model(self, request, obj, form, change):
        if change:
            original = type(obj).objects.get(pk=obj.pk)
            data = form_values(form, form.changed_data)
            kwargs = {self.record_argument: original}
            self.update_service(**kwargs, data=data, acting_user=request.user)
        else:
            data = form_values(form, form.cleaned_data)
            adopt(obj, self.create_service(data=data, acting_user=request.user))

    def save_related(self, request, form, formsets, change):
        # The services saved the form's many-to-many fields already.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        if self.delete_service is None:
            return super().delete_model(request, obj)
        self.delete_service(record=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        if self.delete_service is None:
            return super().delete_queryset(request, queryset)
        for obj in queryset:
            self.delete_service(record=obj, acting_user=request.user)


@admin.register(Source)
class SourceAdmin(ServiceWritesAdmin, VersionAdmin):
    create_service = staticmethod(source_add)
    update_service = staticmethod(source_update)
    record_argument = "source"

    list_display = ["title", "publisher", "locator", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "url", "locator"]


class PublishableAdminMixin:
    """The publication workflow (`unheard.core.publication`): list actions, and buttons on the
    change page (`admin/publication_buttons.html`, shown by `publishable_change_form.html`)."""

    change_form_template = "admin/publishable_change_form.html"

    actions = ["submit_for_review", "publish", "return_to_draft"]
    publication_readonly = ["publication_state", "submitted_by", "published_by", "published_at"]

    def _transition(self, request, queryset, service, done_message):
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied, ValidationError

        done = 0
        for record in queryset:
            try:
                service(record=record, acting_user=request.user)
            except (ValidationError, PermissionDenied) as error:
                text = "; ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{record}: {text}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._transition(request, queryset, record_submit, _("%(count)d submitted for review."))

    @admin.action(description=_("Approve and publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._transition(request, queryset, record_publish, _("%(count)d published."))

    @admin.action(description=_("Return to draft (unpublish)"), permissions=["publish"])
    def return_to_draft(self, request, queryset):
        self._transition(
            request, queryset, record_return_to_draft, _("%(count)d returned to draft.")
        )

    def has_publish_permission(self, request) -> bool:
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.publish_{meta.model_name}")

    # The same steps as buttons on the record's change page and in the review queue ----------

    publication_steps = {
        "submit": (record_submit, _("“%(record)s” was submitted for review.")),
        "publish": (record_publish, _("“%(record)s” was approved and published.")),
        "return": (record_return_to_draft, _("“%(record)s” was returned to draft.")),
    }

    def get_urls(self):
        meta = self.model._meta
        return [
            path(
                "<path:object_id>/publication/<str:step>/",
                self.admin_site.admin_view(self.publication_view),
                name=f"{meta.app_label}_{meta.model_name}_publication",
            ),
            *super().get_urls(),
        ]

    def publication_view(self, request, object_id, step):
        """One step of the workflow, asked for by a button (POST): the service checks it."""
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied, ValidationError

        record = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if request.method != "POST" or step not in self.publication_steps or record is None:
            raise PermissionDenied
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        service, done = self.publication_steps[step]
        try:
            service(record=record, acting_user=request.user)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(
                request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR
            )
        else:
            self.message_user(request, done % {"record": record}, messages.SUCCESS)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            meta = self.model._meta
            target = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        return HttpResponseRedirect(target)

    def publication_buttons(self, request, record) -> list[dict]:
        """The steps the user may take on `record` now: submit a draft; approve or return what is
        in review (unpublishing stays a list action, asked for deliberately)."""
        from unheard.core.review_queue import may_decide, publication_url

        state = record.publication_state
        steps = []
        if state == PublicationState.DRAFT and self.has_change_permission(request, record):
            steps = [("submit", _("Submit for review"))]
        elif state == PublicationState.IN_REVIEW and may_decide(request.user, record):
            steps = [("publish", _("Approve and publish")), ("return", _("Return to draft"))]
        return [{"label": label, "url": publication_url(record, step)} for step, label in steps]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["publication_buttons"] = self.publication_buttons(request, obj)
            context["publication_state"] = obj.get_publication_state_display()
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(TranslationState)
class TranslationStateAdmin(admin.ModelAdmin):
    """Translators' decisions, for reference; they are made on the translators' dashboard."""

    list_display = [
        "content_type",
        "object_id",
        "field",
        "language",
        "state",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["state", "language", "field", "content_type"]
    readonly_fields = [f.name for f in TranslationState._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DateRangeFilter(admin.FieldListFilter):
    """From and to dates (both included) for a date-time field, as two date inputs."""

    template = "admin/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.since = f"{field_path}__date__gte"
        self.until = f"{field_path}__date__lte"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.values = {}
        for name in (self.since, self.until):
            value = self.used_parameters.get(name) or [""]
            value = value[-1] if isinstance(value, list) else value
            try:
                self.values[name] = dt.date.fromisoformat(value) if value else None
            except ValueError as error:
                raise IncorrectLookupParameters(error) from error

    def expected_parameters(self) -> list[str]:
        return [self.since, self.until]

    def has_output(self) -> bool:
        return True

    def queryset(self, request, queryset):
        lookups = {name: value for name, value in self.values.items() if value}
        return queryset.filter(**lookups)

    def choices(self, changelist):
        yield {
            "since": self.since,
            "until": self.until,
            "since_value": self.values[self.since] or "",
            "until_value": self.values[self.until] or "",
            "others": [
                (key, value)
                for key, values in changelist.get_filters_params().items()
                if key not in (self.since, self.until)
                for value in (values if isinstance(values, list) else [values])
            ],
            "clear": changelist.get_query_string(remove=[self.since, self.until]),
        }


class AuditActionFilter(admin.SimpleListFilter):
    """The action codes written in the log, by their labels."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class ReadOnlyAdminMixin:
    """A record the back office shows and never adds, changes or deletes (a log, an import)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log, read-only and for administrators only (see `unheard.core.audit`)."""

    list_display = ["at", "acting_user", "action_shown", "content_type", "object_repr"]
    list_filter = [
        ("at", DateRangeFilter),
        ("acting_user", admin.RelatedOnlyFieldListFilter),
        AuditActionFilter,
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr", "object_id", "action"]
    readonly_fields = [
        "at",
        "acting_user",
        "action_shown",
        "content_type",
        "object_id",
        "object_repr",
        "summary",
    ]
    fields = readonly_fields
    list_select_related = ["acting_user", "content_type"]

    @admin.display(description=_("action"), ordering="action")
    def action_shown(self, entry: AuditEntry) -> str:
        return action_label(entry.action)

    @staticmethod
    def _is_admin(request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.has_perm("core.view_auditentry"))

    def has_module_permission(self, request) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_admin(request)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    """When each periodic job last ran and how it ended (`unheard scheduler`); read-only."""

    list_display = ["job", "started_at", "finished_at", "succeeded"]
    list_filter = ["succeeded"]
    readonly_fields = ["job", "started_at", "finished_at", "succeeded", "output"]
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
