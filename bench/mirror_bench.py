"""Benchmark of the static mirror: a full build of N synthetic people in four languages, then an
update after one edit. Run: PYTHONPATH=src python bench/mirror_bench.py [N] (default 10,000).

Synthetic people are never public on a real instance; on this disposable benchmark database they
are made ordinary published records (`is_synthetic=False`) so that the site shows them, as the
issue asks ("published on a benchmark instance only"). Results go to bench/RESULTS.md.
"""

import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record_section, setup_django  # noqa: E402


def main(count: int) -> None:
    setup_django("mirror_bench.sqlite3")
    from django.core.management import call_command
    from django.db import connection

    from unheard.demo.synthetic import people_synthesise
    from unheard.mirror.build import mirror_build
    from unheard.registry.models import Person

    call_command("migrate", verbosity=0)
    people_synthesise(count=count, seed=1)
    Person.objects.update(is_synthetic=False)  # this database is the benchmark instance only
    out = Path(tempfile.mkdtemp()) / "mirror"
    started = time.perf_counter()
    full = mirror_build(out=out)
    full_seconds = time.perf_counter() - started
    person = Person.objects.order_by("pk").first()
    Person.objects.filter(pk=person.pk).update(summary_en="Edited for the benchmark.")
    person.save(update_fields=["updated_at"])
    started = time.perf_counter()
    update = mirror_build(out=out, update=True)
    update_seconds = time.perf_counter() - started
    load = os.getloadavg()[0]
    record_section(
        "Static mirror",
        f"## Static mirror ({connection.vendor}, {dt.date.today()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"`python bench/mirror_bench.py {count}`: {count} synthetic people published on a "
        "disposable database, four languages, pagefind index included.\n\n"
        "| measurement | value |\n| --- | --- |\n"
        f"| full build: HTML pages / files | {full.pages} / {full.files} |\n"
        f"| full build, s | {full_seconds:.1f} |\n"
        f"| full build, pages per second | {full.pages / full_seconds:.1f} |\n"
        f"| update after one edit: pages rendered anew | {update.rendered} |\n"
        f"| update after one edit, s | {update_seconds:.1f} |\n"
        f"| load average of the machine (1 min) at the end | {load:.1f} |\n",
    )
    print(f"full {full_seconds:.1f} s ({full.pages} pages), update {update_seconds:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
