"""Benchmark of the mirror's search index alone: pagefind over N synthetic person pages (copies
of one rendered page with other names), whole, and one shard of it (what an update re-indexes).
Run: PYTHONPATH=src python bench/pagefind_bench.py PAGE.html [N ...] [--shards K]
(PAGE.html: a person's page from a mirror, e.g. en/people/azat-miftakhov/index.html).
Prints wall and CPU seconds per size; nothing touches a database.
"""

import argparse
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def synthetic_site(page: str, count: int, folder: Path, *, name: str) -> None:
    """`count` copies of the page, each with a made-up name in place of `name`, four languages."""
    chooser = random.Random(count)
    for number in range(count):
        made_up = "".join(chooser.choices(string.ascii_lowercase, k=9)).capitalize()
        language = ("en", "ru", "de", "fr")[number % 4]
        target = folder / language / "people" / f"p{number}" / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        html = page.replace(name, made_up).replace('lang="en"', f'lang="{language}"')
        target.write_text(html, encoding="utf-8")


def index(site: Path, output: str = "pagefind") -> tuple[float, float]:
    started, cpu = time.perf_counter(), cpu_children()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", output],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started, cpu_children() - cpu


def main(page_file: str, sizes: list[int], shards: int, name: str) -> None:
    page = Path(page_file).read_text(encoding="utf-8")
    for count in sizes:
        folder = Path(tempfile.mkdtemp(prefix="pagefind-bench-"))
        try:
            synthetic_site(page, count, folder / "site", name=name)
            wall, cpu = index(folder / "site")
            print(f"{count} pages: whole index {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
            shard = folder / "shard"
            synthetic_site(page, max(1, count // shards), shard, name=name)
            wall, cpu = index(shard)
            print(
                f"{count} pages: one shard of {shards} ({count // shards} pages) "
                f"{wall:.1f} s wall, {cpu:.1f} s CPU",
                flush=True,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("page")
    parser.add_argument("sizes", type=int, nargs="*", default=[2_000, 10_000, 40_000])
    parser.add_argument("--shards", type=int, default=32)
    parser.add_argument("--name", default="Miftakhov", help="The name replaced in each copy.")
    options = parser.parse_args()
    main(options.page, options.sizes, options.shards, options.name)
