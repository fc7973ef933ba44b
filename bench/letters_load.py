"""Load test of the letter form: 20 supporters posting letters with three phone photos at once.

Run with `make bench-letters-load` (SQLite, then PostgreSQL through scripts/with-postgres.sh).
A real server (`unheard runserver --noreload`, production settings, one thread per connection)
listens on loopback only; 20 client threads each fetch the letter form, then post a letter with
three 12-megapixel JPEG photos (3–4 MB each, drawn with Pillow) for 60 seconds; letters still in
flight are waited for (at most 5 minutes). Success means no error at all (every answer is the
redirect to "letter sent") and every acknowledged letter is stored with its three pictures and
its confirmation e-mail in the outbox. Each post comes from its own address (through the
`X-Real-IP` header the server is told to trust) so that the per-address rate limit does not
refuse it. The people are synthetic (never public on a real instance). Results are printed and
written to bench/RESULTS.md under "## Letters under load".
"""

import io
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import percentile, record_section

CLIENTS = 20
DURATION = 60.0
DRAIN = 300.0
PHOTOS = 3
PEOPLE = 20
ROOT = Path(__file__).resolve().parents[1]


def server_environment(data_dir: str, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="unheard.config.settings.prod",
        SECRET_KEY="bench-only-key",
        UNHEARD_SECURE_COOKIES="0",
        UNHEARD_DATA_DIR=data_dir,
        UNHEARD_CLIENT_IP_HEADER="HTTP_X_REAL_IP",
        UNHEARD_SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="0",
        PYTHONPATH=str(ROOT / "src"),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{data_dir}/letters-load.sqlite3")
    return env


def photo(seed: int) -> bytes:
    """A 12-megapixel JPEG of 3–4 MB: smooth colour with fine noise, like a phone photo."""
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((4000, 3000), 40 + seed).convert("RGB")
    colour = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    picture = Image.blend(colour, noise.filter(ImageFilter.GaussianBlur(1)), 0.5)
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=96)
    return output.getvalue()


