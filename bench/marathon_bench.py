"""Marathon: 200 readers at once on the campaign, person and home pages, 5 % of them signing up.

Run with `make bench-marathon` (or `bench/marathon_bench.py --seconds 20` for a shorter run).
Everything on loopback, in one run, one variant after the other for --seconds each:

1. nginx serving the three pages' bytes as static files (the shipped deploy/nginx.conf, its
   /static/ location);
2. the same nginx, through its micro-cache, in front of the application (gunicorn with
   deploy/gunicorn.conf.py, production settings, the demo data in a temporary SQLite file);
3. a bare Django view (bench/bare_django.py, same gunicorn settings) answering the same bytes;
4. the application directly, with its page cache.

In 2 and 4, 5 % of the requests post a sign-up for news (publishing's follow form; the client
follows its redirect, as a browser does); every sign-up acknowledged must be in the database
afterwards. In 2, a donation is recorded halfway through the
run and total.json (what funds/live_total.js polls) is read through nginx until it shows it.
The baselines 1 and 3 serve bytes and take no sign-ups, so 2 and 4 run a second time with GETs
alone (5 and 6): the headline ratios are those of the mixed load, the GET-only ratios compare the
same bytes alone. A last baseline (7) is nginx serving the pages' bytes as static files while the
same 5 % of sign-ups go through it to the application: the micro-cache against it compares like
with like, the cost of the sign-ups on both sides.

The load client is this script: asyncio on raw HTTP/1.1, one connection per client, in two
processes. Results are printed; a run of every variant also writes them to bench/RESULTS.md under
"## Marathon". For quick comparisons: `--only app,app-get --seconds 10 --reuse /tmp/marathon`
(the folder keeps the demo data between runs).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import multiprocessing
import os
import platform
import random
import re
import runpy
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from common import percentile, record_section

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROCESSES = 2
TIMEOUT = 30.0
POST_SHARE = 0.05
PAGES = ("campaign", "person", "home")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The load client ------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    errors: int = 0
    statuses: dict = field(default_factory=dict)
    latencies: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)


async def _response(reader) -> tuple[int, bool, str]:
    """(status, whether the server closes the connection, Location) of one response, its body
    read."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readline()).strip() or b"0", 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(int(headers.get("content-length", "0")))
    closes = headers.get("connection") == "close" or status_line.startswith(b"HTTP/1.0")
    return status, closes, headers.get("location", "")


async def _client(port, paths, post_path, label, until, tally: Tally) -> None:
    reader = writer = None
    sent = 0
    redirected = ""
    while time.monotonic() < until:
        sent += 1
        body = b""
        if redirected:
            # After a sign-up, a browser follows the redirect to the page that confirms it.
            head = f"GET {redirected} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            redirected = ""
        elif post_path and random.random() < POST_SHARE:
            email = f"marathon-{label}-{sent}-{random.getrandbits(40):x}@example.org"
            body = f"email={email}&scope=registry".encode()
            head = (
                f"POST {post_path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\n"
            )
        else:
            head = f"GET {random.choice(paths)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(head.encode() + b"X-Forwarded-Proto: https\r\n\r\n" + body)
            status, closes, location = await asyncio.wait_for(_response(reader), TIMEOUT)
        except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError):
            tally.errors += 1
            status, closes, location = 0, True, ""
        tally.requests += 1
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        tally.latencies.append(time.perf_counter() - start)
        if status >= 400:
            tally.errors += status != 0
        elif body and status in (200, 302, 303):
            tally.acknowledged.append(email)
            redirected = urllib.parse.urlsplit(location).path if status != 200 else ""
        if closes and writer is not None:
            writer.close()
            reader = writer = None


def _load_process(port, paths, post_path, clients, seconds, label) -> Tally:
    async def run() -> Tally:
        tally = Tally()
        until = time.monotonic() + seconds
        await asyncio.gather(
            *(_client(port, paths, post_path, f"{label}{n}", until, tally) for n in range(clients))
        )
        return tally

    return asyncio.run(run())


