"""Benchmark of the public list pages and the home page at scale (issue 14, item 6).

Run with `python bench/pages_bench.py [PEOPLE [ROUNDS]]` (default 100,000 and 9), on a fresh SQLite database in
a temporary directory, or on the disposable database named by DATABASE_URL (it is migrated and
filled). The demo data is loaded, then PEOPLE synthetic people are added and, in this disposable
database only, made public with their cases, facilities and charges: synthetic people are never
public on a real site, and the worst case for the list is that every one of them is listed and
counted. Each page is fetched once to warm up, then ROUNDS times; the median is the figure.
"""

import os
import platform
import statistics
import sys
import time
from pathlib import Path

from common import percentile, record_section, setup_django, timed

ROUNDS = 9
TARGET_MS = 100


def pages() -> dict[str, str]:
    return {
        "home page": "/en/",
        "people list": "/en/people/",
        "people list, page 500": "/en/people/?page=500",
        "people list, held now": "/en/people/?status=held",
        "people list, sorted by sentence": "/en/people/?sort=-sentence",
        "people list, one facility": "/en/people/?facility=synthetic-facility-1",
        "people list, name fragment": "/ru/people/?q=Иван",
        "actions list": "/en/actions/",
        "campaigns list": "/en/campaigns/",
        "news list": "/en/news/",
        "petitions list": "/en/petitions/",
        "cases list (API)": "/api/v1/cases",
    }


def build(people: int) -> float:
    """Demo data and `people` public synthetic people; seconds taken."""
    from django.core.management import call_command

    from unheard.core import plugins
    from unheard.core.models import PublicationState
    from unheard.demo.synthetic import PREFIX, people_synthesise
    from unheard.registry.models import Case, Charge, Facility, Person
    from unheard.stats.services import (
        charges_counted_rebuild,
        custody_periods_rebuild,
        prosecutions_counted_rebuild,
    )

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Person.objects.filter(slug__startswith=PREFIX).count() >= people:
        return 0.0  # a database kept from an earlier run (DATABASE_URL)
    for loader in plugins.demo_loaders():
        loader.run()
    done = 0
    while done < people:
        batch = min(20_000, people - done)
        people_synthesise(count=batch, seed=done, force=True)
        done += batch
    published = PublicationState.PUBLISHED
    for model in (Case, Facility):
        model.objects.filter(slug__startswith=PREFIX).update(publication_state=published)
    Charge.objects.filter(person__is_synthetic=True).update(publication_state=published)
    Person.objects.filter(is_synthetic=True).update(is_synthetic=False)
    custody_periods_rebuild()  # bulk writes send no signal
    charges_counted_rebuild()
    prosecutions_counted_rebuild()
    return time.perf_counter() - start


def fetch(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


def server_cpu_ms(connection) -> float | None:
    """CPU time the PostgreSQL backend serving this connection has used so far (a server on this
    machine: its /proc entry); None on SQLite, whose queries run in this process."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    user, system = int(fields[11]), int(fields[12])
    return (user + system) * 1000 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else ROUNDS
    setup_django("pages.sqlite3")
    from django.db import connection
    from django.test import Client

    from unheard.registry.models import Person

    built = build(people)
    client = Client()
    rows = []
    for name, url in pages().items():
        fetch(client, url)  # warm: the first request fills the caches a visitor would find filled
        samples, cpu, server_cpu = [], [], []
        for _ in range(rounds):
            started, server_started = time.process_time(), server_cpu_ms(connection)
            samples.append(timed(lambda url=url: fetch(client, url)))
            cpu.append((time.process_time() - started) * 1000)
            if server_started is not None:
                server_cpu.append(server_cpu_ms(connection) - server_started)
        rows.append((name, url, samples, cpu, server_cpu))
        print(
            f"{name}: {statistics.median(samples):.1f} ms, CPU {statistics.median(cpu):.1f} ms"
            + (f", server CPU {statistics.median(server_cpu):.0f} ms" if server_cpu else ""),
            flush=True,
        )
    report(rows, connection.vendor, Person.objects.public().count(), built, rounds)


def report(rows, vendor: str, public_people: int, built: float, rounds: int) -> None:
    lines = [
        f"| page | URL | n | p50 ms | p95 ms | max ms | CPU p50 ms | server CPU p50 ms "
        f"| ≤ {TARGET_MS} ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, url, samples, cpu, server_cpu in rows:
        median = statistics.median(samples)
        server = f"{statistics.median(server_cpu):.0f}" if server_cpu else "–"
        lines.append(
            f"| {name} | `{url}` | {len(samples)} | {median:.1f} "
            f"| {percentile(samples, 0.95):.1f} | {max(samples):.1f} "
            f"| {statistics.median(cpu):.1f} | {server} | {'yes' if median <= TARGET_MS else 'NO'} |"
        )
    built_note = f", built in {built:.0f} s" if built else ""
    header = (
        f"## Pages at scale ({vendor}, {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"{public_people:,} public people (the demo's and synthetic ones made public in this "
        f"disposable database){built_note}. In-process Django test client, warm "
        f"(one fetch before timing), {rounds} rounds; times include all queries and rendering. "
        f"CPU is this process's CPU time per page (on SQLite the queries' too, on PostgreSQL "
        f"not the server's, which is the server CPU column: its backend's /proc entry, in "
        f"10 ms ticks): on a shared, loaded machine it is nearer what an idle one would "
        f"take than the wall time. Load average when the run ended: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n\n"
    )
    text = header + "\n".join(lines) + "\n"
    print(text)
    record_section(f"## Pages at scale ({vendor},", text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
