"""Benchmark of the registry: loading the demo data and rendering public pages.

Run with `make bench`. Uses a fresh SQLite database in a temporary directory, or the database
named by DATABASE_URL (which must be disposable: it is migrated and filled). Results are printed
and written to bench/RESULTS.md.
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

from common import percentile, record_section, setup_django, timed

ROUNDS = 5


def fetch(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from unheard.registry.demo_loader import demo_load
    from unheard.registry.models import Case, Person
    from unheard.registry.services import person_release_recompute

    call_command("migrate", verbosity=0)
    rows = [("load demo data (63 people, first run)", [timed(demo_load)])]
    rows.append(("load demo data again (idempotent)", [timed(demo_load)]))
    people = list(Person.objects.all())
    rows.append(
        (
            f"recompute release for {len(people)} people",
            [timed(lambda: [person_release_recompute(person=p) for p in people])],
        )
    )
    client = Client()
    slugs = [p.slug for p in people]
    cases = list(Case.objects.values_list("slug", flat=True))
    pages = {
        "home page": ["/en/"],
        "people list": ["/en/people/", "/ru/people/?status=serving"],
        "person page": [f"/en/people/{slug}/" for slug in slugs],
        "case page": [f"/en/cases/{slug}/" for slug in cases],
    }
    for name, urls in pages.items():
        samples = []
        for _ in range(ROUNDS):
            for url in urls:
                samples.append(timed(lambda url=url: fetch(client, url)))
        rows.append((f"{name} ({len(urls)} URLs × {ROUNDS})", samples))
    report(rows, connection.vendor)


def report(rows, vendor: str) -> None:
    lines = [
        "| measurement | n | p50 ms | p95 ms | max ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, samples in rows:
        lines.append(
            f"| {name} | {len(samples)} | {statistics.median(samples):.1f} "
            f"| {percentile(samples, 0.95):.1f} | {max(samples):.1f} |"
        )
    header = (
        f"## Registry ({vendor}, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores)\n\nIn-process Django test client, no network; "
        "times include template rendering and all queries.\n\n"
    )
    text = header + "\n".join(lines) + "\n"
    print(text)
    record_section(f"## Registry ({vendor},", text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
