"""Ordering a brochure in the back office and downloading it when the task has made it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from unheard.brochure import services
from unheard.brochure.models import BrochureJob
from unheard.core.admin import adopt
from unheard.registry import selectors


class BrochureJobForm(forms.ModelForm):
    cases = forms.ModelMultipleChoiceField(
        label=_("cases"),
        queryset=selectors.cases_public().order_by("name"),
        required=False,
        to_field_name="slug",
    )
    people = forms.ModelMultipleChoiceField(
        label=_("people"),
        queryset=selectors.published_people().order_by("surname"),
        required=False,
        to_field_name="slug",
    )

    class Meta:
        model = BrochureJob
        fields = ["language"]

    def clean(self):
        cleaned = super().clean()
        self.case_slugs = [case.slug for case in cleaned.get("cases") or []]
        self.person_slugs = [person.slug for person in cleaned.get("people") or []]
        if "language" in cleaned:
            try:
                services.selection_check(
                    language=cleaned["language"],
                    case_slugs=self.case_slugs,
                    person_slugs=self.person_slugs,
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return cleaned


@admin.register(BrochureJob)
class BrochureJobAdmin(admin.ModelAdmin):
    form = BrochureJobForm
    list_display = ["__str__", "status", "pages", "requested_at", "download"]
    list_filter = ["status", "language"]
    readonly_fields = ["status", "message", "pages", "requested_by", "finished_at", "download"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["language", "cases", "people"]
        return ["language", "case_slugs", "person_slugs", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["language", "case_slugs", "person_slugs", *self.readonly_fields]

    def save_model(self, request, obj, form, change):
        job = services.brochure_request(
            language=form.cleaned_data["language"],
            case_slugs=form.case_slugs,
            person_slugs=form.person_slugs,
            acting_user=request.user,
        )
        adopt(obj, job)

    def save_related(self, request, form, formsets, change):
        pass

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("PDF"))
    def download(self, job: BrochureJob) -> str:
        if not job.pdf:
            return "—"
        url = reverse("admin:brochure_brochurejob_pdf", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_urls(self):
        pdf = path(
            "<int:pk>/pdf/",
            self.admin_site.admin_view(self.pdf_view),
            name="brochure_brochurejob_pdf",
        )
        return [pdf, *super().get_urls()]

    def pdf_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(BrochureJob, pk=pk)
        if not job.pdf:
            raise Http404
        name = f"brochure-{job.language}-{job.pk}.pdf"
        return FileResponse(job.pdf.open("rb"), as_attachment=True, filename=name)
