"""The public search: people, cases, facilities and articles under any spelling, best first.

Ranking policy:
1. Each word of the query is matched to a different word of the record (`matching.py` scores
   each pair); a record's score is the mean over the query's words of score × the entry's weight,
   so a record that explains every word of the query comes before one that explains some.
2. A record whose words the query spells exactly ("Мифтахов Азат", "Azat Miftakhov", "205.2")
   ranks before every inexact one.
3. Ties go to the record the query covers best (the fewest of its name words left unmatched),
   then people before cases, facilities and articles.
Records matching less than a third of the query are not shown. Only published records are ever
returned (the index holds only them, and the records are read through the same filter);
synthetic people only when the caller asks for them (benchmarks) or
`UNHEARD_SEARCH_INCLUDE_SYNTHETIC` is on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection
from django.utils import translation

from unheard.search import documents
from unheard.search.keys import query_words
from unheard.search.matching import word_matches
from unheard.search.models import SearchEntry

Kind = SearchEntry.Kind
KIND_ORDER = {Kind.PERSON: 0, Kind.CASE: 1, Kind.FACILITY: 2, Kind.ARTICLE: 3}
PRIMARY_ROLES = {
    Kind.PERSON: {"s", "g", "p"},
    Kind.CASE: {"n"},
    Kind.FACILITY: {"n"},
    Kind.ARTICLE: {"k"},
}
MIN_SCORE = 0.3
MAX_LIMIT = 50
CANDIDATES = 60


@dataclass(frozen=True)
class Result:
    type: str
    slug: str
    name: str
    name_original: str
    url: str

    def as_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Candidate:
    kind: str
    object_id: int
    score: float = 0.0
    exact: bool = False
    coverage: float = 0.0

    @property
    def rank(self) -> tuple:
        return (
            not self.exact,
            -round(self.score, 6),
            -round(self.coverage, 6),
            KIND_ORDER[self.kind],
            self.object_id,
        )


def _aggregate(matches: list[dict[int, float]], *, synthetic: bool, limit: int) -> list[tuple]:
    """The records with the highest sum of per-word best scores (an upper bound of the rank)."""
    rows = [
        (index, word_id, round(score, 4))
        for index, scores in enumerate(matches)
        for word_id, score in scores.items()
    ]
    if not rows:
        return []
    values = ", ".join(["(CAST(%s AS INTEGER), CAST(%s AS BIGINT), CAST(%s AS REAL))"] * len(rows))
    # Only narrows the candidates (the index keeps a copy of the flag so the ranking query skips
    # benchmark rows); what the public may see is decided afterwards by `.public()` in _records.
    where = "" if synthetic else "WHERE e.is_synthetic = %s"
    sql = (
        f"WITH q (tok, word_id, score) AS (VALUES {values}) "
        "SELECT kind, object_id, SUM(best) AS total FROM ("
        "  SELECT e.kind AS kind, e.object_id AS object_id, q.tok AS tok,"
        "         MAX(q.score * e.weight) AS best"
        "  FROM q JOIN search_searchentry e ON e.word_id = q.word_id "
        f" {where} GROUP BY e.kind, e.object_id, q.tok"
        ") per_word GROUP BY kind, object_id ORDER BY total DESC, kind, object_id LIMIT %s"
    )
    params = [value for row in rows for value in row]
    if not synthetic:
        params.append(False)
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rescore(candidates: list[Candidate], matches: list[dict[int, float]]) -> None:
    """Assign each query word to a different word of the record, best pairs first."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for candidate in candidates:
        by_kind[candidate.kind].append(candidate.object_id)
    entries: dict[tuple[str, int], list[tuple[int, str, float]]] = defaultdict(list)
    for kind, ids in by_kind.items():
        rows = SearchEntry.objects.filter(kind=kind, object_id__in=ids).values_list(
            "object_id", "word_id", "role", "weight"
        )
        for object_id, word_id, role, weight in rows:
            entries[(kind, object_id)].append((word_id, role, weight))
    for candidate in candidates:
        words = entries[(candidate.kind, candidate.object_id)]
        pairs = sorted(
            (
                (scores[word_id] * weight, scores[word_id], index, word_id, role)
                for index, scores in enumerate(matches)
                for word_id, role, weight in words
                if word_id in scores
            ),
            reverse=True,
        )
        used_words, used_query, total, exact = set(), set(), 0.0, True
        matched_primary = 0
        for weighted, score, index, word_id, role in pairs:
            if index in used_query or word_id in used_words:
                continue
            used_query.add(index)
            used_words.add(word_id)
            total += weighted
            exact = exact and score == 1.0
            matched_primary += role in PRIMARY_ROLES[candidate.kind]
        primary = sum(1 for _w, role, _weight in words if role in PRIMARY_ROLES[candidate.kind])
        candidate.score = total / len(matches)
        candidate.exact = exact and len(used_query) == len(matches)
        candidate.coverage = matched_primary / primary if primary else 0.0


def _records(kind: str, ids: list[int], *, synthetic: bool) -> dict[int, object]:
    if kind == Kind.PERSON:
        queryset = documents.published_people(with_synthetic=synthetic)
    elif kind == Kind.CASE:
        queryset = documents.published_cases()
    elif kind == Kind.FACILITY:
        queryset = documents.published_facilities()
    else:
        queryset = documents.public_articles()
    return queryset.in_bulk(ids)


def _result(kind: str, record, lang: str) -> Result:
    with translation.override(lang):
        url = record.get_absolute_url()
        if kind == Kind.PERSON:
            return Result(kind, record.slug, str(record.display_name), record.original_name, url)
        if kind == Kind.ARTICLE:
            name = f"{record.number} {record.code.short_name} — {record.title}"
            original = f"{record.number} {record.code.short_name_ru or record.code.short_name}"
            original += f" — {record.title_ru}" if record.title_ru else ""
            return Result(kind, f"{record.code.slug}-{record.number}", name, original, url)
        return Result(kind, record.slug, str(record.name), record.name_ru or record.name, url)


def search(
    query: str, lang: str, limit: int = 10, *, include_synthetic: bool | None = None
) -> list[Result]:
    """Published people, cases, facilities and articles matching the query, best first."""
    if include_synthetic is None:
        include_synthetic = getattr(settings, "UNHEARD_SEARCH_INCLUDE_SYNTHETIC", False)
    limit = max(1, min(limit, MAX_LIMIT))
    words = query_words(query)
    if not words:
        return []
    matches = word_matches(words)
    if not any(matches):
        return []
    rows = _aggregate(matches, synthetic=include_synthetic, limit=max(CANDIDATES, limit * 3))
    candidates = [Candidate(kind, object_id) for kind, object_id, _total in rows]
    _rescore(candidates, matches)
    candidates = sorted((c for c in candidates if c.score >= MIN_SCORE), key=lambda c: c.rank)
    by_kind: dict[str, list[int]] = defaultdict(list)
    for candidate in candidates[: limit * 2]:
        by_kind[candidate.kind].append(candidate.object_id)
    records = {
        (kind, pk): record
        for kind, ids in by_kind.items()
        for pk, record in _records(kind, ids, synthetic=include_synthetic).items()
    }
    results = []
    for candidate in candidates:
        record = records.get((candidate.kind, candidate.object_id))
        if record is not None:
            results.append(_result(candidate.kind, record, lang))
        if len(results) == limit:
            break
    return results
