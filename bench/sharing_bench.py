"""Benchmark of the sharing feed: what hashing consented photos costs a feed request.

Run: PYTHONPATH=src python bench/sharing_bench.py [N ...] (default 100 1000). For each N, a fresh
disposable SQLite database gets N synthetic people (`unheard.demo.synthetic`, with their cases,
charges and events), made ordinary published records on this database only, each with its own
photo file on disk (a photo-like picture re-encoded by `core.images` like an upload). The feed
(`GET /api/v1/sharing/feed`, signed) is requested with every photo published with consent, then
with none (consent off: no hash is computed); the CPU time of the process per request is the
median of REPEAT requests. Results go to bench/RESULTS.md under "## Sharing feed".
"""

import datetime as dt
import io
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record_section, setup_django  # noqa: E402

REPEAT = 5


def _photo() -> bytes:
    """A 1200×1600 photo-like picture (smooth shapes and grain), cleaned like an upload."""
    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw, ImageFilter

    from unheard.core.images import image_clean

    rng = random.Random(1)
    picture = Image.effect_noise((1200, 1600), 40).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for _ in range(60):
        x, y = rng.randrange(1200), rng.randrange(1600)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(80, 400), y + rng.randrange(80, 400)), fill=colour)
    picture = picture.filter(ImageFilter.GaussianBlur(1))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=95)
    return image_clean(ContentFile(output.getvalue())).content


def _database(count: int, media: Path) -> int:
    """The people, published, each with a photo file; returns the photo's size in bytes."""
    from django.apps import apps
    from django.core.management import call_command

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
    content = _photo()
    (media / "people").mkdir(parents=True, exist_ok=True)
    for pk in Person.objects.values_list("pk", flat=True):
        (media / "people" / f"bench-{pk}.jpg").write_bytes(content)
        Person.objects.filter(pk=pk).update(
            photo=f"people/bench-{pk}.jpg", photo_credit="Photo: bench", photo_consent=True
        )
    return len(content)


def _cpu_ms_per_request(client) -> tuple[float, float, int]:
    """Median CPU and wall milliseconds of a feed request, and the feed's size in bytes."""
    cpu, wall, size = [], [], 0
    for _ in range(REPEAT):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        response = client.get("/api/v1/sharing/feed")
        cpu.append((time.process_time() - cpu_start) * 1000)
        wall.append((time.perf_counter() - wall_start) * 1000)
        assert response.status_code == 200, response.content[:200]
        size = len(response.content)
    return statistics.median(cpu), statistics.median(wall), size


def _hash_cpu_ms(people) -> float:
    """CPU milliseconds to hash every person's photo, as each feed request does."""
    from unheard.sharing.records import photo_sha256

    start = time.process_time()
    hashes = [photo_sha256(person) for person in people]
    assert all(hashes)
    return (time.process_time() - start) * 1000


def measure(count: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from unheard.registry.models import Person

    media = Path(tempfile.mkdtemp(prefix="sharing-bench-media-"))
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        with override_settings(MEDIA_ROOT=media, STORAGES=storages):
            photo_bytes = _database(count, media)
            client = Client()
            client.get("/api/v1/sharing/feed")  # warm: imports, caches, hashes kept
            with_photos = _cpu_ms_per_request(client)
            payload = json.loads(client.get("/api/v1/sharing/feed").json()["payload"])
            hashes = sum(1 for r in payload["records"] if r["fields"].get("photo_sha256"))
            per_photo = _hash_cpu_ms(list(Person.objects.all()))
            Person.objects.update(photo_consent=False)
            without = _cpu_ms_per_request(client)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    connection.close()
    return {
        "count": count,
        "photo_bytes": photo_bytes,
        "with": with_photos,
        "without": without,
        "hashes": hashes,
        "per_photo": per_photo,
    }


def main(counts: list[int]) -> None:
    """Each count in a process of its own, on a database of its own."""
    rows = []
    for count in counts:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(count)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    load = os.getloadavg()
    lines = [
        f"## Sharing feed (sqlite, {dt.date.today()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores)",
        "",
        "`GET /api/v1/sharing/feed` (signed) on a disposable database of N synthetic people with "
        "their cases, charges and events, each with its own photo file on disk, re-encoded like an "
        f"upload ({rows[0]['photo_bytes']:,} bytes). Median of {REPEAT} requests, CPU time of the "
        "process (wall time in brackets); 'without' is the same feed with every photo's consent "
        "off, so no photo is hashed. Made by `bench/sharing_bench.py`.",
        "",
        "| people | photos hashed | CPU ms with photos | CPU ms without | photos' share | feed size |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        (cpu_with, wall_with, size), (cpu_without, wall_without, _size) = (
            row["with"],
            row["without"],
        )
        share = (cpu_with - cpu_without) / cpu_with * 100
        lines.append(
            f"| {row['count']:,} | {row['hashes']:,} | {cpu_with:,.0f} ({wall_with:,.0f}) | "
            f"{cpu_without:,.0f} ({wall_without:,.0f}) | {share:.0f} % | {size / 1e6:.1f} MB |"
        )
    lines += [
        "",
        "Hashing every photo alone (`sharing.records.photo_sha256`, reading each file), CPU ms:",
        "",
        "| people | all photos | per photo |",
        "| --- | --- | --- |",
    ]
    for row in rows:
        per_photo = row["per_photo"] / row["count"]
        lines.append(f"| {row['count']:,} | {row['per_photo']:,.0f} | {per_photo:.2f} |")
    lines += [
        "",
        f"Load average of the machine at the end: {load[0]:.1f} (1 min), {load[1]:.1f} (5 min), "
        f"{time.strftime('%H:%M UTC', time.gmtime())}.",
        "",
    ]
    record_section("## Sharing feed (sqlite", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        setup_django(f"sharing_bench_{sys.argv[2]}.sqlite3")
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main([int(n) for n in sys.argv[1:]] or [100, 1000])
