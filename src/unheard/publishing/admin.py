from django.contrib import admin
from reversion.admin import VersionAdmin

from unheard.core.admin import PublishableAdminMixin, ServiceWritesAdmin
from unheard.publishing import services
from unheard.publishing.models import NewsPost


@admin.register(NewsPost)
class NewsPostAdmin(ServiceWritesAdmin, PublishableAdminMixin, VersionAdmin):
    create_service = staticmethod(services.news_post_create)
    update_service = staticmethod(services.news_post_update)
    record_argument = "post"
    list_display = ["title", "language", "publication_state", "published_at"]
    list_filter = ["language", "publication_state"]
    search_fields = ["title", "lead", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["sources", "people", "cases", "actions", "campaigns"]
    readonly_fields = PublishableAdminMixin.publication_readonly
