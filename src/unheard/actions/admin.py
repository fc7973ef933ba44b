from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from unheard.actions import services
from unheard.actions.models import SolidarityAction
from unheard.core.admin import PublishableAdminMixin, ServiceWritesAdmin


@admin.register(SolidarityAction)
class SolidarityActionAdmin(
    ServiceWritesAdmin, PublishableAdminMixin, VersionAdmin, TranslationAdmin
):
    create_service = staticmethod(services.solidarity_action_create)
    update_service = staticmethod(services.solidarity_action_update)
    record_argument = "action"
    list_display = ["title", "kind", "starts_on", "publication_state"]
    list_filter = ["kind", "publication_state"]
    search_fields = ["title", "description", "slug"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["sources", "organisers"]
    readonly_fields = PublishableAdminMixin.publication_readonly
