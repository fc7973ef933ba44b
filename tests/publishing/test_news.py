import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from tests import factories as f
from tests.publishing.conftest import news
from unheard.core.audit import AuditEntry
from unheard.publishing import services
from unheard.publishing.models import NewsPost

pytestmark = pytest.mark.django_db

BAD_BODIES = [
    "<p>Hi</p><script>alert(1)</script>",
    '<p>Hi <img src="https://tracker.example.net/pixel.gif"></p>',
    '<p onclick="steal()">Hi</p>',
    '<a href="javascript:alert(1)">Hi</a>',
    '<iframe src="https://example.net/"></iframe>',
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_a_body_with_scripts_or_remote_images_is_refused_and_nothing_is_written(body):
    data = {"language": "en", "title": "T", "slug": "t", "body": body}
    with pytest.raises(ValidationError) as error:
        services.news_post_create(data=data, acting_user=None)
    assert "body" in error.value.message_dict
    assert "news posts may not hold" in error.value.message_dict["body"][0]
    assert not NewsPost.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_body_is_cleaned_to_the_allowed_tags():
    data = {
        "language": "en",
        "title": "T",
        "slug": "t",
        "body": '<p class="x">A <u>b</u> <a href="https://example.org/">link</a></p>',
    }
    post = services.news_post_create(data=data, acting_user=None)
    assert post.body == (
        '<p>A b <a href="https://example.org/" rel="noopener noreferrer nofollow">link</a></p>'
    )
    assert AuditEntry.objects.get().action == "news_post_create"


def test_an_image_needs_its_credit():
    data = {"language": "en", "title": "T", "slug": "t", "image": "news/x.jpg"}
    with pytest.raises(ValidationError) as error:
        services.news_post_create(data=data, acting_user=None)
    assert "image_credit" in error.value.message_dict


def test_news_goes_through_review_like_the_registry(make_staff):
    editor, reviewer = make_staff("ed", "editor"), make_staff("rev", "editor")
    post = services.news_post_create(
        data={"language": "en", "title": "T", "slug": "t", "sources": [f.SourceFactory()]},
        acting_user=editor,
    )
    from unheard.core import publication

    publication.record_submit(record=post, acting_user=editor)
    with pytest.raises(ValidationError):
        publication.record_publish(record=post, acting_user=editor)
    publication.record_publish(record=post, acting_user=reviewer)
    assert NewsPost.objects.public().get() == post


def test_the_news_list_shows_published_posts_of_its_language_and_record_updates(client, person):
    shown = news(language="en", people=[person])
    news(language="ru")
    draft = news(language="en", published=False, title="Draft news")
    f.published(f.event(person, "transfer", f.TODAY, facility=person.current_facility))
    page = client.get("/en/news/").content.decode()
    assert shown.title in page and draft.title not in page
    assert "Hearing postponed (ru)" not in page
    assert "Transfer" in page and person.display_name in page
    assert client.get(f"/en/news/{draft.slug}/").status_code == 404


def test_a_post_page_has_opengraph_and_links_only_public_records(client, person):
    hidden = f.PersonFactory()
    post = news(people=[person, hidden])
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in page
    assert f'<meta property="og:title" content="{post.title}">' in page
    assert person.display_name in page and hidden.display_name not in page
    assert client.get(f"/de/news/{post.slug}/")["Location"] == post.get_absolute_url()


def test_an_image_without_consent_is_not_shown(client):
    post = news()
    NewsPost.objects.filter(pk=post.pk).update(image="news/secret.jpg", image_credit="Someone")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "secret.jpg" not in page and "Someone" not in page


def test_the_image_file_is_served_only_with_consent_on_a_published_post(client):
    post = news()
    post.image.save("photo.jpg", ContentFile(b"\xff\xd8 image"), save=False)
    NewsPost.objects.filter(pk=post.pk).update(image=post.image.name, image_credit="Someone")
    assert "photo" not in post.image.name  # a random name, not the uploaded one
    assert client.get(post.image.url).status_code == 404
    NewsPost.objects.filter(pk=post.pk).update(image_consent=True)
    response = client.get(post.image.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8 image"
    NewsPost.objects.filter(pk=post.pk).update(publication_state="draft")
    assert client.get(post.image.url).status_code == 404


def test_news_and_the_follow_form_on_person_and_case_pages(client, person):
    post = news(people=[person])
    page = client.get(person.get_absolute_url()).content.decode()
    assert post.title in page
    assert f"/en/people/{person.slug}/feed.rss" in page
    assert 'name="scope" value="person"' in page
    case = person.case_links.get().case
    case_page = client.get(case.get_absolute_url()).content.decode()
    assert 'name="scope" value="case"' in case_page and post.title not in case_page


def test_without_a_post_the_news_page_does_not_promise_news_from_the_group(client, person):
    """Walk P6."""
    f.published(f.event(person, "transfer", f.TODAY, facility=person.current_facility))
    page = client.get("/en/news/").content.decode()
    assert "News from our group" not in page and "What changed in the record" in page
    news(language="en", people=[person])
    assert "News from our group" in client.get("/en/news/").content.decode()


def test_news_and_opengraph_on_action_and_campaign_pages(client, person):
    from tests.funds.conftest import make_campaign
    from unheard.actions.models import Action

    action = f.published(
        Action.objects.create(slug="day", title="Day of letters", kind="other", starts_on=f.TODAY)
    )
    campaign = make_campaign(title="Legal aid for the defendants")
    post = news(title="Letters and legal aid", actions=[action], campaigns=[campaign])
    for record, title in ((action, "Day of letters"), (campaign, "Legal aid for the defendants")):
        page = client.get(record.get_absolute_url()).content.decode()
        assert post.title in page, record
        assert f'<meta property="og:title" content="{title}">' in page
        assert '<meta property="og:url"' in page
