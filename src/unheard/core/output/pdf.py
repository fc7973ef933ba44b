"""PDFs drawn from HTML with WeasyPrint, fetching nothing from the network.

Policy:
* A PDF is made from what the site holds: pictures embedded as `data:` URIs (`data_uri`) and
  the site's own static files (stylesheets, logos), found through Django's static finders. Every
  other address — http, https, ftp, file — is refused: WeasyPrint leaves the resource out and
  logs a warning. A document with a reader's address in it can therefore never make the server
  call that address, nor read a file outside the static folders.
* Text is set in DejaVu (Debian's fonts-dejavu-core, found by fontconfig), which covers Latin and
  Cyrillic; templates name it in their own stylesheets.
"""

from __future__ import annotations

import base64
import mimetypes
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

# Relative addresses in a template ("/static/site.css") resolve against this origin, which the
# fetcher maps to the static folders; ".invalid" is reserved and never resolves (RFC 2606).
LOCAL_ORIGIN = "https://unheard.invalid"


class RenderedPdf(NamedTuple):
    content: bytes
    pages: int


def render_pdf(html: str) -> RenderedPdf:
    """The PDF of a complete HTML document, and its number of pages."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=LOCAL_ORIGIN + "/", url_fetcher=_fetcher()).render()
    return RenderedPdf(document.write_pdf(), len(document.pages))


def data_uri(stored_file, content_type: str) -> str:
    """A stored file (an attachment's image) as a `data:` URI, to embed it in a PDF."""
    with stored_file.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:{content_type};base64,{encoded}"


def static_file(url: str) -> str | None:
    """The path of the static file `url` names, or None when it names no static file."""
    static_url = settings.STATIC_URL or "/static/"
    prefixes = [LOCAL_ORIGIN + static_url] if static_url.startswith("/") else [static_url]
    for prefix in prefixes:
        if url.startswith(prefix):
            relative = unquote(urlsplit(url[len(prefix) :]).path)
            try:
                found = finders.find(relative)
            except SuspiciousFileOperation:
                return None
            return found if isinstance(found, str) else None
    return None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url)
            if path is None:
                raise ValueError(f"a PDF fetches nothing from the network: {url}")
            with open(path, "rb") as handle:
                body = handle.read()
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return LocalFetcher()
