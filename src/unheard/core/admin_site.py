"""The back office: Django's admin with a home by task (`core.admin_home`) and a review queue
for drafts submitted by editors."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from unheard.core import admin_home, review_queue


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
        """Everything in review the user may see (`core.review_queue`), with its buttons."""
        context = {
            **self.each_context(request),
            "title": _("Review queue"),
            "groups": review_queue.review_groups(request.user),
        }
        return TemplateResponse(request, "admin/review_queue.html", context)
