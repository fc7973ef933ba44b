"""What a reader sees when the site cannot reach its database.

Policy: when a request fails because the database is down, unreachable, or locked for longer than
the connection waits (`OperationalError`, `InterfaceError`), the reader gets a short page in their
language saying the site is briefly unavailable, with status 503 and `Retry-After` — never a
traceback — and a form they were sending must be sent again (it was not saved). The API gets the
same in its one error format (`unheard.core.api.errors`). Any other error keeps Django's 500 page. Either way Django logs the error
with its traceback and the request id (`unheard.core.logs`), and the micro-cache of the shipped
nginx config serves its last copy of a public page instead of the 503 where it has one.

This is the project's `handler500` (config/urls.py): Django calls it for an uncaught exception
from a view or a middleware alike, while the exception is being handled, so `sys.exc_info()` names
it. With DEBUG on, Django shows its debug page instead.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views import defaults

from unheard.core.api.errors import error_response

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = error_response(
            "database_unavailable",
            gettext("The database is unavailable at the moment. Try again in a minute."),
            status=503,
        )
    else:
        # Rendered without the request: context processors could reach for the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
