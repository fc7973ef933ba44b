"""Benchmark of the parts of a mirror update that grow with the number of pages and that no
small mirror shows: the manifest written and read again (one JSON file), the pages an edit makes
stale found among all the pages, and the kept pages listed. No page is rendered and no database
is read: the manifest is made up, shaped like that of a full build of N people in L languages
(five files per person and language, a people list page per 50 people, a case per three people;
a person's page links to the list page and a case; three ledger rows per person).
Run: PYTHONPATH=src python bench/mirror_manifest_bench.py [N] [--languages L]
"""

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup_django  # noqa: E402

PERSON_FILES = ("", "write/", "feed/rss/", "feed/atom/", "calendar.ics")


def made_up_manifest(count: int, languages: list[str]) -> tuple[dict, dict]:
    """(pages: url -> Page fields, record: ledger and owners) of N people."""
    pages, owners, ledger = {}, {}, {"registry.person": {}, "registry.case": {}, "stats.x": {}}
    for code in languages:
        for number in range(count // 50 + 1):
            url = f"/{code}/people/?page={number + 1}"
            pages[url] = [f"{code}/people/page-{number + 1}/index.html", True, []]
        for case in range(count // 3 + 1):
            url = f"/{code}/cases/case-{case}/"
            pages[url] = [url.lstrip("/") + "index.html", True, []]
            owners.setdefault(f"registry.case:{case}", []).append(url)
    position = {url: n for n, url in enumerate(pages)}
    for person in range(count):
        for code in languages:
            address = f"/{code}/people/person-{person}/"
            owners.setdefault(f"registry.person:{person}", []).append(address)
            list_page, case = (
                f"/{code}/people/?page={person // 50 + 1}",
                f"/{code}/cases/case-{person // 3}/",
            )
            for name in PERSON_FILES:
                url = address + name
                pages[url] = [url.lstrip("/") + ("index.html" if not name else ""), True, []]
                pages[url][2] = [position[list_page], position[case]]
            position[address] = len(position)  # pages were added in order: the address's place
            position.update(
                {address + name: position[address] + n for n, name in enumerate(PERSON_FILES)}
            )
            pages[list_page][2].append(position[address])
            pages[case][2].append(position[address])
        stamp = dt.datetime(2026, 12, 1, tzinfo=dt.UTC).isoformat()
        owner = [f"registry.person:{person}"]
        ledger["registry.person"][str(person)] = [stamp, "0123456789abcdef", owner, person]
        ledger["registry.case"][str(person)] = [stamp, "0123456789abcdef", owner, person]
        ledger["stats.x"][f"=0123456789abcdef.{person}"] = ["x", "y", owner, person]
    return pages, {"ledger": ledger, "owners": owners}


def timed(work):
    """The result, and the wall and CPU seconds the work took (as "wall / CPU s")."""
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, f"{time.perf_counter() - started:.2f} / {time.process_time() - cpu:.2f} s"


def main(count: int, languages: int) -> None:
    setup_django("mirror_manifest_bench.sqlite3")
    from unheard.mirror import update
    from unheard.mirror.build import MANIFEST, Mirror, Page

    codes = ["en", "ru", "de", "fr"][:languages]
    pages, record = made_up_manifest(count, codes)
    out = Path(tempfile.mkdtemp()) / "mirror"
    out.mkdir()
    mirror = Mirror(out, languages=codes)
    urls = list(pages)
    mirror.pages = {
        url: Page(url, f, h, [urls[n] for n in links]) for url, (f, h, links) in pages.items()
    }
    _none, written = timed(lambda: mirror.write_manifest(dt.datetime.now(dt.UTC), record))
    size = (out / MANIFEST).stat().st_size
    earlier, read = timed(lambda: json.loads((out / MANIFEST).read_text(encoding="utf-8")))
    changes = update.Changes(owners={"registry.person:7"}, rows=1)
    view_name = lambda url: "registry:person_list" if "?page" in url else "registry:case_detail"  # noqa: E731
    stale, found = timed(
        lambda: update.stale_pages(
            pages=list(earlier["pages"]),
            links=[entry[2] for entry in earlier["pages"].values()],
            owners=earlier["owners"],
            changes=changes,
            changed_addresses={},
            view_name=view_name,
        )
    )

    def kept():
        listed = list(earlier["pages"])
        return {
            url: Page(url, file, html, [listed[n] for n in targets])
            for url, (file, html, targets) in earlier["pages"].items()
            if url not in stale
        }

    keep, listed = timed(kept)
    print(f"people / languages: {count} / {languages}; pages in the manifest: {len(pages)}")
    print(f"manifest: {size / 1e6:.1f} MB, written in {written}, read in {read} (wall / CPU)")
    print(f"stale pages after a summary edit: {len(stale)}, found in {found}")
    print(f"kept pages listed: {len(keep)} in {listed}")
    print(f"load average: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--languages", type=int, default=4)
    options = parser.parse_args()
    main(options.count, options.languages)
