"""The pages of many people rendered together: the mirror fetches a person's pages (their page,
"how to write", feeds, calendar file) batch by batch, with a `core.batch` open for the batch's
people, so that the selectors those pages use read their rows once per batch (a handful of
queries for `BATCH_SIZE` people) instead of once per page. The pages are still the site's own
views and templates, rendered through the test client: the same bytes as one page at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from unheard.core.batch import open_batch
from unheard.registry.models import Person

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
    person_of: dict[str, str] = {}
    for url in urls:
        found = match(url)
        if found is not None and found.view_name in PERSON_VIEWS:
            person_of[url] = found.kwargs["slug"]
    slugs = list(dict.fromkeys(person_of.values()))
    batch_of = {slug: number // BATCH_SIZE for number, slug in enumerate(slugs)}
    batches: list[list[str]] = [[] for _slug in slugs[::BATCH_SIZE]]
    for url, slug in person_of.items():
        batches[batch_of[slug]].append(url)
    for number, batch_urls in enumerate(batches):
        batch = slugs[number * BATCH_SIZE : (number + 1) * BATCH_SIZE]
        ids = Person.objects.public().filter(slug__in=batch).values_list("pk", flat=True)
        with open_batch(ids=list(ids), slugs=batch):
            yield from batch_urls
    yield from (url for url in urls if url not in person_of)
