"""Writes to the search index: refresh one record, or rebuild everything in bulk."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length

from unheard.search import documents
from unheard.search.documents import Term
from unheard.search.keys import deletions, normalise, phonetic, word_variants
from unheard.search.models import SearchDeletion, SearchEntry, SearchVariant, SearchWord

Kind = SearchEntry.Kind
BATCH = 2000
# Spellings of this many letters get one-letter deletions (see `SearchDeletion`).
DELETION_MIN, DELETION_MAX = 3, 8
# Roles that make a record exact when every word of the query lands on one of them.
PRIMARY_ROLES = {"s", "g", "p", "n", "k"}


@functools.lru_cache(maxsize=100_000)
def variants_of(raw: str) -> frozenset[str]:
    return frozenset(word_variants(raw))


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _word_ids(raw_forms: Iterable[str]) -> dict[str, int]:
    """Ids of the words of these raw forms, by normalised text, creating what is missing."""
    forms = {raw: normalise(raw) for raw in raw_forms}
    keys = set(forms.values()) - {""}
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(keys), 500):
        ids.update(SearchWord.objects.filter(text__in=chunk).values_list("text", "id"))
    missing = keys - ids.keys()
    if missing:
        SearchWord.objects.bulk_create(
            [SearchWord(text=text) for text in sorted(missing)],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for chunk in _chunks(sorted(missing), 500):
            ids.update(SearchWord.objects.filter(text__in=chunk).values_list("text", "id"))
    variants = {
        (ids[key], text)
        for raw, key in forms.items()
        if key in ids
        for text in variants_of(raw) | {key}
    }
    SearchVariant.objects.bulk_create(
        [
            SearchVariant(word_id=word_id, text=text[:100], phonetic=phonetic(text)[:100])
            for word_id, text in sorted(variants)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    _add_deletions({word_id for word_id, _text in variants})
    return ids


def _add_deletions(word_ids: set[int]) -> None:
    """The one-letter deletions of the short spellings of these words that have none yet."""
    rows = []
    for chunk in _chunks(sorted(word_ids), 500):
        spellings = (
            SearchVariant.objects.filter(word_id__in=chunk, deletions__isnull=True)
            .annotate(length=Length("text"))
            .filter(length__gte=DELETION_MIN, length__lte=DELETION_MAX)
            .values_list("id", "text")
        )
        rows += [(key, pk) for pk, text in spellings for key in deletions(text)]
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, BATCH * 5):
            cursor.executemany(
                f'INSERT INTO {SearchDeletion._meta.db_table} ("key", variant_id) VALUES (%s, %s)',
                chunk,
            )


def _write_entries(kind: str, records: list[tuple[int, bool, list[Term]]]) -> int:
    """Entries for (record id, is synthetic, terms); one entry per record and word."""
    ids = _word_ids({term.text for _pk, _synthetic, terms in records for term in terms})
    entries = []
    for pk, synthetic, terms in records:
        best: dict[int, Term] = {}
        for term in terms:
            word_id = ids.get(term.key)
            if word_id is None:
                continue
            kept = best.get(word_id)
            if kept is None or (term.role in PRIMARY_ROLES, term.weight) > (
                kept.role in PRIMARY_ROLES,
                kept.weight,
            ):
                best[word_id] = term
        entries += [
            (kind, pk, word_id, term.role, term.weight, synthetic) for word_id, term in best.items()
        ]
    # Plain executemany: building model instances took most of the time of a bulk rebuild.
    with connection.cursor() as cursor:
        for chunk in _chunks(entries, BATCH * 5):
            cursor.executemany(
                f"INSERT INTO {SearchEntry._meta.db_table} "
                "(kind, object_id, word_id, role, weight, is_synthetic) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                chunk,
            )
    return len(entries)


def _documents(kind: str, queryset) -> Iterator[tuple[int, bool, list[Term]]]:
    if kind == Kind.PERSON:
        names = [f"display_name_{code}" for code in documents.LANGUAGES]
        people = queryset.only(
            "surname", "given_name", "patronymic", "is_synthetic", *names
        ).prefetch_related("aliases")
        for person in people.iterator(chunk_size=BATCH):
            aliases = [alias.name for alias in person.aliases.all()]
            terms = documents.person_terms(person, aliases, variants_of)
            yield person.pk, person.is_synthetic, terms
    elif kind == Kind.CASE:
        for case in queryset.iterator(chunk_size=BATCH):
            yield case.pk, False, documents.case_terms(case)
    elif kind == Kind.FACILITY:
        for facility in queryset.iterator(chunk_size=BATCH):
            yield facility.pk, False, documents.facility_terms(facility)
    else:
        for article in queryset.iterator(chunk_size=BATCH):
            yield article.pk, False, documents.article_terms(article)


INDEXED = {
    Kind.PERSON: documents.published_people,
    Kind.CASE: documents.published_cases,
    Kind.FACILITY: documents.published_facilities,
    Kind.ARTICLE: documents.public_articles,
}


@transaction.atomic
def search_entries_refresh(*, kind: str, object_ids: Iterable[int]) -> int:
    """Re-index these records of one kind as they stand now (removing those no longer public)."""
    object_ids = list(object_ids)
    for chunk in _chunks(object_ids, 500):
        SearchEntry.objects.filter(kind=kind, object_id__in=chunk).delete()
    written = 0
    for chunk in _chunks(object_ids, BATCH):
        records = list(_documents(kind, INDEXED[kind]().filter(pk__in=chunk)))
        written += _write_entries(kind, records)
    return written


def search_entries_remove(*, kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@transaction.atomic
def search_index_rebuild(*, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index of these kinds (all by default) in bulk; returns entries per kind."""
    counts = {}
    for kind in kinds or Kind.values:
        SearchEntry.objects.filter(kind=kind).delete()
        counts[kind] = 0
        batch: list[tuple[int, bool, list[Term]]] = []
        for record in _documents(kind, INDEXED[kind]()):
            batch.append(record)
            if len(batch) >= BATCH * 5:
                counts[kind] += _write_entries(kind, batch)
                batch = []
        counts[kind] += _write_entries(kind, batch)
    search_words_prune()
    return counts


def search_words_prune() -> int:
    """Remove words no record contains any more (their spellings go with them)."""
    unused = SearchWord.objects.filter(~Exists(SearchEntry.objects.filter(word=OuterRef("pk"))))
    deleted, _per_model = unused.delete()
    return deleted
