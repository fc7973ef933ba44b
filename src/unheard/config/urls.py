from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView

from unheard.actions.views import report_photo
from unheard.publishing.sitemaps import SITEMAPS
from unheard.publishing.views import news_image, robots_txt
from unheard.registry.views import person_photo

# A database that is down or locked gets a 503 page, other errors the 500 page.
handler500 = "unheard.core.faults.server_error"
MEDIA = settings.MEDIA_URL.lstrip("/")

urlpatterns = [
    # Before the admin's own URLs, which would take "account" for an app's label.
    path("admin/account/", include("unheard.accounts.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("unheard.api.urls")),
    path("", RedirectView.as_view(url=f"/{settings.LANGUAGE_CODE}/", permanent=False)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The only files under media the public may see, each after its record's visibility check
    # (core/media.py); nothing else under MEDIA_URL is served, not even with DEBUG.
    path(f"{MEDIA}people/<path:name>", person_photo, name="person_photo"),
    path(f"{MEDIA}actions/reports/<path:name>", report_photo, name="report_photo"),
    path(f"{MEDIA}news/<path:name>", news_image, name="news_image"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=f"{settings.STATIC_URL}unheard/favicon.ico", permanent=True),
    ),
]
urlpatterns += i18n_patterns(
    path("", include("unheard.registry.urls")),
    path("", include("unheard.letters.urls")),
    path("", include("unheard.search.urls")),
    path("", include("unheard.funds.urls")),
    path("", include("unheard.actions.urls")),
    path("", include("unheard.core.urls")),
    path("", include("unheard.stats.urls")),
    path("", include("unheard.publishing.urls")),
    path("", include("unheard.petitions.urls")),
    path("", include("unheard.agenda.urls")),
    path("", include("unheard.opendata.urls")),
    prefix_default_language=True,
)
