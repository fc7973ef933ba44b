"""The demo news: each story in ru, en, de and fr, sourced from a seed, linked, dated, public."""

import pytest

from unheard.funds.demo_loader import demo_load as funds_demo_load
from unheard.publishing import selectors
from unheard.publishing.demo_loader import demo_load as news_demo_load
from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_news_in_four_languages_linked_to_the_demo_records(client):
    demo_load()
    funds_demo_load()
    assert news_demo_load().created == {"news posts": 8}
    posts = list(selectors.news_public())
    assert sorted({post.language for post in posts}) == ["de", "en", "fr", "ru"]
    assert all(post.published_at and post.sources.exists() for post in posts)
    picket = [post for post in posts if post.people.filter(slug="julian-boyarshinov").exists()]
    assert len(picket) == 4 and all(post.cases.get().slug == "network-case" for post in picket)
    memorial = [post for post in posts if post.campaigns.exists()]
    assert len(memorial) == 4 and all("754" in post.lead for post in memorial)
    page = client.get("/de/people/julian-boyarshinov/").content.decode()
    assert "Freitags-Mahnwache" in page
    assert news_demo_load().created == {}, "loading again updates in place"
    assert client.get("/api/v1/news?lang=fr").json()["count"] == 2
