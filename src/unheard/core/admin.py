from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from unheard.core.models import Source, TranslationState
from unheard.core.publication import record_publish, record_return_to_draft, record_submit
from unheard.core.services import source_add, source_update


@admin.register(Source)
class SourceAdmin(VersionAdmin):
    list_display = ["title", "publisher", "locator", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "url", "locator"]

    def save_model(self, request, obj, form, change):
        names = form.changed_data if change else form.cleaned_data
        data = {name: getattr(obj, name) for name in names}
        if change:
            source_update(source=Source.objects.get(pk=obj.pk), data=data, acting_user=request.user)
        else:
            saved = source_add(data=data, acting_user=request.user)
            obj.pk, obj._state.adding = saved.pk, False


class PublishableAdminMixin:
    """Admin actions for the publication workflow (`unheard.core.publication`)."""

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
