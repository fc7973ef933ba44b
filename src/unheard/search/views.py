"""The search results page and the JSON API. Views parse the request and call `search()`."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from unheard.search.selectors import MAX_LIMIT, search

MAX_QUERY_LENGTH = 200
DEFAULT_LIMIT = 10
PAGE_LIMIT = 20
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class BadQuery(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_query(raw: str | None) -> str:
    query = (raw or "").strip()
    if not query:
        raise BadQuery(
            "empty_query", _("Type a name, a case, a facility or an article to search for.")
        )
    if len(query) > MAX_QUERY_LENGTH:
        raise BadQuery(
            "query_too_long",
            _("The search text is too long: at most %(max)d characters.")
            % {"max": MAX_QUERY_LENGTH},
        )
    return query


def error(code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=400)


@require_GET
def api_search(request):
    """GET /api/v1/search?q=<text>&lang=<ru|en|de|fr>[&limit=1..50]: results, best first."""
    lang = request.GET.get("lang") or settings.LANGUAGE_CODE
    if lang not in LANGUAGES:
        return error(
            "unknown_language",
            _("Unknown language “%(lang)s”; use one of %(languages)s.")
            % {"lang": lang[:20], "languages": ", ".join(sorted(LANGUAGES))},
        )
    with translation.override(lang):  # error messages in the language asked for
        try:
            query = parse_query(request.GET.get("q"))
        except BadQuery as bad:
            return error(bad.code, bad.message)
        raw_limit = request.GET.get("limit") or str(DEFAULT_LIMIT)
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_LIMIT:
            return error(
                "bad_limit",
                _("The limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT},
            )
    results = search(query, lang, int(raw_limit))
    return JsonResponse({"results": [result.as_json() for result in results]})


@require_GET
def results(request):
    raw = request.GET.get("q", "")
    context = {
        "query": raw.strip()[:MAX_QUERY_LENGTH],
        "results": [],
        "error": "",
        "searched": False,
    }
    status = 200
    if raw.strip():
        try:
            query = parse_query(raw)
        except BadQuery as bad:
            context["error"], status = bad.message, 400
        else:
            context["results"] = search(query, get_language(), PAGE_LIMIT)
            context["searched"] = True
    return render(request, "search/results.html", context, status=status)
