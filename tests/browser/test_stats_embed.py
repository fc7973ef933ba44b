"""A figure's embed page shows inside an <iframe> on another site; the other pages refuse to."""

import functools
import http.server
import threading

import pytest
from playwright.sync_api import expect

from tests.factories import PersonFactory, published
from unheard.registry.models import Person


@pytest.fixture
def other_site(tmp_path, live_server):
    """A real web server on another origin (127.0.0.1, another port) serving a news story that
    frames a figure's embed page and its ordinary page."""
    (tmp_path / "story.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>Newsroom</title>'
        f'<iframe id="embed" title="embed" src="{live_server.url}/en/statistics/held/embed/">'
        "</iframe>"
        f'<iframe id="page" title="page" src="{live_server.url}/en/statistics/held/"></iframe>'
        "</html>"
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.django_db(transaction=True)
def test_only_the_embed_shows_in_a_frame_on_another_origin(page, live_server, other_site):
    published(PersonFactory(status=Person.Status.SERVING))
    page.goto(f"{other_site}/story.html")
    embed = page.frame_locator("#embed")
    assert embed.locator("h1").inner_text() == "People held"
    expect(embed.locator("table").first).to_be_visible()
    page.wait_for_load_state("load")
    refused = page.frame_locator("#page")
    assert refused.get_by_role("heading", name="People held").count() == 0
    assert not any(frame.url.endswith("/en/statistics/held/") for frame in page.frames)
