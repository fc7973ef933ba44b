"""GET /api/v1/search: the public search as JSON (the same `search()` as the results page)."""

from __future__ import annotations

from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from unheard.api.errors import ApiError
from unheard.search.selectors import MAX_LIMIT, search
from unheard.search.views import BadQuery, parse_query

router = Router(tags=["search"])
DEFAULT_LIMIT = 10


class SearchParams(Schema):
    q: str = Field("", description="A name, a case, a facility or an article, in any spelling.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class SearchResultOut(Schema):
    type: str = Field(description="person, case, facility or article")
    slug: str
    name: str
    name_original: str
    url: str


class SearchResultsOut(Schema):
    results: list[SearchResultOut]


@router.get("/search", response=SearchResultsOut, url_name="search")
def search_results(request, params: Query[SearchParams]):
    """Published people, cases, facilities and articles matching `q`, best first."""
    try:
        query = parse_query(params.q)
    except BadQuery as bad:
        raise ApiError(bad.code, bad.message) from bad
    return {"results": search(query, get_language(), params.limit)}
