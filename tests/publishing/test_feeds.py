import feedparser
import pytest

from tests import factories as f
from tests.publishing.conftest import news, recent

pytestmark = pytest.mark.django_db


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def feed_urls(person) -> list[str]:
    case = person.case_links.get().case
    region = person.current_facility.region
    day = recent(0).isoformat()
    routes = [
        "news/feed",
        "news/feed-all-languages",
        f"people/{person.slug}/feed",
        f"cases/{case.slug}/feed",
        f"regions/{region.slug}/feed",
        f"news/days/{day}/feed",
    ]
    return [f"/en/{route}.{kind}" for route in routes for kind in ("rss", "atom")]


def test_every_feed_parses_without_errors_in_both_formats(client, person):
    news(people=[person])
    f.published(f.event(person, "transfer", recent(), facility=person.current_facility))
    for url in feed_urls(person):
        feed = parsed(client, url)
        assert feed.feed.get("language", "en").startswith("en") or url.endswith(".atom")
        if "/days/" not in url:
            assert len(feed.entries) == 2, url
        for entry in feed.entries:
            assert entry.id.startswith("tag:")
            assert entry.published_parsed is not None or entry.updated_parsed is not None


def test_feed_items_have_stable_ids_zoned_dates_and_the_language(client, person):
    post = news(people=[person])
    event = f.published(f.event(person, "verdict", recent(), facility=person.current_facility))
    rss = client.get("/en/news/feed.rss").content.decode()
    assert "<language>en</language>" in rss
    assert f"tag:127.0.0.1,2026:news/{post.pk}" in rss
    assert f"tag:127.0.0.1,2026:update/{event.pk}" in rss
    assert "+0300</pubDate>" in rss  # Europe/Moscow
    again = parsed(client, "/en/news/feed.atom")
    assert {e.id for e in again.entries} == {
        f"tag:127.0.0.1,2026:news/{post.pk}",
        f"tag:127.0.0.1,2026:update/{event.pk}",
    }
    assert 'xml:lang="en"' in client.get("/en/news/feed.atom").content.decode()


def test_a_language_feed_has_its_own_news_and_the_site_feed_all(client, person):
    news(language="en", title="English post")
    news(language="ru", title="Русская новость")
    english = [e.title for e in parsed(client, "/en/news/feed.rss").entries]
    russian = [e.title for e in parsed(client, "/ru/news/feed.rss").entries]
    every = [e.title for e in parsed(client, "/en/news/feed-all-languages.rss").entries]
    assert english == ["English post"] and russian == ["Русская новость"]
    assert set(every) == {"English post", "Русская новость"}


def test_feeds_leave_out_drafts_and_hidden_records(client, person):
    news(title="Draft post", published=False)
    f.event(person, "transfer", recent())  # a draft event
    hidden = f.sourced(f.PersonFactory())
    f.published(f.event(hidden, "release", recent()))
    assert parsed(client, "/en/news/feed.rss").entries == []
    assert client.get(f"/en/people/{hidden.slug}/feed.rss").status_code == 404
    assert client.get("/en/regions/no-such-region/feed.rss").status_code == 404
    assert client.get("/en/news/days/2026-13-45/feed.rss").status_code == 404


def test_a_person_feed_names_the_facility_only_when_public(client, person):
    draft_facility = f.FacilityFactory(name_en="Secret SIZO")
    f.published(f.event(person, "transfer", recent(), facility=draft_facility))
    feed = parsed(client, f"/en/people/{person.slug}/feed.rss")
    assert len(feed.entries) == 1
    assert "Secret SIZO" not in client.get(f"/en/people/{person.slug}/feed.rss").content.decode()


def test_an_action_day_feed_has_the_news_about_that_days_actions(client, person):
    from unheard.actions.models import Action

    day = recent(3)
    action = f.published(
        Action.objects.create(slug="day", title="Day of action", kind="other", starts_on=day)
    )
    news(title="Letters written on the day", actions=[action])
    news(title="Something else")
    feed = parsed(client, f"/en/news/days/{day.isoformat()}/feed.atom")
    assert [e.title for e in feed.entries] == ["Letters written on the day"]


def test_two_updates_of_the_same_kind_are_told_apart_by_their_date(client, person):
    """Walk P5: two items titled "Azat Miftakhov: detention"."""
    for days in (3, 400):
        f.published(f.event(person, "transfer", recent(days), facility=person.current_facility))
    titles = [entry.title for entry in parsed(client, f"/en/people/{person.slug}/feed.rss").entries]
    assert len(titles) == 2 and len(set(titles)) == 2
    assert all(title.startswith(f"{person.display_name}: transfer, ") for title in titles)
