"""Pages of a list: `page` (from 1) and `limit` (1 to MAX_LIMIT items), never silently clamped.

A page past the last one is 404 `page_out_of_range` (the first page of an empty list is a page
with no results); a `page` or `limit` out of the declared bounds is 400 `bad_page` or
`bad_limit`, so a client never receives a different page from the one it asked for.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Field, Schema

from unheard.core.api.errors import ApiError

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_PAGE = 100_000

Item = TypeVar("Item")


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, counted from 1.")
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items a page holds."
    )


class Page(Schema, Generic[Item]):
    count: int = Field(description="How many items the whole list holds.")
    page: int
    pages: int = Field(description="How many pages of this size the list has.")
    limit: int
    results: list[Item]


def paginate(items, params: PageParams) -> dict:
    """One page of `items` (a queryset or a list) as the `Page` schema reads it."""
    paginator = Paginator(items, params.limit, allow_empty_first_page=True)
    if params.page > paginator.num_pages:
        raise ApiError(
            "page_out_of_range",
            _("There is no page %(page)d: the last page of this list is %(last)d.")
            % {"page": params.page, "last": paginator.num_pages},
            status=404,
        )
    page = paginator.page(params.page)
    return {
        "count": paginator.count,
        "page": params.page,
        "pages": paginator.num_pages,
        "limit": params.limit,
        "results": list(page.object_list),
    }
