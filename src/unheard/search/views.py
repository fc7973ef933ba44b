"""The search results page. Views parse the request and call `search()`; the JSON API is in
`apis.py`."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from unheard.search.selectors import search

MAX_QUERY_LENGTH = 200
PAGE_LIMIT = 20


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
