"""core.output.pdf: real PDFs read back with pypdf; nothing is fetched from the network."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from pypdf import PdfReader

from unheard.core.output.pdf import data_uri, render_pdf, static_file


def a_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#8a1c1c").save(buffer, "PNG")
    return buffer.getvalue()


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def page(body: str, head: str = "") -> str:
    return (
        '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
        "<style>body { font-family: 'DejaVu Sans', sans-serif; }</style>"
        f"{head}</head><body>{body}</body></html>"
    )


@pytest.fixture
def web_server():
    """A real HTTP server on loopback that counts the requests it gets."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            body = b'body::after { content: "FETCHED FROM THE NETWORK"; }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_cyrillic_text_is_set_and_pages_are_counted():
    pdf = render_pdf(page("<p>Письмо Алексею Горинову</p>" + '<p style="break-before: page">2</p>'))
    assert pdf.content.startswith(b"%PDF")
    assert pdf.pages == 2
    assert "Письмо Алексею Горинову" in text_of(pdf.content)
    content, pages = pdf  # unpacks like the (bytes, pages) pair letters used
    assert pages == 2


def test_http_and_file_addresses_are_not_fetched(web_server, caplog):
    origin, requests = web_server
    html = page(
        "<p>Текст</p>"
        f'<img src="{origin}/tracker.png" alt="">'
        '<img src="file:///etc/hostname" alt="">',
        head=f'<link rel="stylesheet" href="{origin}/evil.css">'
        f'<style>@import url("{origin}/imported.css");</style>',
    )
    pdf = render_pdf(html)
    assert requests == []
    assert "FETCHED FROM THE NETWORK" not in text_of(pdf.content)
    assert "Текст" in text_of(pdf.content)


def test_data_uris_are_embedded(tmp_path):
    from django.core.files import File

    path = tmp_path / "pixel.png"
    path.write_bytes(a_png())
    with path.open("rb") as handle:
        uri = data_uri(File(handle, name="pixel.png"), "image/png")
    assert uri.startswith("data:image/png;base64,")
    pdf = render_pdf(page(f'<img src="{uri}" alt="" style="width: 2cm">'))
    images = [image for p in PdfReader(io.BytesIO(pdf.content)).pages for image in p.images]
    assert len(images) == 1


def test_the_sites_own_static_files_are_used(tmp_path):
    (tmp_path / "print.css").write_text('body::after { content: "STYLED FROM STATIC"; }')
    with override_settings(STATICFILES_DIRS=[tmp_path]):
        assert static_file("https://unheard.invalid/static/print.css") == str(
            tmp_path / "print.css"
        )
        assert static_file("https://unheard.invalid/static/../../etc/passwd") is None
        assert static_file("https://example.org/static/print.css") is None
        pdf = render_pdf(page("<p>x</p>", head='<link rel="stylesheet" href="/static/print.css">'))
        assert "STYLED FROM STATIC" in text_of(pdf.content)
        outside = render_pdf(page("<p>x</p>", head='<link rel="stylesheet" href="/etc/passwd">'))
        assert "root:" not in text_of(outside.content)
