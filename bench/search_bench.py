"""Benchmark of the search: latency and recall@5 on spelling variants of synthetic people.

Run with `make bench-search` (SQLite, then PostgreSQL through scripts/with-postgres.sh). Uses a
fresh SQLite database in a temporary directory, or the database named by DATABASE_URL (which
must be disposable: it is migrated and filled with synthetic people). For each size (1k, 10k,
100k people; SEARCH_BENCH_SIZES="1000,10000" to change) it draws random people, spells their
names in many ways, and times `search()` in-process (no HTTP), five results per query.

A hit is a returned person with the same canonical name as the target, as far as the query
states it: all three names when the query has the patronymic, surname and given name when it
has not (Faker's names repeat, and "Ivanov Sergei" names several people at 100k).
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from common import percentile, record_section, setup_django

SIZES = [int(n) for n in os.environ.get("SEARCH_BENCH_SIZES", "1000,10000,100000").split(",")]
PEOPLE_PER_SIZE = int(os.environ.get("SEARCH_BENCH_PEOPLE", "200"))
LIMIT = 5
LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"


def typo(word: str, rng: random.Random) -> str:
    """One edit: a letter replaced, dropped, doubled or swapped with the next one."""
    alphabet = CYRILLIC if any(ch in CYRILLIC for ch in word.lower()) else LATIN
    i = rng.randrange(1, len(word) - 1) if len(word) > 2 else 0
    kind = rng.choice(["replace", "drop", "insert", "swap"])
    if kind == "replace":
        return word[:i] + rng.choice(alphabet.replace(word[i].lower(), "")) + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "insert":
        return word[:i] + rng.choice(alphabet) + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :] if i + 1 < len(word) else word[:-1]


def with_typos(words: list[str], count: int, rng: random.Random) -> list[str]:
    """`count` edits, at most one per word of 4-5 letters and none in shorter words (the
    matching's policy: one typo from four letters, two from six)."""
    original, words = list(words), list(words)
    edits = [0] * len(words)
    for _ in range(count):
        candidates = [
            i
            for i, w in enumerate(original)
            if (len(w) >= 6 and edits[i] < 2) or (4 <= len(w) < 6 and edits[i] < 1)
        ]
        if not candidates:
            break
        index = rng.choice(candidates)
        words[index] = typo(words[index], rng)
        edits[index] += 1
    return words


def variants(surname: str, given: str, patronymic: str, rng: random.Random) -> list[tuple]:
    """(variant kind, query, whether the query names the patronymic)."""
    from unheard.search.transliteration import romanise

    def latin(text: str, convention: str = "en") -> str:
        return romanise(text, convention)

    full_ru = f"{surname} {given} {patronymic}"
    short_ru = f"{given} {surname}"
    no_signs = short_ru.replace("ь", "").replace("ъ", "").replace("ё", "е").replace("Ё", "Е")
    prefix = surname[: max(4, len(surname) - 2)]
    return [
        ("Cyrillic, full", full_ru, True),
        ("Cyrillic, no patronymic", f"{surname} {given}", False),
        ("Cyrillic, no soft signs or ё", no_signs, False),
        ("English (Wikipedia)", latin(short_ru), False),
        ("English, surname first", latin(f"{surname} {given}"), False),
        ("English with patronymic", latin(f"{given} {patronymic} {surname}"), True),
        ("BGN/PCGN (with ’)", latin(short_ru, "bgn"), False),
        ("German (Duden)", latin(short_ru, "de"), False),
        ("French", latin(short_ru, "fr"), False),
        ("ISO 9 (diacritics)", latin(short_ru, "iso9"), False),
        ("passport (ICAO)", latin(short_ru, "passport"), False),
        ("one typo", " ".join(with_typos(latin(short_ru).split(), 1, rng)), False),
        ("two typos", " ".join(with_typos(latin(short_ru).split(), 2, rng)), False),
        ("Cyrillic, one typo", " ".join(with_typos(short_ru.split(), 1, rng)), False),
        ("partial surname", latin(f"{given} {prefix}"), False),
        ("mixed scripts", f"{latin(given)} {surname}", False),
    ]


def is_hit(result, target, with_patronymic: bool) -> bool:
    if result.type != "person":
        return False
    names = result.name_original.split(" ")
    wanted = [target.surname, target.given_name] + ([target.patronymic] if with_patronymic else [])
    return names[: len(wanted)] == wanted


def measure(size: int, rng: random.Random) -> dict:
    from unheard.registry.models import Person
    from unheard.search.selectors import search

    people = list(
        Person.objects.filter(is_synthetic=True).only("surname", "given_name", "patronymic")
    )
    sample = rng.sample(people, min(PEOPLE_PER_SIZE, len(people)))
    queries = [
        (kind, query, with_patronymic, person)
        for person in sample
        for kind, query, with_patronymic in variants(
            person.surname, person.given_name, person.patronymic, rng
        )
    ]
    for _kind, query, _p, _person in queries[:30]:  # warm caches and connections
        search(query, "en", LIMIT, include_synthetic=True)
    timings, hits, misses = [], defaultdict(list), []
    for kind, query, with_patronymic, person in queries:
        start = time.perf_counter()
        results = search(query, "en", LIMIT, include_synthetic=True)
        timings.append((time.perf_counter() - start) * 1000)
        hit = any(is_hit(r, person, with_patronymic) for r in results)
        hits[kind].append(hit)
        if not hit and len(misses) < 8:
            misses.append(f"{kind}: {query!r} → {[r.name_original for r in results]}")
    all_hits = [h for values in hits.values() for h in values]
    return {
        "size": size,
        "queries": len(queries),
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
        "recall": sum(all_hits) / len(all_hits),
        "by_kind": {kind: sum(v) / len(v) for kind, v in hits.items()},
        "misses": misses,
    }


def main() -> None:
    setup_django("search-bench.sqlite3")
    from django.core.management import call_command
    from django.db import connection

    from unheard.demo.synthetic import people_synthesise
    from unheard.registry.models import Person

    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    rows = []
    for size in SIZES:
        have = Person.objects.filter(is_synthetic=True).count()
        start = time.perf_counter()
        if size > have:
            people_synthesise(count=size - have, seed=size, force=True)
        built = time.perf_counter() - start
        row = measure(size, rng)
        row["synth_s"] = built
        row["added"] = size - have
        rows.append(row)
        print(
            f"{connection.vendor} {size}: p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms, "
            f"recall@5 {row['recall']:.3f} (generated {row['added']} in {built:.0f} s)",
            flush=True,
        )
        for miss in row["misses"]:
            print("   miss:", miss)
    report(rows, connection.vendor)


def report(rows: list[dict], vendor: str) -> None:
    from unheard.search.transliteration import icu_available

    lines = [
        "| people | queries | p50 ms | p95 ms | max ms | recall@5 | people generated and indexed |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['queries']} | {row['p50']:.1f} | {row['p95']:.1f} "
            f"| {row['max']:.1f} | {row['recall']:.3f} | {row['added']:,} in {row['synth_s']:.0f} s |"
        )
    largest = rows[-1]
    lines += [
        "",
        f"Recall@5 by kind of spelling at {largest['size']:,} people:",
        "",
        "| spelling | recall@5 |",
        "| --- | --- |",
    ]
    lines += [f"| {kind} | {value:.3f} |" for kind, value in largest["by_kind"].items()]
    header = (
        f"## Search ({vendor}, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores)\n\n`bench/search_bench.py`: synthetic people (Faker, ru_RU), "
        f"{PEOPLE_PER_SIZE} drawn at random per size, each spelled "
        f"{len(largest['by_kind'])} ways; `search()` in-process, {LIMIT} results per query. "
        f"ICU transforms: {'yes' if icu_available() else 'no (iuliia only)'}. Targets: p95 under "
        "50 ms at 100k people, recall@5 at least 0.98.\n\n"
    )
    text = header + "\n".join(lines) + "\n"
    print(text)
    record_section(f"## Search ({vendor},", text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
