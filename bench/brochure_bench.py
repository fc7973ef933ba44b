"""Benchmark of the brochure: N synthetic people (default 100) in one language, time and peak
memory. Run: PYTHONPATH=src python bench/brochure_bench.py [N] [LANG].

The brochure is rendered in a child process so that its peak resident memory is measured on its
own (`ru_maxrss` of the child), not mixed with building the data. Synthetic people are made
ordinary published records on this disposable database only. Results go to bench/RESULTS.md.
"""

import datetime as dt
import multiprocessing
import os
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record_section, setup_django  # noqa: E402


def _render(language: str, queue) -> None:
    setup_django()
    from unheard.brochure.build import brochure_render

    started = time.perf_counter()
    pdf = brochure_render(language=language)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak_mb, pdf.pages, len(pdf.content)))


def main(count: int, language: str) -> None:
    setup_django("brochure_bench.sqlite3")
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    from unheard.core.models import PublicationState, Publishable
    from unheard.demo.synthetic import people_synthesise
    from unheard.registry.models import Person

    call_command("migrate", verbosity=0)
    people_synthesise(count=count, seed=1)
    # This database is the benchmark instance only: its synthetic records are made public.
    Person.objects.update(is_synthetic=False)
    for model in apps.get_app_config("registry").get_models():
        if issubclass(model, Publishable):
            model.objects.update(publication_state=PublicationState.PUBLISHED)
    connection.close()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_render, args=(language, queue))
    child.start()
    seconds, peak_mb, pages, size = queue.get()
    child.join()
    load = os.getloadavg()[0]
    record_section(
        "Brochure",
        f"## Brochure ({connection.vendor}, {dt.date.today()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"`python bench/brochure_bench.py {count} {language}`: {count} synthetic people published "
        "on a disposable database, one language, rendered in a child process.\n\n"
        "| measurement | value |\n| --- | --- |\n"
        f"| pages | {pages} |\n"
        f"| PDF size, KB | {size / 1024:.0f} |\n"
        f"| render time, s | {seconds:.1f} |\n"
        f"| peak resident memory of the rendering process, MB | {peak_mb:.0f} |\n"
        f"| load average of the machine (1 min) at the end | {load:.1f} |\n\n"
        "Target (issue 12): record time and peak memory; render in a worker, chapter by chapter, "
        "if memory grows past 1 GB.\n",
    )
    print(f"{pages} pages in {seconds:.1f} s, peak {peak_mb:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100, sys.argv[2] if len(sys.argv) > 2 else "ru")
