"""A URL configuration with routes that fail, to see what a bug looks like from outside."""

from django.urls import path
from ninja import NinjaAPI

from unheard.config.urls import urlpatterns as site_urlpatterns
from unheard.core.api import errors

broken = NinjaAPI(urls_namespace="broken-api")
errors.install(broken)


@broken.get("/bug")
def bug(request):
    raise RuntimeError("a bug in a route")


def plain_view_bug(request):
    raise RuntimeError("a bug in a view outside the API's router")


urlpatterns = [
    path("api/broken/", broken.urls),
    path("api/plain-bug", plain_view_bug),
    *site_urlpatterns,
]
