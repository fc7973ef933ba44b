"""Benchmark of the static mirror: a full build of N synthetic people, then an update after one
edit. Run: PYTHONPATH=src python bench/mirror_bench.py [N] [--language CODE ...] [--jobs J]
[--database FILE] (default 10,000 people, four languages, one process per core).

Synthetic people are never public on a real instance; on this disposable benchmark database they
are made ordinary published records (`is_synthetic=False`) so that the site shows them, as the
issue asks ("published on a benchmark instance only"). `--database FILE` keeps the SQLite
database between runs: made (migrated, N people added) when the file does not exist, reused as
it is otherwise. Results go to bench/RESULTS.md.
"""

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record_section, setup_django  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it has waited for (jobs, pagefind)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def prepare(count: int, database: str | None) -> None:
    if database:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve()}"
    fresh = not database or not Path(database).exists()
    setup_django("mirror_bench.sqlite3")
    if not fresh:
        return
    from django.core.management import call_command

    from unheard.demo.synthetic import people_synthesise
    from unheard.registry.models import Person

    call_command("migrate", verbosity=0)
    people_synthesise(count=count, seed=1)
    Person.objects.update(is_synthetic=False)  # this database is the benchmark instance only


def measured(build) -> tuple[object, float, float]:
    started, cpu = time.perf_counter(), cpu_seconds()
    report = build()
    return report, time.perf_counter() - started, cpu_seconds() - cpu


def summary_edit(person) -> None:
    person.summary_en = f"Edited for the benchmark at {time.time()}."
    person.save()


def status_change(person) -> None:
    person.status = "released" if person.status != "released" else "serving"
    person.save()


EDITS = {"summary edited": summary_edit, "status changed": status_change}


def update_rows(kind: str, report, wall: float, cpu: float) -> list[tuple[str, str]]:
    phases = " / ".join(
        f"{report.phases.get(name, 0):.2f}" for name in ("plan", "pages", "index", "manifest")
    )
    return [
        (f"update, {kind}: pages rendered anew", f"{report.rendered}"),
        (f"update, {kind}: wall s / CPU s", f"{wall:.1f} / {cpu:.1f}"),
        (f"update, {kind}: plan / pages / index / manifest, wall s", phases),
    ]


def main(count: int, languages: list[str] | None, jobs: int | None, database: str | None) -> None:
    prepare(count, database)
    from django.conf import settings
    from django.db import connection

    from unheard.mirror.build import default_jobs, mirror_build
    from unheard.registry.models import Person

    people = Person.objects.public().count()
    languages = languages or [code for code, _name in settings.LANGUAGES]
    jobs = jobs or default_jobs()
    out = Path(tempfile.mkdtemp()) / "mirror"
    full, full_wall, full_cpu = measured(
        lambda: mirror_build(out=out, languages=languages, jobs=jobs)
    )
    updates = {}
    for kind, edit in EDITS.items():
        edit(Person.objects.public().order_by("pk").first())
        updates[kind] = measured(
            lambda: mirror_build(out=out, languages=languages, jobs=jobs, update=True)
        )
    load = os.getloadavg()
    command = f"python bench/mirror_bench.py {count} " + " ".join(
        f"--language {code}" for code in languages
    )
    rows = [
        ("published people / languages / jobs", f"{people} / {len(languages)} / {jobs}"),
        ("full build: HTML pages / files", f"{full.pages} / {full.files}"),
        ("full build: wall s / CPU s (all processes)", f"{full_wall:.1f} / {full_cpu:.1f}"),
        ("full build: pages rendered, wall s", f"{full.phases['pages']:.1f}"),
        ("full build: pagefind index, wall s", f"{full.phases['index']:.1f}"),
        ("full build: files per wall second", f"{full.files / full_wall:.1f}"),
        ("full build: CPU ms per file", f"{1000 * full_cpu / full.files:.1f}"),
        *(row for kind, measures in updates.items() for row in update_rows(kind, *measures)),
        ("load average (1, 5 min) at the end", f"{load[0]:.1f}, {load[1]:.1f}"),
    ]
    record_section(
        "## Static mirror",
        f"## Static mirror ({connection.vendor}, {dt.date.today()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"`{command} --jobs {jobs}`: synthetic people published on a disposable database, "
        "pagefind index included.\n\n"
        "| measurement | value |\n| --- | --- |\n"
        + "".join(f"| {name} | {value} |\n" for name, value in rows),
    )
    print("\n".join(f"{name}: {value}" for name, value in rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--language", action="append", dest="languages")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--database", default=None, help="SQLite file kept between runs.")
    options = parser.parse_args()
    main(options.count, options.languages, options.jobs, options.database)