def load(port, paths, post_path, clients, seconds, label) -> tuple[Tally, float]:
    """The load of `clients` readers for `seconds`, spread over PROCESSES processes."""
    share = [clients // PROCESSES + (n < clients % PROCESSES) for n in range(PROCESSES)]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        started = time.monotonic()
        futures = [
            pool.submit(_load_process, port, paths, post_path, n, seconds, f"{label}-{i}-")
            for i, n in enumerate(share)
        ]
        tallies = [future.result() for future in futures]
        elapsed = time.monotonic() - started
    total = Tally()
    for tally in tallies:
        total.requests += tally.requests
        total.errors += tally.errors
        total.latencies += tally.latencies
        total.acknowledged += tally.acknowledged
        for status, count in tally.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + count
    return total, elapsed


# The servers --------------------------------------------------------------------------------


def site_environment(data_dir: Path, app_port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="unheard.config.settings.prod",
        SECRET_KEY="bench-only-key",
        UNHEARD_SECURE_COOKIES="0",
        UNHEARD_SSL_REDIRECT="0",
        UNHEARD_DATA_DIR=str(data_dir),
        UNHEARD_BIND=f"127.0.0.1:{app_port}",
        UNHEARD_ACCESS_LOG="",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{data_dir}/marathon.sqlite3",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def unheard(env: dict, *arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "unheard", *arguments], env=env, check=True)


def gunicorn(env: dict, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "gunicorn"), *arguments],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=180) as response:
        return response.read()


def nginx_config(folder: Path, *, http_port: int, https_port: int, app_port: int) -> Path:
    """The shipped nginx.conf with its host paths moved under `folder`, its HTTPS server on
    plain HTTP (the load client speaks no TLS) and its upstream the bench's gunicorn."""
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    replaced = {
        "/var/log/nginx/": f"{folder}/log/",
        "/var/cache/nginx/unheard": f"{folder}/nginx-cache",
        "/run/nginx.pid": f"{folder}/nginx.pid",
        "/srv/unheard/var/": f"{folder}/",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port};",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "user www-data;": "user root;" if os.geteuid() == 0 else "",
    }
    for shipped, here in replaced.items():
        assert shipped in config, shipped
        config = config.replace(shipped, here)
    # Without TLS on the listener, the certificate lines are dropped (no certificate is made).
    config = "\n".join(line for line in config.splitlines() if "ssl_" not in line)
    (folder / "log").mkdir(exist_ok=True)
    path = folder / "nginx.conf"
    path.write_text(config)
    return path


LIVE_TOTAL_JS = ROOT / "src" / "unheard" / "funds" / "static" / "funds" / "live_total.js"


def poll_seconds() -> float:
    """How often an open campaign page asks for its total (EVERY_MS in funds/live_total.js)."""
    return int(re.search(r"EVERY_MS = (\d+)", LIVE_TOTAL_JS.read_text())[1]) / 1000


# The run -----------------------------------------------------------------------------------


def demo_targets(env: dict) -> dict:
    """Django in this process, on the bench's database: the pages and the campaign to give to."""
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DJANGO", "UNHEARD", "DA"))})
    os.environ.update(SECRET_KEY=env["SECRET_KEY"], ALLOWED_HOSTS=env["ALLOWED_HOSTS"])
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from unheard.funds.models import Campaign
    from unheard.registry.models import Person

    campaign = next(c for c in Campaign.objects.public().order_by("slug") if c.goal and c.is_open)
    person = Person.objects.public().order_by("slug").first()
    return {
        "campaign": f"/en/campaigns/{campaign.slug}/",
        "person": f"/en/people/{person.slug}/",
        "home": "/en/",
        "total": f"/en/campaigns/{campaign.slug}/total.json",
        "campaign_slug": campaign.slug,
    }


def donation_delay(base: str, targets: dict) -> float:
    """Seconds from recording a donation until total.json, read through nginx, shows it."""
    import datetime as dt

    from django.db import connections

    from unheard.funds import services
    from unheard.funds.models import Campaign
    from unheard.funds.money import Money

    before = json.loads(fetch(base + targets["total"]))["label"]
    campaign = Campaign.objects.get(slug=targets["campaign_slug"])
    recorded = time.monotonic()
    services.donation_record(
        money=Money.of("250.00", campaign.currency),
        received_on=dt.date.today(),
        channel="cash",
        campaign=campaign,
    )
    connections.close_all()
    while json.loads(fetch(base + targets["total"]))["label"] == before:
        if time.monotonic() - recorded > 60:
            return float("inf")
        time.sleep(0.05)
    return time.monotonic() - recorded


