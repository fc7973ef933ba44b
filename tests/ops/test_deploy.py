"""The shipped production files: nginx accepts its config, gunicorn serves the site with its own."""

import collections
import datetime as dt
import http.server
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def self_signed_certificate(folder: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "unheard.example.org")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True)
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


needs_nginx = pytest.mark.skipif(
    not os.path.exists(NGINX), reason="nginx is not installed (apt-get install nginx)"
)


def shipped_nginx_config(tmp_path: Path, **replaced: str) -> Path:
    """The config as shipped, with the host's paths (certificate, logs, cache) moved to tmp_path."""
    config = (DEPLOY / "nginx.conf").read_text()
    moved = {
        "/etc/letsencrypt/live/unheard.example.org/": f"{tmp_path}/tls/",
        "/var/log/nginx/": f"{tmp_path}/log/",
        "/var/cache/nginx/unheard": f"{tmp_path}/cache",
        "/run/nginx.pid": f"{tmp_path}/nginx.pid",
        "/srv/unheard/var/": f"{tmp_path}/var/",
        **replaced,
    }
    for shipped, here in moved.items():
        assert shipped in config, shipped
        config = config.replace(shipped, here)
    self_signed_certificate(tmp_path / "tls")
    (tmp_path / "log").mkdir()
    path = tmp_path / "nginx.conf"
    path.write_text(config)
    return path


@needs_nginx
def test_nginx_accepts_the_shipped_config(tmp_path):
    config = shipped_nginx_config(tmp_path)
    result = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


