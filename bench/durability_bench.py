"""Fault test: kill -9 of the server under write load loses no acknowledged write (issue 14, item 8).

Run with `python bench/durability_bench.py` (SQLite in a temporary folder), and with
`bash scripts/with-postgres.sh python bench/durability_bench.py` (a throwaway PostgreSQL server).
gunicorn (deploy/gunicorn.conf.py, production settings, two workers) listens on loopback only.
CLIENTS client threads post letters (the letter form, without pictures) and record each e-mail
whose post was acknowledged (the redirect to "letter sent"). Every KILL_EVERY seconds the master
and all its workers get SIGKILL at once (their whole process group: nothing is flushed or closed),
and the server is started again at once; clients keep posting, and a post that fails (connection
refused or cut) is simply not acknowledged. When the run ends the database is opened afresh and
every acknowledged letter is looked for, with its confirmation e-mail in the outbox (written in
the same transaction). Success means every acknowledged write is there. Results are printed and
written to bench/RESULTS.md under "## Durability".
"""

import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import record_section
from letters_load import TOKEN, build, free_port, server_environment, wait_for

CLIENTS = 8
DURATION = 60.0
KILL_EVERY = 15.0
ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acknowledged: list[str] = []
        self.refused: dict[int, int] = {}  # status (0: no answer) -> posts

    def add(self, email: str, status: int) -> None:
        with self.lock:
            if status == 302:
                self.acknowledged.append(email)
            else:
                self.refused[status] = self.refused.get(status, 0) + 1


def client(number: int, base: str, slugs: list[str], until: float, results: Results) -> None:
    import requests

    sent = 0
    while time.monotonic() < until:
        session = requests.Session()  # a fresh connection after a kill
        slug = slugs[(number + sent) % len(slugs)]
        email = f"client{number}-letter{sent}@example.org"
        address = {"X-Real-IP": f"10.1.{number}.{sent % 250 + 1}"}
        form_url = f"{base}/en/people/{slug}/letter/"
        sent += 1
        try:
            page = session.get(form_url, headers=address, timeout=30)
            data = {
                **dict(TOKEN.findall(page.text)),
                "author_name": f"Client {number}",
                "author_email": email,
                "language": "en",
                "text": f"Letter {sent} from client {number}: hold on, we are with you.",
                "accept_rules": "on",
            }
            answer = session.post(
                form_url,
                data=data,
                headers={**address, "Referer": form_url},
                allow_redirects=False,
                timeout=30,
            )
            results.add(email, answer.status_code)
        except requests.RequestException:
            results.add(email, 0)
            time.sleep(0.05)  # the server is down: try again soon, not in a tight loop


def serve(env: dict, log: Path) -> subprocess.Popen:
    """gunicorn in its own process group, so that one killpg reaches the master and workers."""
    return subprocess.Popen(
        # No control socket: its default path is shared by every gunicorn of the user.
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "-c", str(CONFIG)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "a"),  # noqa: SIM115
        start_new_session=True,
    )


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="durability-")
    port = free_port()
    env = server_environment(data_dir, port)
    # Plain HTTP on loopback: no redirect to HTTPS (nginx terminates TLS in production).
    env.update(
        UNHEARD_BIND=f"127.0.0.1:{port}",
        UNHEARD_WORKERS="2",
        UNHEARD_ACCESS_LOG="",
        UNHEARD_SSL_REDIRECT="0",
    )
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, env["PYTHONPATH"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    slugs = build()
    connection.close()
    base = f"http://127.0.0.1:{port}"
    log = Path(data_dir) / "server.log"
    server = serve(env, log)
    kills = 0
    try:
        wait_for(f"{base}/en/letters/", server)
        results = Results()
        until = time.monotonic() + DURATION
        threads = [
            threading.Thread(target=client, args=(n, base, slugs, until, results))
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        while time.monotonic() + KILL_EVERY < until:
            time.sleep(KILL_EVERY)
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            kills += 1
            server = serve(env, log)
        for thread in threads:
            thread.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    connection.close()
    found, confirmed = stored(results.acknowledged)
    report(connection.vendor, results, kills, found, confirmed)
    if found != len(results.acknowledged) or confirmed != found:
        raise SystemExit(1)


def stored(emails: list[str]) -> tuple[int, int]:
    """Acknowledged letters found, and those with their confirmation e-mail in the outbox."""
    from unheard.letters.models import Letter, LetterNotification

    found = Letter.objects.filter(author_email__in=emails).count()
    confirmed = (
        LetterNotification.objects.filter(
            letter__author_email__in=emails, kind=LetterNotification.Kind.CONFIRM
        )
        .values("letter")
        .distinct()
        .count()
    )
    return found, confirmed


def report(vendor: str, results: Results, kills: int, found: int, confirmed: int) -> None:
    acknowledged = len(results.acknowledged)
    refused = ", ".join(
        f"{count} {'without an answer' if status == 0 else f'answered {status}'}"
        for status, count in sorted(results.refused.items())
    )
    text = (
        f"## Durability ({vendor}, {time.strftime('%Y-%m-%d')}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"gunicorn (deploy/gunicorn.conf.py, 2 sync workers, production settings), {CLIENTS} "
        f"clients posting letters for {DURATION:.0f} s; master and workers killed with SIGKILL "
        f"every {KILL_EVERY:.0f} s and restarted ({kills} kills).\n\n"
        "| acknowledged (302) | found in the database | with confirmation e-mail | lost "
        "| not acknowledged |\n| --- | --- | --- | --- | --- |\n"
        f"| {acknowledged} | {found} | {confirmed} | {acknowledged - found} "
        f"| {refused or 'none'} |\n"
    )
    print(text)
    record_section(f"## Durability ({vendor},", text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
