"""GET /api/v1/search: the public search as JSON (the same `search()` as the results page)."""

from __future__ import annotations

from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from unheard.core.api.errors import ApiError
from unheard.search.selectors import MAX_LIMIT, search
from unheard.search.views import MAX_QUERY_LENGTH, BadQuery, parse_query

router = Router(tags=["search"])
DEFAULT_LIMIT = 10


# `q` is read by the search app's own `parse_query` (its errors keep their codes: `empty_query`,
# `query_too_long`), so it is declared to OpenAPI here rather than validated by ninja.
QUERY_PARAMETER = {
    "in": "query",
    "name": "q",
    "required": True,
    "description": "A name, a case, a facility or an article, in any spelling.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_LENGTH, "pattern": r"\S"},
}


class SearchResultOut(Schema):
    type: str = Field(description="person, case, facility or article")
    slug: str
    name: str
    name_original: str
    url: str


class SearchResultsOut(Schema):
    results: list[SearchResultOut]


@router.get(
    "/search",
    response=SearchResultsOut,
    url_name="search",
    openapi_extra={"parameters": [QUERY_PARAMETER]},
)
def search_results(request, limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)):
    """Published people, cases, facilities and articles matching `q`, best first."""
    try:
        query = parse_query(request.GET.get("q"))
    except BadQuery as bad:
        raise ApiError(bad.code, bad.message) from bad
    return {"results": search(query, get_language(), limit)}
