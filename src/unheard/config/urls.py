from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from unheard.search import views as search_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/search", search_views.api_search, name="api_search"),
    path("", RedirectView.as_view(url=f"/{settings.LANGUAGE_CODE}/", permanent=False)),
]
urlpatterns += i18n_patterns(
    path("", include("unheard.registry.urls")),
    path("", include("unheard.letters.urls")),
    path("", include("unheard.search.urls")),
    path("", include("unheard.funds.urls")),
    path("", include("unheard.stats.urls")),
    prefix_default_language=True,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
