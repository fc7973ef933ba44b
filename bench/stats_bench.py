"""Benchmark of the statistics section at scale: the page, each figure warm, a past date cold.

    python bench/stats_bench.py [PEOPLE]        (default 100,000; DATABASE_URL as in common.py)

    BENCH_DATABASE=/path/to/stats-bench.sqlite3 python bench/stats_bench.py PEOPLE
                                                (reuse a database an earlier run built, or a
                                                copy of another benchmark's synthetic people)

Synthetic people (`unheard.demo.synthetic`) are never counted by the statistics, so on this
disposable database only, once generated, they (every person whose slug is `synthetic-…`, so
also a copy of the pages benchmark's database, whose people are already published and no longer
marked synthetic) are turned into ordinary published people with
published cases and facilities, a home region drawn from Russia's regions, a dated detention
each, a release for one in five and a punishment-cell placement for one in ten. Targets
(issue 13): page ≤ 200 ms and any figure ≤ 100 ms warm, a figure as of a past date ≤ 500 ms.

On SQLite the database is analysed (`ANALYZE`) once built, as `PRAGMA optimize` would: without
statistics SQLite joins every published person with every published case to list the
prosecutions (22 s of CPU at 20,000 people, 0.1 s analysed).
"""

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time

from common import percentile, record_section, setup_django

CPU: list[float] = []  # process CPU time of each timed call, in the order taken

ROUNDS = 5
PAST = dt.date(2023, 1, 1)


