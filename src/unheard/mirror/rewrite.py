"""Turning a page of the live site into a page of the mirror.

- Every address on the site becomes a path relative to the page (`../people/x/index.html`), so
  the folder works from any static host, under any prefix, or from a USB stick.
- A link to a page the mirror does not hold (a filtered list, the back office, the API) keeps
  its text and loses its address: nothing in the mirror leads to a missing file.
- Forms are removed (they need the server), except that the site search is the mirror's own
  search page (pagefind, in the browser).
- A banner says when the copy was made and links the four languages.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urljoin, urlsplit

ADDRESS = re.compile(r"""\b(href|src)="([^"]*)\"""")
ELSEWHERE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)  # another site, mailto:, #
FORM = re.compile(r"<form\b.*?</form>", re.DOTALL | re.IGNORECASE)
BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
MAIN_END = re.compile(r"</main>", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^[1-9]\d{0,5}$")


def on_site(address: str, page_url: str) -> str | None:
    """The site path an address on the page at `page_url` leads to, or None when it leads to
    another site, an e-mail, or a place on the same page."""
    address = address.replace("&amp;", "&")
    if not address or ELSEWHERE.match(address):
        return None
    return urljoin(page_url, address)


def file_for(url: str, content_type: str = "text/html") -> str | None:
    """The file a site address is kept in, relative to the mirror's root, or None when the
    address cannot be a file (a query other than a page number)."""
    parts = urlsplit(url)
    path = parts.path
    query = parse_qsl(parts.query, keep_blank_values=True)
    if query:
        if len(query) != 1 or query[0][0] != "page" or not PAGE_NUMBER.match(query[0][1]):
            return None
        if not path.endswith("/"):
            return None
        path = f"{path}page-{query[0][1]}/"
    if path.endswith("/"):  # a download at an address like /report/csv/ keeps its kind
        path += "index." + EXTENSIONS.get(content_type.split(";")[0].strip(), "html")
    return path.lstrip("/")


EXTENSIONS = {
    "text/html": "html",
    "text/csv": "csv",
    "application/pdf": "pdf",
    "application/json": "json",
    "application/zip": "zip",
    "application/xml": "xml",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
}


def relative(target_file: str, from_file: str) -> str:
    return posixpath.relpath(target_file, posixpath.dirname(from_file) or ".")


def rewrite_page(
    html: str,
    *,
    page_url: str,
    page_file: str,
    resolve_file: Callable[[str], str | None],
    banner: str,
    extra_text: str = "",
) -> str:
    """The page (at `page_url`, kept in `page_file`) with its addresses made relative
    (`resolve_file(url)` gives the file of an address the mirror holds, else None), its forms removed, the banner and `extra_text` (for
    the search index) added."""
    html = BODY.sub(lambda m: m[0] + banner, FORM.sub("", html), count=1)

    def address(match: re.Match) -> str:
        attribute, url = match[1], on_site(match[2], page_url)
        if url is None:
            return match[0]
        fragment = ""
        if "#" in url:
            url, fragment = url.split("#", 1)
            fragment = "#" + fragment
        target = resolve_file(url)
        if target is None:
            return "data-offline" if attribute == "href" else f'{attribute}=""'
        return f'{attribute}="{relative(target, page_file)}{fragment}"'

    html = ADDRESS.sub(address, html)
    if extra_text:
        html = MAIN_END.sub(lambda m: extra_text + m[0], html, count=1)
    return html
