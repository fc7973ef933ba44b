"""Where the mirror starts: the public pages of one language, from a list apps can extend.

`PATH_SOURCES` holds functions of nothing that return paths, called with the language active.
The mirror fetches them and every page they link to (see `build.py`), so a source need only name
pages that nothing links to; listing the record pages makes the mirror complete even where the
site's lists paginate. To add a page or a feed, append a function here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import NoReverseMatch, reverse

from unheard.actions.models import Action, DayOfAction, Group
from unheard.funds import selectors as funds
from unheard.opendata import package
from unheard.petitions.models import Petition
from unheard.publishing.selectors import news_public
from unheard.registry import selectors as registry
from unheard.registry.models import Article, LegalCode
from unheard.stats.figures import figures


def _named(*names: str) -> list[str]:
    found = []
    for name in names:
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            continue
    return found


def site_pages() -> list[str]:
    return _named(
        "registry:home",
        "registry:person_list",
        "registry:code_list",
        "letters:few_letters",
        "funds:campaign_list",
        "funds:report",
        "funds:report_pdf",
        "funds:report_csv",
        "stats:index",
        "core:about",
        "core:contact",
        "core:privacy",
        "search:results",
    )


def record_pages(only: dict[str, set[str]] | None = None) -> Iterable[str]:
    """Every public record's pages, or with `only` (model label -> keys, as `mirror/update.py`
    names records) those of these records alone."""

    def chosen(queryset):
        if only is None:
            return queryset
        return queryset.filter(pk__in=only.get(queryset.model._meta.label_lower, ()))

    for person in chosen(registry.published_people()).only("slug"):
        yield person.get_absolute_url()
        yield reverse("letters:how_to_write", kwargs={"slug": person.slug})
        for name in ("publishing:person_feed_rss", "publishing:person_feed_atom"):
            yield reverse(name, kwargs={"slug": person.slug})
        yield reverse("agenda:person_feed", kwargs={"slug": person.slug})
    for queryset in (registry.cases_public(), registry.facilities_public()):
        for record in chosen(queryset):
            yield record.get_absolute_url()
    for code in chosen(LegalCode.objects.public()):
        yield reverse("registry:code_detail", kwargs={"code": code.slug})
    for article in chosen(
        Article.objects.public().filter(charges__in=registry.charges_public()).distinct()
    ):
        yield article.get_absolute_url()
    for campaign in chosen(funds.published_campaigns()):
        yield reverse("funds:campaign_detail", kwargs={"slug": campaign.slug})


def statistics_pages() -> list[str]:
    pages = []
    for figure in figures():
        pages.append(reverse("stats:figure", kwargs={"key": figure.key}))
        pages.append(reverse("stats:figure_csv", kwargs={"key": figure.key}))
    return pages


def open_data_files() -> list[str]:
    files = [reverse("opendata:index"), reverse("opendata:datapackage")]
    for resource in package.RESOURCES:
        files.append(reverse(f"opendata:{resource.name}_csv"))
        files.append(reverse(f"opendata:{resource.name}_json"))
    return files


def news_and_feeds() -> Iterable[str]:
    yield from _named(
        "publishing:news_list",
        "publishing:feed_rss",
        "publishing:feed_atom",
        "publishing:feed_all_rss",
        "publishing:feed_all_atom",
        "agenda:month",
        "agenda:feed",
    )
    for post in news_public():
        yield post.get_absolute_url()
    for case in registry.cases_public():
        for name in ("publishing:case_feed_rss", "publishing:case_feed_atom"):
            yield reverse(name, kwargs={"slug": case.slug})


def actions_and_petitions() -> Iterable[str]:
    yield from _named("actions:list", "actions:days", "actions:groups", "petitions:list")
    for model in (Action, DayOfAction, Group, Petition):
        for record in model.objects.public():
            yield record.get_absolute_url()


PATH_SOURCES: list[Callable[[], Iterable[str]]] = [
    site_pages,
    record_pages,
    statistics_pages,
    open_data_files,
    news_and_feeds,
    actions_and_petitions,
]


def public_paths(*, without: tuple[Callable, ...] = ()) -> list[str]:
    """Every path the sources name (but those `without`), in the active language, without
    repeats. An update of the mirror goes without `record_pages` (thousands of addresses): it
    starts from the records that changed instead."""
    sources = [source for source in PATH_SOURCES if source not in without]
    return list(dict.fromkeys(path for source in sources for path in source()))