def build() -> list[str]:
    import datetime as dt

    from unheard.core.models import PublicationState
    from unheard.registry.models import Facility, Person, Region

    region = Region.objects.create(name="Бенчмарк", slug="bench-region")
    facility = Facility.objects.create(
        kind=Facility.Kind.COLONY,
        name="ФКУ ИК-99 (синтетическая)",
        number="99",
        region=region,
        slug="bench-ik-99",
        postal_address="618000, Пермский край, г. Тестов, ул. Синтетическая, д. 99, ФКУ ИК-99",
        publication_state=PublicationState.PUBLISHED,
    )
    people = [
        Person.objects.create(
            surname=f"Синтетический{n}",
            given_name="Иван",
            display_name=f"Synthetic person {n}",
            slug=f"bench-person-{n}",
            birth_date=dt.date(1980, 1, 1 + n),
            status=Person.Status.SERVING,
            current_facility=facility,
            publication_state=PublicationState.PUBLISHED,
        )
        for n in range(PEOPLE)
    ]
    return [person.slug for person in people]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen) -> None:
    import requests

    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.returncode}")
        try:
            requests.get(url, timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit("the server did not answer")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []
        self.errors: list[str] = []
        self.seconds: list[float] = []

    def add(self, email: str, status: int, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.seconds.append(seconds)
            if status == 302:
                self.acknowledged.append(email)
            else:
                self.errors.append(f"{status} {detail}"[:200])


TOKEN = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"')


def client(number: int, base: str, slugs: list[str], photos: list[bytes], until: float, results):
    import requests

    session = requests.Session()
    sent = 0
    while time.monotonic() < until:
        slug = slugs[(number + sent) % len(slugs)]
        email = f"client{number}-letter{sent}@example.org"
        address = {"X-Real-IP": f"10.0.{number}.{sent % 250 + 1}"}
        form_url = f"{base}/en/people/{slug}/letter/"
        start = time.perf_counter()
        try:
            page = session.get(form_url, headers=address, timeout=120)
            fields = dict(TOKEN.findall(page.text))
            data = {
                **fields,
                "author_name": f"Client {number}",
                "author_email": email,
                "language": "en",
                "text": f"Letter {sent} from client {number}: hold on, we are with you.",
                "attachment_kind": "photo",
                "accept_rules": "on",
            }
            files = [
                ("attachments", (f"IMG_{n}.jpg", content, "image/jpeg"))
                for n, content in enumerate(photos)
            ]
            answer = session.post(
                form_url,
                data=data,
                files=files,
                headers={**address, "Referer": form_url},
                allow_redirects=False,
                timeout=DRAIN,
            )
            results.add(email, answer.status_code, time.perf_counter() - start, answer.text[:120])
        except requests.RequestException as error:
            results.add(email, 0, time.perf_counter() - start, repr(error))
        sent += 1


def stored(emails: list[str]) -> tuple[int, int, int]:
    """Acknowledged letters found, with three pictures, with a confirmation in the outbox."""
    from django.db.models import Count

    from unheard.letters.models import Letter, LetterNotification

    letters = Letter.objects.filter(author_email__in=emails).annotate(
        pictures=Count("attachments", distinct=True)
    )
    found = letters.count()
    with_pictures = letters.filter(pictures=PHOTOS).count()
    confirmed = (
        LetterNotification.objects.filter(
            letter__author_email__in=emails, kind=LetterNotification.Kind.CONFIRM
        )
        .values("letter")
        .distinct()
        .count()
    )
    return found, with_pictures, confirmed


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="letters-load-")
    port = free_port()
    env = server_environment(data_dir, port)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, env["PYTHONPATH"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    slugs = build()
    connection.close()
    photos = [photo(n) for n in range(PHOTOS)]
    server = subprocess.Popen(
        [sys.executable, "-m", "unheard", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(data_dir) / "server.log", "w"),  # noqa: SIM115
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/en/letters/", server)
        results = Results()
        until = time.monotonic() + DURATION
        threads = [
            threading.Thread(target=client, args=(n, base, slugs, photos, until, results))
            for n in range(CLIENTS)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DURATION + DRAIN)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    found, with_pictures, confirmed = stored(results.acknowledged)
    report(
        vendor=connection.vendor,
        results=results,
        elapsed=elapsed,
        found=found,
        with_pictures=with_pictures,
        confirmed=confirmed,
        photo_mb=sum(len(p) for p in photos) / PHOTOS / 1024 / 1024,
    )
    if results.errors or found != len(results.acknowledged):
        print("\n".join(results.errors[:20]), file=sys.stderr)
        raise SystemExit(1)


def report(*, vendor, results, elapsed, found, with_pictures, confirmed, photo_mb) -> None:
    seconds = results.seconds or [0.0]
    posts = len(results.seconds)
    text = (
        f"## Letters under load ({vendor}, {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"`unheard runserver --noreload` (production settings, one thread per connection) on "
        f"loopback; {CLIENTS} clients for {DURATION:.0f} s, each letter with {PHOTOS} JPEG photos "
        f"of 4000×3000 px ({photo_mb:.1f} MB each); the form is fetched before each post.\n\n"
        "| measurement | value |\n| --- | --- |\n"
        f"| letters posted | {posts} |\n"
        f"| acknowledged (redirect to “letter sent”) | {len(results.acknowledged)} |\n"
        f"| errors | {len(results.errors)} |\n"
        f"| acknowledged letters stored | {found} |\n"
        f"| … with their {PHOTOS} pictures | {with_pictures} |\n"
        f"| … with the confirmation e-mail in the outbox | {confirmed} |\n"
        f"| form + post, p50 / p95 / max s | {percentile(seconds, 0.5):.1f} / "
        f"{percentile(seconds, 0.95):.1f} / {max(seconds):.1f} |\n"
        f"| wall time including letters in flight | {elapsed:.0f} s |\n"
        f"| load average of the machine (1 min) at the end | {os.getloadavg()[0]:.1f} |\n"
        "\nThe machine is shared: decoding, turning and re-encoding each 12-megapixel photo "
        "takes about 1.2 s of CPU, so throughput is bound by the CPU. What is measured is that "
        "no request fails for a lock and no acknowledged letter is lost: all the clients post "
        "at once, each holding its request open until its letter is stored.\n"
    )
    print(text)
    record_section(f"Letters under load ({vendor}", text)


if __name__ == "__main__":
    main()