class CountingApp(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: counts the requests that reach it; /form/ sets a CSRF cookie."""

    served: collections.Counter = collections.Counter()

    def do_GET(self):
        self.served[self.path] += 1
        if self.path.startswith("/media/"):
            return self.media()
        body = f"rendered {self.served[self.path]} times".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/en/form/":
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def media(self):
        """As core/media.py answers: the one public photo by X-Accel-Redirect, else 404."""
        public = self.path == "/media/people/shown.jpg"
        self.send_response(200 if public else 404)
        self.send_header("Content-Length", "0")
        if public:
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Cache-Control", "public, max-age=300")
            self.send_header("X-Accel-Redirect", "/internal-media/people/shown.jpg")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_in_front(tmp_path):
    """The shipped nginx on loopback ports, in front of CountingApp; yields its HTTPS address."""
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingApp)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    https, plain = free_port(), free_port()
    config = shipped_nginx_config(
        tmp_path,
        **{
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{app.server_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "listen 80;": f"listen 127.0.0.1:{plain};",
            "listen [::]:80;": "",
            "user www-data;": "user root;" if os.geteuid() == 0 else "",
        },
    )
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(tmp_path), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
        text=True,
    )
    CountingApp.served.clear()
    try:
        yield f"https://127.0.0.1:{https}"
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        app.shutdown()


def fetch(url: str, method: str = "GET", cookie: str = "") -> tuple[str, str]:
    """The response's X-Cache-Status and body; the request names the site's host."""
    headers = {"Host": "unheard.example.org", **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(
        url, method=method, headers=headers, data=b"" if method == "POST" else None
    )
    tls = ssl.create_default_context()
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10, context=tls) as response:
                return response.headers.get("X-Cache-Status", ""), response.read().decode()
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@needs_nginx
def test_the_micro_cache_serves_anonymous_readers_and_no_one_else(nginx_in_front):
    page = f"{nginx_in_front}/en/people/"
    assert fetch(page) == ("MISS", "rendered 1 times")
    assert fetch(page) == ("HIT", "rendered 1 times")
    # Staff and readers with a form in progress always reach the application.
    assert fetch(page, cookie="sessionid=staff") == ("BYPASS", "rendered 2 times")
    assert fetch(page, cookie="lang=de; csrftoken=x") == ("BYPASS", "rendered 3 times")
    assert fetch(page, cookie="sessionid=staff") == ("BYPASS", "rendered 4 times")
    assert fetch(page) == ("HIT", "rendered 1 times")
    # Nor is a reader with a notice waiting (Django's messages cookie).
    assert fetch(page, cookie="messages=notice") == ("BYPASS", "rendered 5 times")
    # A POST is never answered from the cache; a page that sets a cookie is never stored.
    assert fetch(page, method="POST")[1] == "rendered 6 times"
    form = f"{nginx_in_front}/en/form/"
    assert fetch(form)[1] == "rendered 1 times"
    assert fetch(form)[1] == "rendered 2 times"
    # The back office is never cached.
    assert fetch(f"{nginx_in_front}/admin/")[0] == ""
    assert fetch(f"{nginx_in_front}/admin/")[1] == "rendered 2 times"


def fetch_file(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": "unheard.example.org"})
    tls = ssl.create_default_context()
    tls.check_hostname, tls.verify_mode = False, ssl.CERT_NONE
    try:
        with urllib.request.urlopen(request, timeout=10, context=tls) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@needs_nginx
def test_nginx_sends_a_media_file_only_when_the_application_names_it(nginx_in_front, tmp_path):
    people = tmp_path / "var" / "media" / "people"
    people.mkdir(parents=True)
    (people / "shown.jpg").write_bytes(b"\xff\xd8 shown photo")
    (people / "hidden.jpg").write_bytes(b"\xff\xd8 hidden photo")
    letters = tmp_path / "var" / "media" / "letters"
    letters.mkdir()
    (letters / "scan.jpg").write_bytes(b"\xff\xd8 a reply's scan")
    fetch(f"{nginx_in_front}/en/people/")  # waits until nginx is up
    status, headers, body = fetch_file(f"{nginx_in_front}/media/people/shown.jpg")
    assert (status, body) == (200, b"\xff\xd8 shown photo")
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Cache-Control"] == "public, max-age=300"
    assert "X-Accel-Redirect" not in headers
    # Not from the micro-cache: the application decides every time (a consent may be withdrawn).
    fetch_file(f"{nginx_in_front}/media/people/shown.jpg")
    assert CountingApp.served["/media/people/shown.jpg"] == 2
    # A file on disk the application does not name, or outside people/, is not sent, and the
    # internal location cannot be asked for directly.
    for path in (
        "/media/people/hidden.jpg",
        "/media/letters/scan.jpg",
        "/internal-media/people/shown.jpg",
        "/internal-media/letters/scan.jpg",
        "/media/people/../letters/scan.jpg",
    ):
        status, _, body = fetch_file(f"{nginx_in_front}{path}")
        assert status == 404 and b"photo" not in body and b"scan" not in body, path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_site_with_the_shipped_config(tmp_path):
    """Production settings under gunicorn; the database is missing, so every page is the 503 one."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unheard.config.settings.prod",
        "SECRET_KEY": "test-only-secret-key-for-gunicorn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-folder' / 'site.sqlite3'}",
        "UNHEARD_DATA_DIR": str(tmp_path),
        "UNHEARD_BIND": f"127.0.0.1:{port}",
        "UNHEARD_WORKERS": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--config", str(DEPLOY / "gunicorn.conf.py")],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        response = get_when_up(
            f"http://127.0.0.1:{port}/de/",
            headers={"X-Forwarded-Proto": "https", "X-Request-ID": "marathon-day-0001"},
        )
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0]
    status, headers, body = response
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Die Website ist kurz nicht erreichbar" in body
    assert "Traceback" not in body
    # The access log line ends with the request id; the error log holds the traceback.
    assert '"GET /de/ HTTP/1.1" 503' in log and "marathon-day-0001" in log
    assert "OperationalError" in log


def get_when_up(url: str, headers: dict, timeout: float = 60) -> tuple[int, dict, str]:
    deadline = time.monotonic() + timeout
    while True:
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
