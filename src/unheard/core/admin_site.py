"""The back office: Django's admin with a home by task (`core.admin_home`) and a review queue
for drafts submitted by editors."""

from django.apps import apps
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from unheard.core import admin_home
from unheard.core.models import PublicationState, Publishable


class UnheardAdminSite(admin.AdminSite):
    site_header = _("Unheard back office")
    site_title = _("Unheard")
    index_title = _("Registry and solidarity work")
    index_template = "admin/unheard_index.html"

    def get_urls(self):
        return [
            path("review/", self.admin_view(self.review_queue), name="review_queue"),
            *super().get_urls(),
        ]

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        return admin_home.task_sections(self, request)

    def index(self, request, extra_context=None):
        context = {"waiting": admin_home.waiting(request), **(extra_context or {})}
        return super().index(request, context)

    def review_queue(self, request):
        """Every record in review that the user may see, oldest change first."""
        groups = []
        for model in apps.get_models():
            if not issubclass(model, Publishable) or model not in self._registry:
                continue
            meta = model._meta
            if not request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
                continue
            items = list(
                model.objects.filter(publication_state=PublicationState.IN_REVIEW)
                .select_related("submitted_by")
                .order_by("updated_at")[:200]
            )
            if items:
                groups.append(
                    {
                        "name": meta.verbose_name_plural,
                        "items": [(item, self._change_url(item)) for item in items],
                        "changelist": reverse(
                            f"admin:{meta.app_label}_{meta.model_name}_changelist"
                        )
                        + "?publication_state__exact=in_review",
                    }
                )
        context = {**self.each_context(request), "title": _("Review queue"), "groups": groups}
        return TemplateResponse(request, "admin/review_queue.html", context)

    def _change_url(self, item) -> str:
        target = getattr(item, "person", None) or item
        meta = target._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
