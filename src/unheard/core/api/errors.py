"""One error format for the whole API.

Every error, whatever raised it, is answered with a JSON body
`{"error": {"code": "<stable machine code>", "message": "<sentence in the request's language>"}}`
and a 4xx status: 400 for a request the API cannot take (a parameter of the wrong type or out of
range, an unknown filter value or language), 404 for an address that names nothing public, 405
for a method the address does not take. An unexpected exception is logged with its traceback and
answered with the same JSON body and status 500, never with an HTML page.

Codes are part of the API contract: clients branch on them, so they never change once published.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by a router to answer with an error; `message` is already translated."""

    def __init__(self, code: str, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    """The body of every error response."""

    error: ErrorDetail


def error_response(code: str, message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": str(message)}}, status=status)


def not_found() -> JsonResponse:
    return error_response(
        "not_found", _("Nothing public is found at this address of the API."), status=404
    )


def method_not_allowed() -> JsonResponse:
    return error_response(
        "method_not_allowed", _("This address of the API only answers GET requests."), status=405
    )


def server_error() -> JsonResponse:
    return error_response(
        "server_error",
        _("Something went wrong on our side. The error was logged; please try again later."),
        status=500,
    )


# What was wrong with a parameter, by pydantic's error type; %(name)s is the parameter.
PARAMETER_PROBLEMS = {
    "int_parsing": gettext_lazy("“%(name)s” must be a whole number."),
    "int_type": gettext_lazy("“%(name)s” must be a whole number."),
    "greater_than_equal": gettext_lazy("“%(name)s” must be at least %(limit)s."),
    "greater_than": gettext_lazy("“%(name)s” must be more than %(limit)s."),
    "less_than_equal": gettext_lazy("“%(name)s” must be at most %(limit)s."),
    "less_than": gettext_lazy("“%(name)s” must be less than %(limit)s."),
    "string_too_long": gettext_lazy("“%(name)s” is too long (the maximum length is %(limit)s)."),
    "missing": gettext_lazy("“%(name)s” is required."),
}
UNKNOWN_PROBLEM = gettext_lazy("“%(name)s” has a value this API does not accept.")
# Where ninja says a parameter came from: the first part of an error's location, not its name.
_SOURCES = {"query", "path", "header", "cookie", "body", "form", "file"}


def validation_error(exc: ValidationError) -> JsonResponse:
    """The first problem of a request's parameters, as `bad_<parameter>`."""
    problem = exc.errors[0] if exc.errors else {}
    location = [str(part) for part in problem.get("loc", ()) if str(part) not in _SOURCES]
    name = location[-1] if location else "request"
    context = problem.get("ctx") or {}
    limit = next((context[k] for k in ("ge", "gt", "le", "lt", "max_length") if k in context), "")
    text = PARAMETER_PROBLEMS.get(problem.get("type", ""), UNKNOWN_PROBLEM)
    return error_response(
        f"bad_{name}", str(text) % {"name": name[:40], "limit": limit}, status=400
    )


_HTTP_CODES = {400: "bad_request", 401: "unauthorised", 403: "forbidden", 429: "too_many_requests"}


def install(api: NinjaAPI) -> None:
    """Answer every exception a route can raise with the one error format."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError):
        return error_response(exc.code, exc.message, status=exc.status)

    @api.exception_handler(ValidationError)
    def bad_parameters(request: HttpRequest, exc: ValidationError):
        return validation_error(exc)

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404):
        return not_found()

    @api.exception_handler(ObjectDoesNotExist)
    def missing_record(request: HttpRequest, exc: ObjectDoesNotExist):
        return not_found()

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        code = _HTTP_CODES.get(exc.status_code, "error")
        return error_response(code, str(exc), status=exc.status_code)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception):
        return unexpected_error(request, exc)


def unexpected_error(request: HttpRequest, exc: Exception) -> JsonResponse:
    """A bug is a JSON 500, logged with its traceback; a database that is down or locked is a
    503 with Retry-After (`unheard.core.faults`)."""
    from unheard.core import faults

    logger.exception("API error on %s", request.path)
    if isinstance(exc, faults.DATABASE_ERRORS):
        return faults.database_unavailable(request)
    return server_error()
