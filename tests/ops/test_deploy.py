"""The shipped production files: nginx accepts its config, gunicorn serves the site with its own."""

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
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


@pytest.mark.skipif(
    not os.path.exists(NGINX), reason="nginx is not installed (apt-get install nginx)"
)
def test_nginx_accepts_the_shipped_config(tmp_path):
    """The config as shipped, with the host's paths (certificate, logs, cache) moved to tmp_path."""
    config = (DEPLOY / "nginx.conf").read_text()
    moved = {
        "/etc/letsencrypt/live/unheard.example.org/": tmp_path / "tls",
        "/var/log/nginx/": tmp_path / "log",
        "/var/cache/nginx/unheard": tmp_path / "cache",
        "/run/nginx.pid": tmp_path / "nginx.pid",
        "/srv/unheard/var/": tmp_path / "var",
    }
    for shipped, here in moved.items():
        assert shipped in config, shipped
        config = config.replace(shipped, f"{here}/" if shipped.endswith("/") else str(here))
    self_signed_certificate(tmp_path / "tls")
    (tmp_path / "log").mkdir()
    (tmp_path / "nginx.conf").write_text(config)

    result = subprocess.run(
        [NGINX, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


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