def timed(function) -> float:
    """Milliseconds one call takes on the wall clock; its CPU time goes to CPU."""
    start, cpu = time.perf_counter(), time.process_time()
    function()
    CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def fetch(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


def make_countable(rng: random.Random) -> int:
    """Synthetic people become the counted record of this benchmark database (see docstring)."""
    from django.db import transaction

    from unheard.core.models import PublicationState
    from unheard.core.output.maps import russia_regions
    from unheard.core.record_cache import record_changed
    from unheard.registry.models import Case, Facility, Person, Region, TimelineEvent
    from unheard.stats.services import (
        charges_counted_rebuild,
        custody_periods_rebuild,
        prosecutions_counted_rebuild,
    )

    published = PublicationState.PUBLISHED
    with transaction.atomic():
        regions = [
            Region.objects.get_or_create(
                slug=f"bench-{shape.code.lower()}", defaults={"name_en": shape.names["en"]}
            )[0]
            for shape in russia_regions()
        ]
        Case.objects.filter(slug__startswith="synthetic-").update(
            publication_state=published, started_on=dt.date(2015, 1, 1)
        )
        facilities = list(Facility.objects.filter(slug__startswith="synthetic-"))
        for facility in facilities:
            facility.region = rng.choice(regions)
            facility.publication_state = published
        Facility.objects.bulk_update(facilities, ["region", "publication_state"], batch_size=500)
        people = list(
            Person.objects.filter(slug__startswith="synthetic-").values_list("pk", "status")
        )
        by_region: dict[int, list[int]] = {}
        for pk, _status in people:
            by_region.setdefault(rng.choice(regions).pk, []).append(pk)
        for region_pk, pks in by_region.items():
            for start in range(0, len(pks), 900):
                Person.objects.filter(pk__in=pks[start : start + 900]).update(
                    home_region=region_pk, is_synthetic=False
                )
        events = []
        kind = TimelineEvent.Kind
        for pk, status in people:
            detained = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(13 * 365))
            events.append(
                TimelineEvent(
                    person_id=pk, kind=kind.DETENTION, date=detained, publication_state=published
                )
            )
            if status == Person.Status.RELEASED or rng.random() < 0.2:
                released = detained + dt.timedelta(days=rng.randrange(30, 2000))
                events.append(
                    TimelineEvent(
                        person_id=pk,
                        kind=kind.RELEASE,
                        date=min(released, dt.date(2025, 12, 31)),
                        publication_state=published,
                    )
                )
            if rng.random() < 0.1:
                start = detained + dt.timedelta(days=rng.randrange(10, 400))
                events.append(
                    TimelineEvent(
                        person_id=pk,
                        kind=kind.PUNISHMENT_CELL,
                        date=start,
                        end_date=start + dt.timedelta(days=rng.randrange(3, 16)),
                        publication_state=published,
                    )
                )
        TimelineEvent.objects.bulk_create(events, batch_size=2000)
        custody_periods_rebuild()
        charges_counted_rebuild()
        prosecutions_counted_rebuild()
    record_changed()  # bulk writes send no signal
    return len(events)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    reused = os.environ.get("BENCH_DATABASE")
    if reused:
        os.environ["DATABASE_URL"] = f"sqlite:///{reused}"
    setup_django(f"stats-bench-{count}.sqlite3")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from unheard.core.record_cache import record_changed
    from unheard.demo.synthetic import people_synthesise
    from unheard.registry.models import Person, TimelineEvent
    from unheard.stats.figures import figures
    from unheard.stats.selectors import figure_count

    FIGURES = figures()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    detained = TimelineEvent.objects.filter(kind="detention", person__slug__startswith="synthetic-")
    if reused and Person.objects.filter(slug__startswith="synthetic-").count() >= count:
        if detained.exists():
            built = "built by an earlier run"
        else:
            make_countable(random.Random(13))
            built = (
                f"another benchmark's people, made countable in {time.perf_counter() - start:.0f} s"
            )
        events = TimelineEvent.objects.count()
    else:
        people_synthesise(count=count, seed=13, force=True)
        events = make_countable(random.Random(13))
        built = f"built in {time.perf_counter() - start:.0f} s"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        built += ", then analysed"
    client = Client()
    rows = []
    rows.append(
        (
            "statistics page, cold (counts every figure)",
            [timed(lambda: fetch(client, "/en/statistics/"))],
        )
    )
    rows.append(
        (
            "statistics page, warm",
            [timed(lambda: fetch(client, "/en/statistics/")) for _ in range(ROUNDS)],
        )
    )
    figure_samples = []
    for figure in FIGURES:
        fetch(client, f"/en/statistics/{figure.key}/")
        figure_samples += [
            timed(lambda k=figure.key: fetch(client, f"/en/statistics/{k}/")) for _ in range(ROUNDS)
        ]
    rows.append((f"one figure's page, warm ({len(FIGURES)} figures × {ROUNDS})", figure_samples))
    api = [
        timed(lambda k=f.key: fetch(client, f"/api/v1/statistics/{k}"))
        for f in FIGURES
        for _ in range(2)
    ]
    rows.append((f"one figure in the API, warm ({len(FIGURES)} figures × 2, first cold)", api))
    past = []
    for figure in FIGURES:
        record_changed()  # counted afresh: a past date nobody asked for yet
        past.append(timed(lambda k=figure.key: figure_count(key=k, as_of=PAST)))
    rows.append((f"one figure as of {PAST}, cold ({len(FIGURES)} figures)", past))
    past_warm = []
    for figure in FIGURES:
        figure_count(key=figure.key, as_of=PAST)  # counted under the record's current version
        past_warm += [timed(lambda k=figure.key: figure_count(key=k, as_of=PAST)) for _ in range(2)]
    rows.append((f"one figure as of {PAST}, warm ({len(FIGURES)} figures × 2)", past_warm))
    today_cold = []
    for figure in FIGURES:
        record_changed()
        today_cold.append(timed(lambda k=figure.key: figure_count(key=k)))
    rows.append((f"one figure today, cold ({len(FIGURES)} figures)", today_cold))
    record_changed()
    rows.append(
        (
            f"figure page as of {PAST}, cold (people held)",
            [timed(lambda: fetch(client, f"/en/statistics/held/?as_of={PAST}"))],
        )
    )
    rows.append(
        ("year-over-year page, cold", [timed(lambda: fetch(client, "/en/statistics/years/"))])
    )
    rows.append(
        (
            "year-over-year page, warm",
            [timed(lambda: fetch(client, "/en/statistics/years/")) for _ in range(ROUNDS)],
        )
    )
    report(rows, connection.vendor, count, events, built)


def report(rows, vendor: str, count: int, events: int, built: str) -> None:
    lines = [
        "| measurement | n | p50 ms | p95 ms | max ms | p50 CPU ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    taken = 0
    for name, samples in rows:
        cpu = CPU[taken : taken + len(samples)]
        taken += len(samples)
        lines.append(
            f"| {name} | {len(samples)} | {statistics.median(samples):.1f} "
            f"| {percentile(samples, 0.95):.1f} | {max(samples):.1f} "
            f"| {statistics.median(cpu):.1f} |"
        )
    header = (
        f"## Statistics ({vendor}, {count:,} people, {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"`bench/stats_bench.py {count}`: {count:,} synthetic people made countable on a disposable "
        f"database ({events:,} dated events; {built}); in-process Django test "
        "client, default local-memory cache. Wall-clock times on a machine shared with other "
        "jobs; \"CPU\" is this process's own time (on PostgreSQL without the server's). Targets: "
        "page ≤ 200 ms and a figure ≤ 100 ms warm, a figure as of a past date ≤ 500 ms.\n\n"
    )
    text = header + "\n".join(lines) + "\n"
    print(text)
    record_section(f"## Statistics ({vendor}", text)


if __name__ == "__main__":
    main()
