"""Each figure counted alone, today and as of 2023-01-01: cold (the cache emptied before each
count), median of 3, this process's CPU and the wall clock; then warm (from the cache).

    DATABASE_URL=sqlite:////tmp/copy.sqlite3 python bench/stats_figure_timings.py [key ...]

The database must be a disposable copy of the statistics benchmark's (bench/stats_bench.py).
"""

import datetime as dt
import statistics
import sys
import time

from common import setup_django

PAST = dt.date(2023, 1, 1)


def median_ms(count, *, cold: bool = True) -> tuple[float, float]:
    from unheard.core.record_cache import record_changed

    cpu, wall = [], []
    for _ in range(3):
        if cold:
            record_changed()
        started_cpu, started = time.process_time(), time.perf_counter()
        count()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def main(keys: list[str]) -> None:
    setup_django()
    from unheard.stats.figures import figures
    from unheard.stats.selectors import figure_count

    figure_count(key="torture")  # warm-up: imports, connection
    print("| figure | today cold CPU / wall ms | warm wall ms | 2023-01-01 cold CPU / wall ms |")
    print("| --- | ---: | ---: | ---: |")
    for key in keys or [figure.key for figure in figures()]:
        today = median_ms(lambda key=key: figure_count(key=key))
        warm = median_ms(lambda key=key: figure_count(key=key), cold=False)
        past = median_ms(lambda key=key: figure_count(key=key, as_of=PAST))
        print(
            f"| {key} | {today[0]:.0f} / {today[1]:.0f} | {warm[1]:.1f} "
            f"| {past[0]:.0f} / {past[1]:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
