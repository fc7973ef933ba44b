"""Pages about many records rendered one after another (the static mirror) without a
handful of queries per page: while a batch of records is open, a selector that reads rows
about one record reads them once for every record of the batch, and answers each later call
from what it read.

A selector takes part by giving a loader of many records:

    def person_letter_counts(*, person):
        return batch.per_record("letters.counts", person.pk, _letter_counts)

where `_letter_counts(ids)` returns a value for every id it is given. Outside a batch (the
site's own requests) the loader runs for the one record, so both paths share one code and the
pages they render are the same. What is read is kept per language (rows differ by language,
news for one), for the time of the batch only; a batch is opened by whoever renders the pages
(`open_batch`), and nothing in it is ever written back.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language


@dataclass
class Batch:
    ids: frozenset[int]
    slugs: frozenset[str]
    read: dict[tuple[str, str | None], dict] = field(default_factory=dict)


_open: ContextVar[Batch | None] = ContextVar("unheard_batch", default=None)


@contextmanager
def open_batch(*, ids: Collection[int], slugs: Collection[str] = ()) -> Iterator[Batch]:
    """Records (their ids, and their slugs for selectors that look records up by slug) whose
    pages are about to be rendered."""
    token = _open.set(Batch(frozenset(ids), frozenset(slugs)))
    try:
        yield _open.get()
    finally:
        _open.reset(token)


def per_record(name: str, record_id: int, load: Callable[[Collection[int]], dict]) -> Any:
    """`load(ids)[record_id]`: with `ids` every record of the open batch (loaded once per batch
    and language under `name`) when the record is in it, else the record alone."""
    batch = _open.get()
    if batch is None or record_id not in batch.ids:
        return load([record_id])[record_id]
    key = (name, get_language())
    if key not in batch.read:
        batch.read[key] = load(batch.ids)
    return batch.read[key][record_id]


def per_slug(name: str, slug: str, load: Callable[[Collection[str]], dict]) -> Any:
    """As `per_record`, for records looked up by slug; None when `load(slugs)` leaves the slug
    out (no such public record)."""
    batch = _open.get()
    if batch is None or slug not in batch.slugs:
        return load([slug]).get(slug)
    key = (name, get_language())
    if key not in batch.read:
        batch.read[key] = load(batch.slugs)
    return batch.read[key].get(slug)


def shared(name: str, load: Callable[[], Any], *, key: Any = None) -> Any:
    """A value that does not depend on the batch's records (which payment methods are active;
    with `key`, one per key: a facility's rules), read once per batch and language; outside a
    batch, read every time."""
    batch = _open.get()
    if batch is None:
        return load()
    values = batch.read.setdefault((name, get_language()), {})
    if key not in values:
        values[key] = load()
    return values[key]
