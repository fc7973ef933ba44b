"""Demo pages as the November 2026 walk saw them: news panels that were empty, a source repeated
after each signatory, a group with no link to its calendar, an embed link pinned to a date."""

import re

import pytest
from django.db import transaction

from unheard.core import plugins
from unheard.petitions.models import Petition


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data of every app, loaded once per module and rolled back when it ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in plugins.demo_loaders():
            loader.run()
        yield
        transaction.set_rollback(True)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def news_panel(html: str) -> str:
    found = re.search(r'<section class="record-news".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_a_persons_news_panel_lists_what_their_feed_holds(client, demo, db):
    # The walk: Azat Miftakhov's feed had his detentions of 2019 and 2023, the panel nothing.
    panel = news_panel(page(client, "/en/people/azat-miftakhov/"))
    assert panel.count("<li>") >= 2
    assert "Azat Miftakhov: detention" in panel and "#timeline" in panel


def test_an_action_with_no_news_shows_no_news_heading(client, demo, db):
    html = page(client, "/en/actions/solidarity-2012-berlin/")
    assert news_panel(html) == "" and "news-heading" not in html


def test_a_notable_signatory_does_not_repeat_the_petitions_source(client, demo, db):
    petition = Petition.objects.get(slug="russian-radical-left-call-for-solidarity-2012")
    source = petition.sources.first().title
    html = page(client, petition.get_absolute_url())
    assert html.count(f"<cite>({source})</cite>") == 0
    assert source in html


def test_a_group_page_links_its_calendar_feed(client, demo, db):
    html = page(client, "/en/groups/russian-socialist-movement/")
    assert 'href="/en/calendar/groups/russian-socialist-movement.ics"' in html


def test_the_figure_page_links_the_live_embed_and_offers_its_iframe(client, demo, db):
    html = page(client, "/en/statistics/held/")
    assert 'href="/en/statistics/held/embed/"' in html
    assert "&lt;iframe src=&quot;http://testserver/en/statistics/held/embed/&quot;" in html
    dated = page(client, "/en/statistics/held/?as_of=2024-01-01")
    assert 'href="/en/statistics/held/embed/?as_of=2024-01-01"' in dated
