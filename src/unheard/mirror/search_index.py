"""The mirror's search index: pagefind, whole after a full build, and a small second index of the
pages rendered since after an update.

Pagefind builds an index from pages but cannot change one: indexing every page again costs
about 4 ms of CPU per page (150 s for 40,000; bench/RESULTS.md). So an update indexes only the
pages rendered again since the whole index was made (`pagefind/update/`, from copies of those
pages alone) and lists, in `pagefind/update/superseded.json`, the addresses whose entry in the
whole index is out of date (rendered again, or gone). The search page (templates/mirror/
search.html) asks both indexes and drops the whole index's results at those addresses. When the
pages rendered since pass `WHOLE_AGAIN` of all pages, the whole index is made again.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BUNDLE = "pagefind"
UPDATE = "pagefind/update"
SUPERSEDED = "superseded.json"
WHOLE_AGAIN = 0.1  # share of the pages rendered since the whole index that makes it again


def _pagefind(site: Path, output: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output)],
        check=True,
        capture_output=True,
    )


def _url(file: str) -> str:
    """The address pagefind gives a page's file: `en/people/x/index.html` -> `/en/people/x/`."""
    return "/" + file.removesuffix("index.html")


def _write_superseded(out: Path, files: list[str], *, bundle: bool) -> None:
    (out / UPDATE).mkdir(parents=True, exist_ok=True)
    content = {"bundle": bundle, "urls": sorted(_url(file) for file in files)}
    (out / UPDATE / SUPERSEDED).write_text(json.dumps(content), encoding="utf-8")


def index_whole(out: Path, *, pages: int) -> dict:
    """Index every page of the mirror; the state an update starts from."""
    shutil.rmtree(out / BUNDLE, ignore_errors=True)
    _pagefind(out, out / BUNDLE)
    _write_superseded(out, [], bundle=False)
    return {"pages": pages, "fresh": [], "gone": []}


def index_update(
    out: Path, state: dict | None, *, pages: int, rendered: list[str], gone: list[str]
) -> dict:
    """Index the pages rendered since the whole index (those of earlier updates too), or every
    page again when they are many or there is no earlier index. `rendered` and `gone` are the
    files of HTML pages this update wrote and removed."""
    if state is None or not (out / BUNDLE / "pagefind-entry.json").exists():
        return index_whole(out, pages=pages)
    fresh = (set(state["fresh"]) - set(gone)) | set(rendered)
    removed = (set(state["gone"]) - set(rendered)) | set(gone)
    if len(fresh) + len(removed) > WHOLE_AGAIN * max(pages, state["pages"]):
        return index_whole(out, pages=pages)
    shutil.rmtree(out / UPDATE, ignore_errors=True)
    present = sorted(file for file in fresh if (out / file).is_file())
    if present:
        with tempfile.TemporaryDirectory(prefix="unheard-mirror-index-") as copies:
            for file in present:
                target = Path(copies) / file
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out / file, target)
            _pagefind(Path(copies), out / UPDATE)
    _write_superseded(out, sorted(fresh | removed), bundle=bool(present))
    return {"pages": state["pages"], "fresh": sorted(fresh), "gone": sorted(removed)}
