"""Every figure as of 2023-01-01, cold (counted afresh), median of 3: wall, this process's CPU and
PostgreSQL's server CPU (read from /proc in 10 ms ticks: the server must run on this machine);
then warm: the statistics page, each figure's page and its API answer, median of 5.

    DATABASE_URL=sqlite:////tmp/copy.sqlite3 python bench/stats_every_figure.py

The database must be a disposable copy of the statistics benchmark's (bench/stats_bench.py),
migrated. Results: bench/RESULTS.md, "Every figure on an idle machine".
"""

import datetime as dt
import os
import statistics
import time
from pathlib import Path

from common import setup_django

PAST = dt.date(2023, 1, 1)


def server_cpu_ms(connection) -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()
    return (int(fields[11]) + int(fields[12])) * 10


def medians(samples: list[tuple]) -> list[float]:
    return [statistics.median(column) for column in zip(*samples, strict=True)]


def as_of_cold(connection) -> None:
    from unheard.core.record_cache import record_changed
    from unheard.stats.figures import figures
    from unheard.stats.selectors import figure_count, held_each_new_year

    counts = {f.key: (lambda k=f.key: figure_count(key=k, as_of=PAST)) for f in figures()}
    counts["new-years"] = lambda: held_each_new_year(as_of=PAST)
    print(f"| figure as of {PAST} | wall ms | process CPU ms | server CPU ms |")
    for key, count in counts.items():
        samples = []
        for _ in range(3):
            record_changed()
            server, cpu, wall = server_cpu_ms(connection), time.process_time(), time.perf_counter()
            count()
            samples.append(
                (
                    (time.perf_counter() - wall) * 1000,
                    (time.process_time() - cpu) * 1000,
                    server_cpu_ms(connection) - server,
                )
            )
        wall_ms, cpu_ms, server_ms = medians(samples)
        print(f"| {key} | {wall_ms:.0f} | {cpu_ms:.0f} | {server_ms:.0f} |", flush=True)


def warm() -> None:
    from django.test import Client

    from unheard.stats.figures import figures

    client = Client()

    def timed(url: str) -> list[float]:
        assert client.get(url).status_code == 200, url
        samples = []
        for _ in range(5):
            cpu, wall = time.process_time(), time.perf_counter()
            client.get(url)
            samples.append(
                ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
            )
        return medians(samples)

    wall_ms, cpu_ms = timed("/en/statistics/")
    print(f"| statistics page, warm | {wall_ms:.1f} | {cpu_ms:.1f} |")
    for name, address in (("page", "/en/statistics/{}/"), ("API answer", "/api/v1/statistics/{}")):
        walls = sorted(timed(address.format(f.key))[0] for f in figures())
        print(
            f"| a figure's {name}, warm: median / max | {statistics.median(walls):.1f} / {walls[-1]:.1f} |"
        )


def main() -> None:
    setup_django()
    from django.db import connection

    print(connection.vendor, "load average", os.getloadavg())
    as_of_cold(connection)
    warm()
    print("load average", os.getloadavg())


if __name__ == "__main__":
    main()
