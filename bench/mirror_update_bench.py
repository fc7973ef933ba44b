"""Benchmark of the parts of a mirror update that grow with the registry, without rendering a
mirror: the ledger of the record (made by a full build, compared by an update), the owners'
addresses, and the pages to start from (`public_paths()` in each language).
Run: PYTHONPATH=src python bench/mirror_update_bench.py [N] [--database FILE]
(N synthetic people, published on this disposable database only; see mirror_bench.py).
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mirror_bench import prepare  # noqa: E402


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def main(count: int, database: str | None) -> None:
    prepare(count, database)
    from django.conf import settings
    from django.utils import translation

    from unheard.mirror import paths, update
    from unheard.registry.models import Person

    languages = [code for code, _name in settings.LANGUAGES]
    people = Person.objects.public().count()
    from django.utils import timezone

    since = timezone.now().isoformat()
    ledger, made = timed(update.record_ledger)
    rows = sum(len(entries) for entries in ledger.values())
    owners, addressed = timed(lambda: update.owner_addresses(None, languages))
    size = len(json.dumps({"ledger": ledger, "owners": owners}))
    person = Person.objects.public().order_by("pk").first()
    person.summary_en = "Edited for the benchmark."
    person.save()
    (_ledger, changes), compared = timed(lambda: update.ledger_update(ledger, since=since))

    def seeds():
        found = []
        for code in languages:
            with translation.override(code):
                found += paths.public_paths()
        return found

    found, seeded = timed(seeds)

    def seeds_of_an_update():
        found = []
        for code in languages:
            with translation.override(code):
                found += paths.public_paths(without=(paths.record_pages,))
        return found

    few, few_seeded = timed(seeds_of_an_update)
    print(
        f"published people: {people}; rows in the ledger: {rows}; ledger+owners JSON: {size / 1e6:.1f} MB"
    )
    print(f"full build: ledger {made:.2f} s, owners' addresses (4 languages) {addressed:.2f} s")
    print(f"update after one edit: ledger compared {compared:.2f} s ({changes.rows} rows changed)")
    print(f"pages to start from, 4 languages: {len(found)} in {seeded:.2f} s")
    print(f"pages an update starts from, 4 languages: {len(few)} in {few_seeded:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, nargs="?", default=2_000)
    parser.add_argument("--database", default=None)
    options = parser.parse_args()
    main(options.count, options.database)
