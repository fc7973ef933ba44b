"""News in the public API: published posts in the answer's language, and one post.

A post is written in one language; the list holds the posts in the language of the answer (the
`lang` parameter, else Accept-Language, else the site's default), as `/<lang>/news/` does. The
image is given only with the consent recorded; linked people, cases, actions and campaigns only
when they are public themselves.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from ninja import Field, Query, Router, Schema

from unheard.core.api.pagination import Page, PageParams, paginate
from unheard.core.api.schemas import Reference, Sourced
from unheard.core.visibility import is_public
from unheard.publishing import selectors

router = Router(tags=["news"])


class ImageOut(Schema):
    url: str
    credit: str


def _references(related) -> list[dict]:
    return [
        {"slug": record.slug, "name": str(record), "url": record.get_absolute_url()}
        for record in related.public()
    ]


class NewsSummary(Schema):
    slug: str
    language: str
    title: str
    lead: str
    published_at: dt.datetime | None
    url: str

    @staticmethod
    def resolve_url(post) -> str:
        return post.get_absolute_url()


class NewsDetail(Sourced, NewsSummary):
    body: str = Field(description="Sanitised HTML: paragraphs, emphasis, lists and links.")
    image: ImageOut | None = Field(description="Only an image published with consent.")
    people: list[Reference]
    cases: list[Reference]
    actions: list[Reference]
    campaigns: list[Reference]

    @staticmethod
    def resolve_image(post) -> dict | None:
        if not (post.image and is_public(post, "image")):
            return None
        return {"url": post.image.url, "credit": post.image_credit}

    @staticmethod
    def resolve_people(post) -> list[dict]:
        return _references(post.people)

    @staticmethod
    def resolve_cases(post) -> list[dict]:
        return _references(post.cases)

    @staticmethod
    def resolve_actions(post) -> list[dict]:
        return _references(post.actions)

    @staticmethod
    def resolve_campaigns(post) -> list[dict]:
        return _references(post.campaigns)


@router.get("/news", response=Page[NewsSummary], url_name="news")
def news_list(request, paging: Query[PageParams]):
    """Published news posts in the answer's language, newest first."""
    return paginate(selectors.news_public(language=translation.get_language()), paging)


@router.get("/news/{slug}", response=NewsDetail, url_name="news_post")
def news_detail(request, slug: str):
    """A published news post (in whatever language it is written)."""
    return selectors.news_post_public(slug=slug)
