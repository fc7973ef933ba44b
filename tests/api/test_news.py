"""The news routes: published posts in the answer's language; links and images only when public."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f
from tests.publishing.conftest import news, person  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_the_list_holds_published_posts_in_the_answers_language(client):
    news(language="en", title="Hearing postponed")
    news(language="de", title="Verhandlung vertagt")
    news(language="en", title="Draft news", published=False)
    answer = client.get("/api/v1/news").json()
    assert [item["title"] for item in answer["results"]] == ["Hearing postponed"]
    assert answer["count"] == 1
    german = client.get("/api/v1/news?lang=de").json()["results"]
    assert [item["title"] for item in german] == ["Verhandlung vertagt"]
    assert german[0]["url"].startswith("/de/news/")
    assert client.get("/api/v1/news?lang=es").json()["error"]["code"] == "unknown_language"


def test_a_post_with_its_public_links_only(client, person):  # noqa: F811
    hidden = f.PersonFactory(display_name_en="Hidden draft person")
    post = news(people=[person, hidden], cases=list(person.cases.all()))
    answer = client.get(f"/api/v1/news/{post.slug}").json()
    assert answer["body"] == "<p>The court <strong>postponed</strong> the hearing.</p>"
    assert [p["slug"] for p in answer["people"]] == [person.slug]
    assert len(answer["cases"]) == 1 and answer["actions"] == [] and answer["sources"] == []
    assert "Hidden draft person" not in str(answer)


def test_an_image_only_with_consent(client):
    post = news()
    post.image = SimpleUploadedFile("court.png", b"\x89PNG fake", content_type="image/png")
    post.image_credit = "Photographer"
    post.save()
    assert client.get(f"/api/v1/news/{post.slug}").json()["image"] is None
    post.image_consent = True
    post.save()
    assert client.get(f"/api/v1/news/{post.slug}").json()["image"]["credit"] == "Photographer"


def test_a_draft_or_unknown_post_is_not_found(client):
    draft = news(published=False)
    for slug in (draft.slug, "no-such-post"):
        answer = client.get(f"/api/v1/news/{slug}")
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "not_found"