def stored_sign_ups(emails: list[str]) -> int:
    from unheard.publishing.models import Subscription

    found = 0
    for start in range(0, len(emails), 500):
        found += Subscription.objects.filter(email__in=emails[start : start + 500]).count()
    return found


# name: (label, served by nginx (else by the app or the bare view), the app's pages, with sign-ups)
VARIANTS = {
    "static": ("nginx, static file", True, False, False),
    "micro": ("nginx micro-cache → app", True, True, True),
    "bare": ("bare Django view", False, False, False),
    "app": ("app with page cache", False, True, True),
    "micro-get": ("nginx micro-cache → app, GET only", True, True, False),
    "app-get": ("app with page cache, GET only", False, True, False),
    "static-signups": ("nginx, static file, sign-ups to the app", True, False, True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, help="gunicorn's workers (deploy/gunicorn.conf.py)")
    parser.add_argument(
        "--only",
        default=",".join(VARIANTS),
        help=f"the variants to run, comma-separated, of {', '.join(VARIANTS)} (default: all)",
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        help="a folder kept after the run; the demo data loaded there once serves later runs",
    )
    options = parser.parse_args()
    options.load_before = os.getloadavg()[0]
    chosen = options.only.split(",")
    if unknown := set(chosen) - set(VARIANTS):
        parser.error(f"unknown variants: {', '.join(sorted(unknown))}")

    folder = options.reuse or Path(tempfile.mkdtemp(prefix="marathon-"))
    folder.mkdir(parents=True, exist_ok=True)
    app_port, bare_port, http_port, nginx_port = (free_port() for _ in range(4))
    env = site_environment(folder, app_port)
    if options.workers:
        env["UNHEARD_WORKERS"] = str(options.workers)
    if not (folder / "marathon.sqlite3").exists():
        print("Loading the demo data …", flush=True)
        unheard(env, "migrate", "--noinput", "-v", "0")
        unheard(env, "loaddemo")
        unheard(env, "collectstatic", "--noinput", "-v", "0")
    targets = demo_targets(env)

    servers = [gunicorn(env, "--config", str(ROOT / "deploy" / "gunicorn.conf.py"))]
    results = {}
    delay = None
    try:
        app = f"http://127.0.0.1:{app_port}"
        wait_until_up(app + "/en/")
        pages = folder / "static" / "marathon"
        pages.mkdir(parents=True, exist_ok=True)
        for name in PAGES:
            (pages / f"{name}.html").write_bytes(fetch(app + targets[name]))
        bare_env = {**env, "MARATHON_PAGES": str(pages)}
        servers.append(
            gunicorn(
                bare_env,
                "--config",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--chdir",
                str(ROOT / "bench"),
                "--bind",
                f"127.0.0.1:{bare_port}",
                "bare_django:application",
            )
        )
        config = nginx_config(folder, http_port=http_port, https_port=nginx_port, app_port=app_port)
        servers.append(
            subprocess.Popen(
                [NGINX, "-c", str(config), "-p", str(folder), "-g", "daemon off;"],
                stderr=subprocess.DEVNULL,
            )
        )
        nginx = f"http://127.0.0.1:{nginx_port}"
        wait_until_up(f"http://127.0.0.1:{bare_port}/home.html")
        wait_until_up(nginx + "/static/marathon/home.html")

        for variant in chosen:
            name, by_nginx, app_pages, sign_ups = VARIANTS[variant]
            port = nginx_port if by_nginx else app_port if app_pages else bare_port
            if app_pages:
                paths = [targets[n] for n in PAGES]
            else:
                paths = [f"/static/marathon/{n}.html" if by_nginx else f"/{n}.html" for n in PAGES]
            post_path = "/en/alerts/" if sign_ups else ""
            print(f"{name}: {options.clients} clients for {options.seconds:g} s …", flush=True)
            if variant == "micro":
                with concurrent.futures.ThreadPoolExecutor(1) as background:
                    running = background.submit(
                        load, port, paths, post_path, options.clients, options.seconds, "n"
                    )
                    time.sleep(options.seconds / 2)
                    delay = donation_delay(nginx, targets)
                    results[name] = running.result()
            else:
                results[name] = load(port, paths, post_path, options.clients, options.seconds, "a")
            tally, elapsed = results[name]
            print(f"  {tally.requests / elapsed:.0f} req/s, {tally.errors} errors", flush=True)
    finally:
        stop(servers)
    acknowledged = [e for tally, _ in results.values() for e in tally.acknowledged]
    text = report(
        options, results, delay, len(acknowledged), stored_sign_ups(acknowledged), targets
    )
    print(text)
    if set(chosen) == set(VARIANTS):
        record_section("## Marathon", text)
    if not options.reuse:
        shutil.rmtree(folder, ignore_errors=True)


def stop(servers: list[subprocess.Popen]) -> None:
    """Stop the servers; one that is still finishing its requests after 60 s is killed."""
    for server in servers:
        server.terminate()
    for server in servers:
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def server_settings() -> str:
    """Workers and worker class as deploy/gunicorn.conf.py sets them in this environment."""
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    threads = config.get("threads", 1)
    kind = f"{config['worker_class']} ({threads} threads each)" if threads > 1 else "sync"
    return f"{config['workers']} {kind} workers"


def report(options, results, delay, acknowledged, stored, targets) -> str:
    rates = {name: tally.requests / elapsed for name, (tally, elapsed) in results.items()}
    lines = [
        "## Marathon (bench/marathon_bench.py)",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.python_version()}, "
        f"{os.cpu_count()} cores (shared with other work), load average before the run "
        f"{options.load_before:.2f}; gunicorn {server_settings()} (deploy/gunicorn.conf.py, for "
        f"the app and the bare view alike), SQLite; {options.clients} clients for "
        f"{options.seconds:g} s per variant, loopback, one variant after the other. Pages: "
        f"`{targets['campaign']}`, `{targets['person']}`, `{targets['home']}` in equal shares; in "
        "the variants through the app 5 % of requests post a news sign-up (`/en/alerts/`).",
        "",
        "| variant | requests | req/s | errors | median ms | p95 ms | statuses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, (tally, _elapsed) in results.items():
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses.items()))
        lines.append(
            f"| {name} | {tally.requests} | {rates[name]:.0f} | {tally.errors} | "
            f"{percentile(tally.latencies, 0.5) * 1000:.0f} | "
            f"{percentile(tally.latencies, 0.95) * 1000:.0f} | {statuses} |"
        )
    ratios = [
        ("App with its page cache / bare Django view", "app", "bare"),
        ("nginx micro-cache / nginx static file", "micro", "static"),
        (
            "Sign-ups on both sides: nginx micro-cache / nginx static file with the same sign-ups",
            "micro",
            "static-signups",
        ),
        ("GETs alone: app with its page cache / bare Django view", "app-get", "bare"),
        ("GETs alone: nginx micro-cache / nginx static file", "micro-get", "static"),
    ]
    lines.append("")
    for label, served, baseline in ratios:
        if VARIANTS[served][0] in rates and VARIANTS[baseline][0] in rates:
            ratio = rates[VARIANTS[served][0]] / rates[VARIANTS[baseline][0]]
            lines.append(f"- {label}: **{ratio:.0%}** (target ≥ 50 %).")
    errors = sum(tally.errors for tally, _ in results.values())
    lines += [
        f"- Errors: **{errors}** (target 0).",
        f"- Sign-ups acknowledged: {acknowledged}; found in the database afterwards: "
        f"**{stored}** (target: all).",
    ]
    if delay is not None:
        poll = poll_seconds()
        lines.append(
            f"- A donation recorded mid-run showed in total.json through nginx after "
            f"**{delay:.2f} s**; the open page polls it every {poll:g} s "
            f"(funds/live_total.js), so the page shows it within {delay + poll:.1f} s "
            "at worst (target ≤ 5 s)."
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
