"""The checking queue in the back office: what needs an editor's attention, and "checked".

The queue is `registry.checking`; marking an item goes through `services.check_mark`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from unheard.core.admin import ReadOnlyAdminMixin
from unheard.core.models import Source
from unheard.registry import checking, services
from unheard.registry.models import CheckMark, CheckReason


class CheckMarkForm(forms.Form):
    source = forms.ModelChoiceField(
        Source.objects.all(),
        label=_("Source you checked"),
        required=False,
        help_text=_("Pick a source already in the registry, or give a new one below."),
    )
    new_source_title = forms.CharField(label=_("New source: title"), max_length=500, required=False)
    new_source_url = forms.URLField(
        label=_("New source: web address"), max_length=1000, required=False, assume_scheme="https"
    )
    note = forms.CharField(
        label=_("What you found"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("source") and not data.get("new_source_title"):
            raise ValidationError(_("Pick the source you checked or give the title of a new one."))
        return data

    def new_source(self) -> dict | None:
        if self.cleaned_data.get("source") or not self.cleaned_data.get("new_source_title"):
            return None
        return new_source(
            self.cleaned_data["new_source_title"], self.cleaned_data["new_source_url"]
        )


def new_source(title: str, url: str) -> dict:
    """A source typed on a back-office form: a web page when it has an address."""
    kind = Source.Kind.WEB if url else Source.Kind.OTHER
    return {"title": title, "url": url, "kind": kind}


def change_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def mark_url(item: checking.CheckItem) -> str:
    content_type = ContentType.objects.get_for_model(item.record)
    return reverse(
        "admin:registry_checking_mark", args=[content_type.pk, item.record.pk, item.reason]
    )


@admin.register(CheckMark)
class CheckMarkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The marks themselves, read-only; the queue and the "checked" form are extra views."""

    list_display = ["checked_at", "reason", "content_type", "object_id", "source", "checked_by"]
    list_filter = ["reason", "content_type"]
    readonly_fields = [f.name for f in CheckMark._meta.fields]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("queue/", view(self.queue_view), name="registry_checking_queue"),
            path(
                "queue/<int:content_type_id>/<int:object_id>/<str:reason>/",
                view(self.mark_view),
                name="registry_checking_mark",
            ),
            *super().get_urls(),
        ]

    def queue_view(self, request):
        if not request.user.has_perm("registry.view_checkmark"):
            raise PermissionDenied
        groups = [
            {
                "reason": reason,
                "items": [(item, change_url(item.record), mark_url(item)) for item in items],
            }
            for reason, items in checking.checking_queue().items()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Checking queue"),
            "groups": groups,
            "may_mark": request.user.has_perm("registry.add_checkmark"),
            "months": checking.check_after_months(),
        }
        return TemplateResponse(request, "admin/registry/checking_queue.html", context)

    def mark_view(self, request, content_type_id: int, object_id: int, reason: str):
        if not request.user.has_perm("registry.add_checkmark"):
            raise PermissionDenied
        if reason not in CheckReason.values:
            raise Http404
        content_type = get_object_or_404(ContentType, pk=content_type_id, app_label="registry")
        record = get_object_or_404(content_type.model_class(), pk=object_id)
        reason = CheckReason(reason)
        form = CheckMarkForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.check_mark(
                    record=record,
                    reason=reason,
                    source=form.cleaned_data["source"],
                    new_source=form.new_source(),
                    note=form.cleaned_data["note"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _("“%(record)s” is marked checked.") % {"record": record},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:registry_checking_queue"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Mark checked"),
            "record": record,
            "record_url": change_url(record),
            "reason": reason,
            "item": checking.check_item(record=record, reason=reason),
            "form": form,
        }
        return TemplateResponse(request, "admin/registry/checking_mark.html", context)
