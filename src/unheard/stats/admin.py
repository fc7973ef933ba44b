from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from unheard.core.admin import PublishableAdminMixin, ServiceWritesAdmin
from unheard.stats import services
from unheard.stats.models import ExternalFigure


@admin.register(ExternalFigure)
class ExternalFigureAdmin(
    ServiceWritesAdmin, PublishableAdminMixin, VersionAdmin, TranslationAdmin
):
    create_service = staticmethod(services.external_figure_create)
    update_service = staticmethod(services.external_figure_update)
    record_argument = "figure"
    list_display = ["organisation", "value", "counts", "date", "beside", "publication_state"]
    list_filter = ["beside", "publication_state"]
    search_fields = ["organisation", "counts", "key"]
    autocomplete_fields = ["sources"]
    readonly_fields = PublishableAdminMixin.publication_readonly
