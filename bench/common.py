"""What every benchmark shares: a disposable database, timing, percentiles, the results file."""

import os
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def setup_django(database_name: str = "bench.sqlite3") -> None:
    """Django on DATABASE_URL if set (it must be disposable), else SQLite in a temporary folder."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unheard.config.settings.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/{database_name}"
    import django

    django.setup()


def timed(function) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def record_section(marker: str, text: str) -> None:
    """Replace the section of bench/RESULTS.md whose heading starts with `marker`."""
    previous = RESULTS.read_text().split("\n## ") if RESULTS.exists() else ["# Benchmark results\n"]
    kept = [part for part in previous if not ("## " + part).startswith(marker)]
    RESULTS.write_text("\n## ".join(kept).rstrip() + "\n\n" + text)
