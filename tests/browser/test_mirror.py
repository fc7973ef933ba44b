"""The static mirror served by a plain static server: every link works, nothing is fetched from
another origin, and the search index finds a name in another spelling."""

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from playwright.sync_api import expect

from unheard.core import plugins
from unheard.mirror.build import mirror_build

pytestmark = pytest.mark.django_db


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def mirror_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo mirrored in English and Russian, served by Python's plain static server."""
    out = tmp_path_factory.mktemp("mirror") / "site"
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in plugins.demo_loaders():
            loader.run()
        mirror_build(out=out, languages=["en", "ru"])
        transaction.set_rollback(True)
    with served(out) as address:
        yield address


@contextlib.contextmanager
def served(folder):
    """The folder served by Python's plain static server on a free port: its address."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture
def static_page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()


def test_every_link_of_the_mirror_works_and_nothing_leaves_it(mirror_site, static_page):
    page = static_page
    start = f"{mirror_site}/en/index.html"
    queue, seen, broken, files = [start], {start}, [], set()
    while queue:
        url = queue.pop()
        response = page.goto(url)
        if response is None or response.status != 200:
            broken.append(url)
            continue
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for link in links:
            link = urldefrag(link)[0]
            if not link.startswith(mirror_site) or link in seen:
                continue
            seen.add(link)
            if urlsplit(link).path.endswith(".html"):
                queue.append(link)
            else:
                files.add(link)
    for link in files:
        if page.request.get(link).status != 200:
            broken.append(link)
    assert broken == []
    assert len(seen) > 200
    assert any(link.endswith("/ru/index.html") for link in seen)
    assert any(link.endswith("/en/data/people.csv") for link in files)
    assert [u for u in page.requested_urls if not u.startswith(mirror_site)] == []


def test_the_mirror_search_finds_a_name_in_another_spelling(mirror_site, static_page):
    page = static_page
    page.goto(f"{mirror_site}/en/search/index.html?q=Miftahov")
    result = page.locator(".pagefind-ui__result-link").first
    expect(result).to_contain_text("Miftakhov", timeout=15000)
    result.click()
    expect(page.locator("h1")).to_contain_text("Miftakhov")
    assert [u for u in page.requested_urls if not u.startswith(mirror_site)] == []
