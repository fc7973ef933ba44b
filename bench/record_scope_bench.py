"""The people list after a donation, at scale (issue 14, items 5 and 6): is it still warm?

Run with `DATABASE_URL=sqlite:////path/to/copy.sqlite3 python bench/record_scope_bench.py
[ROUNDS]` on a disposable copy of the database `pages_bench.py` builds (it is migrated, and
donations are recorded in it). The people list and the home page are fetched once (warm), then
each round records a donation through the funds service and fetches both pages again, timing
each (wall and this process's CPU, which on SQLite includes the queries). The whole-page cache
is off (test settings): the figure is what the view itself costs after the change.
"""

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from common import setup_django, timed

PAGES = {"people list": "/en/people/", "home page": "/en/"}


def fetch(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


def donate() -> None:
    from unheard.funds.models import Channel
    from unheard.funds.money import Money
    from unheard.funds.selectors import reporting_currency
    from unheard.funds.services import donation_record

    donation_record(
        money=Money(1000, reporting_currency()),
        received_on=dt.date.today(),
        channel=Channel.values[0],
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    setup_django()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client()
    for url in PAGES.values():
        fetch(client, url)
    samples = {name: ([], []) for name in PAGES}
    for _ in range(rounds):
        donate()
        for name, url in PAGES.items():
            started = time.process_time()
            samples[name][0].append(timed(lambda url=url: fetch(client, url)))
            samples[name][1].append((time.process_time() - started) * 1000)
    for name, (wall, cpu) in samples.items():
        print(
            f"{name} after a donation: wall p50 {statistics.median(wall):.1f} ms "
            f"(max {max(wall):.1f}), CPU p50 {statistics.median(cpu):.1f} ms "
            f"(max {max(cpu):.1f}), {rounds} rounds",
            flush=True,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
