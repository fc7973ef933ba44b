"""The marathon's yardstick: a bare Django view answering with bytes read from a folder.

`gunicorn --chdir bench bare_django:application` with MARATHON_PAGES=<folder>; GET /<name>
answers the file <folder>/<name>. No middleware, no database, no templates: what Django and
gunicorn cost at the least for the same bytes as the site's pages.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import Http404, HttpResponse
from django.urls import path

PAGES = {page.name: page.read_bytes() for page in Path(os.environ["MARATHON_PAGES"]).glob("*.html")}

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-key",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)


def page(request, name):
    if name not in PAGES:
        raise Http404
    return HttpResponse(PAGES[name], content_type="text/html; charset=utf-8")


urlpatterns = [path("<str:name>", page)]
application = get_wsgi_application()
