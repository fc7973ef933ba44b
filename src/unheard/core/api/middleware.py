"""Under /api/ no answer is an HTML page.

Routes answer errors themselves (`errors.install`); this catches what happens outside a route:
an address no route matches (Django's 404), a method a route does not take (405) and anything
raised before a route runs. Each becomes the API's JSON error, in the requested language.
"""

from __future__ import annotations

import logging

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from unheard.core.api import errors
from unheard.core.api.language import PARAMETER, languages, unknown_language

PREFIX = "/api/"
logger = logging.getLogger(__name__)


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def _nul_in_query(request) -> bool:
    """A filter value holding a NUL byte names nothing: no record can hold one."""
    return any("\x00" in value for values in request.GET.lists() for value in values[1])


class ApiErrorsMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        # A NUL byte names no record, and PostgreSQL refuses it in a query: answer before asking.
        if request.path.startswith(PREFIX) and "\x00" in request.path:
            return errors.not_found()
        if request.path.startswith(PREFIX) and _nul_in_query(request):
            return errors.error_response(
                "unknown_filter_value", _("The API cannot answer this request."), status=400
            )
        response = self.get_response(request)
        if not request.path.startswith(PREFIX) or response.status_code < 400 or _is_json(response):
            return response
        lang = request.GET.get(PARAMETER)
        if lang is not None and lang not in languages():
            return unknown_language(lang)
        with translation.override(lang or translation.get_language()):
            return self._as_json(response)

    @staticmethod
    def _as_json(response):
        if response.status_code == 404:
            return errors.not_found()
        if response.status_code == 405:
            answer = errors.method_not_allowed()
            answer["Allow"] = response.get("Allow", "GET")
            return answer
        if response.status_code >= 500:
            return errors.server_error()
        return errors.error_response(
            "bad_request", _("The API cannot answer this request."), status=response.status_code
        )

    def process_exception(self, request, exception):
        if not request.path.startswith(PREFIX):
            return None
        if isinstance(exception, Http404):  # django-ninja's own views (the API's root) raise it
            return errors.not_found()
        return errors.unexpected_error(request, exception)
