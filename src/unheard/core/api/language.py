"""The language of an answer: translated fields, labels and error messages.

The `lang` query parameter wins; without it the language comes from `Accept-Language` (Django's
LocaleMiddleware has already activated it), and without that the site's default language.
A `lang` the site does not publish in is an error (400 `unknown_language`), not a silent
fallback: a client that asked for Spanish must not take English for it.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from unheard.core.api.errors import error_response

PARAMETER = "lang"


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def unknown_language(lang: str):
    return error_response(
        "unknown_language",
        _("Unknown language “%(lang)s”; use one of %(languages)s.")
        % {"lang": lang[:20], "languages": ", ".join(sorted(languages()))},
        status=400,
    )


def in_requested_language(run):
    """Wrap an operation so that it, its validation and its errors run in the asked language."""

    @wraps(run)
    def run_in_language(request, *args, **kwargs):
        lang = request.GET.get(PARAMETER)
        if lang is None:
            return run(request, *args, **kwargs)
        if lang not in languages():
            return unknown_language(lang)
        with translation.override(lang):
            return run(request, *args, **kwargs)

    return run_in_language


def openapi_parameter() -> dict:
    return {
        "in": "query",
        "name": PARAMETER,
        "required": False,
        "description": "The language of the answer; without it, Accept-Language decides.",
        "schema": {"type": "string", "enum": languages()},
    }
