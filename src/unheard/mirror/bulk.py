"""The pages of many people rendered together: the mirror renders a person's pages (their page,
"how to write", feeds, calendar file) batch by batch, with a `core.batch` open for the batch's
people, so that the selectors those pages use read their rows once per batch (a handful of
queries for `BATCH_SIZE` people) instead of once per page.

A person's pages are the site's own views and templates, called straight (`responses`): no
request through the middleware stack, which adds nothing to the bytes of these pages (no form,
no CSRF token, no CSP nonce; only headers, which a file does not keep). The view gets what the
middleware would have given an anonymous reader: the language of the address, no user, the
resolved address. Every other page goes through the test client. The bytes are those of the
site one page at a time (tests/mirror/test_build.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.test import Client, RequestFactory
from django.urls import ResolverMatch
from django.utils import translation

from unheard.core.batch import open_batch
from unheard.registry.models import Person
from unheard.search.transliteration import romanisations

BATCH_SIZE = 250  # people per batch: a few queries each, and the rows of 250 people in memory
PERSON_VIEWS = {  # views of a page about one person, named by its slug
    "registry:person_detail",
    "letters:how_to_write",
    "publishing:person_feed_rss",
    "publishing:person_feed_atom",
    "agenda:person_feed",
}


def in_batches(urls: list[str], match: Callable) -> Iterator[str]:
    """The urls, those about people grouped batch by batch; while a batch's urls are handed
    out its people's `core.batch` is open (so the caller renders them inside it). `match(url)`
    is what the url resolves to, or None."""
    for url, _found in _in_batches(urls, match):
        yield url


def responses(urls: list[str], match: Callable, client: Client) -> Iterator[tuple[str, object]]:
    """Each url with the site's answer to it, a person's pages batch by batch (`in_batches`)
    and rendered by their view called straight (`render_person_page`), every other page
    through `client`."""
    factory = RequestFactory(**client.defaults)
    for url, found in _in_batches(urls, match):
        if found is None:
            yield url, client.get(url)
        else:
            yield url, render_person_page(url, found, factory)


def render_person_page(url: str, found: ResolverMatch, factory: RequestFactory) -> HttpResponse:
    """The answer of a person page's view to an anonymous reader, without the middleware: in
    the language of the address (`found`: what `url` resolves to in it); 404 when the view
    raises it."""
    request = factory.get(url)
    request.user = AnonymousUser()
    request.resolver_match = found
    with translation.override(url.split("/")[1]):
        request.LANGUAGE_CODE = translation.get_language()
        try:
            return found.func(request, *found.args, **found.kwargs)
        except Http404:
            return HttpResponseNotFound()


def spellings(urls: list[str], match: Callable) -> dict[str, str]:
    """For each person's page among the urls, the romanisations of the name (as the site's
    search knows them), hidden, for the mirror's search index: the names read
    `BATCH_SIZE` people at a time, each person's spelt once for all languages."""
    slug_of = {}
    for url in urls:
        found = match(url)
        if found is not None and found.view_name == "registry:person_detail":
            slug_of[url] = found.kwargs["slug"]
    slugs = list(dict.fromkeys(slug_of.values()))
    text_of = {}
    for start in range(0, len(slugs), BATCH_SIZE):
        people = Person.objects.public().filter(slug__in=slugs[start : start + BATCH_SIZE])
        for slug, surname, given_name in people.values_list("slug", "surname", "given_name"):
            words = {word for part in (surname, given_name) for word in part.split()}
            spelt = sorted({s for word in words for s in romanisations(word).values()})
            text_of[slug] = f"<p hidden data-mirror-spellings>{' '.join(spelt)}</p>"
    return {url: text_of[slug] for url, slug in slug_of.items() if slug in text_of}


def _in_batches(urls: list[str], match: Callable) -> Iterator[tuple[str, ResolverMatch | None]]:
    """`in_batches`, each url with its match when it is a person's page (else None)."""
    found_for: dict[str, ResolverMatch] = {}
    for url in urls:
        found = match(url)
        if found is not None and found.view_name in PERSON_VIEWS:
            found_for[url] = found
    slugs = list(dict.fromkeys(found.kwargs["slug"] for found in found_for.values()))
    batch_of = {slug: number // BATCH_SIZE for number, slug in enumerate(slugs)}
    batches: list[list[str]] = [[] for _slug in slugs[::BATCH_SIZE]]
    for url, found in found_for.items():
        batches[batch_of[found.kwargs["slug"]]].append(url)
    for number, batch_urls in enumerate(batches):
        batch = slugs[number * BATCH_SIZE : (number + 1) * BATCH_SIZE]
        ids = Person.objects.public().filter(slug__in=batch).values_list("pk", flat=True)
        with open_batch(ids=list(ids), slugs=batch):
            yield from ((url, found_for[url]) for url in batch_urls)
    yield from ((url, None) for url in urls if url not in found_for)
