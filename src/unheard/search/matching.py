"""Which indexed words each word of a query may mean, and how well.

Candidates come from the database: exact spellings, phonetic keys and prefixes through B-tree
indexes, and spellings with typos through the database's trigram index (PostgreSQL: pg_trgm's
`%` operator over a GIN index; SQLite: an FTS5 table with the trigram tokenizer, queried with
the word's trigrams, best bm25 first). rapidfuzz then scores every candidate spelling:

| match | score |
| --- | --- |
| the same spelling | 1.0 |
| the same phonetic key ("Ljubow" for "Lyubov") | 0.9 |
| a prefix of at least three letters ("Miftakh") | 0.6 – 0.9, more for longer prefixes |
| one or two typos (optimal string alignment, transpositions count once) | 0.75, 0.65 |
| one or two typos in the phonetic key | 0.7, 0.6 |

Words of one or two letters allow no typo, three to five letters one, longer words two. A typo
in a short word destroys most of its trigrams, so short words also look up their one-letter
deletions (`SearchDeletion`).
"""

from __future__ import annotations

import contextlib
import functools

from django.db import connection, transaction
from rapidfuzz.distance import OSA

from unheard.search.keys import deletions, phonetic
from unheard.search.services import DELETION_MAX, DELETION_MIN

FUZZY_CANDIDATES = 80
WORDS_PER_QUERY_WORD = 40
PG_SIMILARITY = 0.25


def allowed_typos(word: str) -> int:
    if word[:1].isdigit():
        return 0
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def spelling_score(word: str, sound: str, text: str, text_sound: str) -> float:
    if text == word:
        return 1.0
    if word[:1].isdigit():
        return 0.7 if text.startswith(word) else 0.0
    score = 0.9 if text_sound == sound else 0.0
    if len(word) >= 3 and text.startswith(word):
        score = max(score, 0.6 + 0.3 * len(word) / len(text))
    typos = allowed_typos(word)
    if typos:
        distance = OSA.distance(word, text, score_cutoff=typos)
        if distance <= typos:
            score = max(score, 0.85 - 0.1 * distance)
        distance = OSA.distance(sound, text_sound, score_cutoff=typos)
        if distance <= typos:
            score = max(score, 0.8 - 0.1 * distance)
    return score


@functools.cache
def sqlite_fts_available() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_variant_fts'"
        )
        return cursor.fetchone() is not None


def _short(word: str) -> bool:
    return allowed_typos(word) > 0 and DELETION_MIN <= len(word) <= DELETION_MAX


def _direct_candidates(cursor, words: list[str], sounds: list[str]) -> list[tuple]:
    """Exact spellings, phonetic keys and prefixes: one index-friendly branch each."""
    prefixes = sorted({w for w in words if len(w) >= 3 or w[:1].isdigit()})
    # A short word with a letter too many is one of its own deletions.
    values = sorted(set(words) | {d for w in words if _short(w) for d in deletions(w)})
    sound_values = sorted(set(sounds))
    select = "SELECT word_id, text, phonetic FROM search_searchvariant WHERE "
    branches = [
        select + f"text IN ({', '.join(['%s'] * len(values))})",
        select + f"phonetic IN ({', '.join(['%s'] * len(sound_values))})",
    ]
    params: list = [*values, *sound_values]
    postgres = connection.vendor == "postgresql"
    for prefix in prefixes:
        if postgres:
            branches.append(select + "text LIKE %s")
            params.append(
                prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
        else:
            branches.append(select + "text >= %s AND text < %s")
            params += [prefix, prefix + "\U0010ffff"]
    cursor.execute(" UNION ALL ".join(branches), params)
    return cursor.fetchall()


def _deletion_candidates(cursor, words: list[str]) -> list[tuple]:
    """Spellings one edit from a short word: they share a one-letter deletion with it."""
    keys = sorted({k for w in words if _short(w) for k in deletions(w) | {w}})
    if not keys:
        return []
    cursor.execute(
        "SELECT v.word_id, v.text, v.phonetic FROM search_searchdeletion d "
        "JOIN search_searchvariant v ON v.id = d.variant_id "
        f'WHERE d."key" IN ({", ".join(["%s"] * len(keys))})',
        keys,
    )
    return cursor.fetchall()


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _fuzzy_candidates(cursor, word: str, sound: str) -> list[tuple]:
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT word_id, text, phonetic FROM search_searchvariant "
            "WHERE lower(text) %% %s OR lower(phonetic) %% %s "
            "ORDER BY GREATEST(similarity(lower(text), %s), similarity(lower(phonetic), %s)) DESC "
            "LIMIT %s",
            [word, sound, word, sound, FUZZY_CANDIDATES],
        )
        return cursor.fetchall()
    if connection.vendor != "sqlite" or not sqlite_fts_available():
        return []
    trigrams = sorted(_trigrams(word) | _trigrams(sound))
    if not trigrams:
        return []
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in trigrams)
    cursor.execute(
        "SELECT v.word_id, v.text, v.phonetic FROM search_variant_fts f "
        "JOIN search_searchvariant v ON v.id = f.rowid "
        "WHERE search_variant_fts MATCH %s ORDER BY f.rank LIMIT %s",
        [match, FUZZY_CANDIDATES],
    )
    return cursor.fetchall()


def word_matches(words: list[str]) -> list[dict[int, float]]:
    """For each query word, the indexed words it may mean, with the score of the best spelling."""
    sounds = [phonetic(w) for w in words]
    postgres = connection.vendor == "postgresql"
    with (
        transaction.atomic() if postgres else contextlib.nullcontext(),
        connection.cursor() as cursor,
    ):
        if postgres:
            # The planner prices a trigram comparison like an equality and scans a table of a
            # few thousand spellings instead of using the GIN index: 6-13 ms a word instead of
            # well under 1 ms (EXPLAIN ANALYZE, 7,000 spellings). SET LOCAL ends with the
            # transaction.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"SET LOCAL pg_trgm.similarity_threshold = {PG_SIMILARITY:.2f}")
        direct = _direct_candidates(cursor, words, sounds)
        direct += _deletion_candidates(cursor, words)
        # A word spelled exactly as indexed needs no typo candidates: the exact spelling ranks
        # first anyway, and longer words it begins are found as prefixes.
        spelled = {text for _word_id, text, _sound in direct}
        fuzzy = [
            _fuzzy_candidates(cursor, word, sound)
            if allowed_typos(word) and word not in spelled
            else []
            for word, sound in zip(words, sounds, strict=True)
        ]
    matches = []
    for word, sound, own in zip(words, sounds, fuzzy, strict=True):
        scores: dict[int, float] = {}
        for word_id, text, text_sound in (*direct, *own):
            score = spelling_score(word, sound, text, text_sound)
            if score > scores.get(word_id, 0.0):
                scores[word_id] = score
        best = sorted(scores.items(), key=lambda item: -item[1])[:WORDS_PER_QUERY_WORD]
        matches.append(dict(best))
    return matches
