"""The translators' dashboard: who may see it, what it shows, marking a field reviewed."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from unheard.core.models import TranslationState

pytestmark = pytest.mark.django_db


def dashboard(lang="en"):
    with translation.override(lang):
        return reverse("registry:translation_dashboard")


def mark_url():
    with translation.override("en"):
        return reverse("registry:translation_mark")


@pytest.fixture
def person():
    return f.published(
        f.sourced(
            f.PersonFactory(display_name_en="Anna Example", summary_en="Text.", summary_fr="")
        )
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(dashboard())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.post(mark_url(), {}).status_code == 302


def test_staff_without_a_translating_role_are_refused(client, make_staff):
    # Every role changes some tracked record now (organisers their actions and petitions,
    # moderators the letter rules): a staff account with no role changes none.
    client.force_login(make_staff("olga"))
    assert client.get(dashboard()).status_code == 403
    assert client.post(mark_url(), {}).status_code == 403


def test_non_staff_users_are_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("visitor", password="pw"))
    assert client.get(dashboard()).status_code == 403


@pytest.mark.parametrize("lang", ["ru", "en", "de", "fr"])
def test_translators_see_coverage_and_queue(client, make_staff, person, lang):
    client.force_login(make_staff("tina", "translator"))
    response = client.get(dashboard(lang), {"language": "fr"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna Example" in content
    assert "#id_summary_fr" in content
    assert 'name="robots" content="noindex"' in content


def test_editors_may_use_it_too(client, make_staff, person):
    client.force_login(make_staff("eddie", "editor"))
    assert client.get(dashboard()).status_code == 200


def test_the_nav_link_shows_only_for_translators(client, make_staff):
    home = reverse("registry:home")
    assert dashboard() not in client.get(home).content.decode()
    client.force_login(make_staff("tina", "translator"))
    assert dashboard() in client.get(home).content.decode()


def test_marking_reviewed_from_the_draft_queue(client, make_staff, person):
    translator = make_staff("tina", "translator")
    client.force_login(translator)
    drafts = client.get(dashboard(), {"state": "draft", "language": "en"}).content.decode()
    assert "Mark the English text reviewed" in drafts
    response = client.post(
        mark_url(),
        {
            "record": "registry.person",
            "id": str(person.pk),
            "field": "summary",
            "language": "en",
            "state": "reviewed",
            "next": dashboard() + "?state=draft",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == dashboard() + "?state=draft"
    assert "The translation state was saved." in response.content.decode()
    stored = TranslationState.objects.get()
    assert (stored.state, stored.updated_by) == ("reviewed", translator)
    reviewed = client.get(dashboard(), {"state": "reviewed"}).content.decode()
    assert "Return the English text to draft" in reviewed


@pytest.mark.parametrize(
    "data",
    [
        {
            "record": "auth.user",
            "id": "1",
            "field": "summary",
            "language": "en",
            "state": "reviewed",
        },
        {"record": "registry.person", "id": "999999", "field": "summary", "language": "en"},
        {"record": "registry.person", "id": "9" * 40, "field": "summary", "language": "en"},
        {"record": "registry.person", "id": "abc", "field": "summary", "language": "en"},
        {"record": "registry.person", "id": "PK", "field": "internal_notes", "language": "en"},
        {"record": "registry.person", "id": "PK", "field": "summary", "language": "fr"},
        {
            "record": "registry.person",
            "id": "PK",
            "field": "summary",
            "language": "en",
            "state": "x",
        },
    ],
)
def test_bad_marks_are_refused_with_a_message(client, make_staff, person, data):
    client.force_login(make_staff("tina", "translator"))
    data = {k: v.replace("PK", str(person.pk)) for k, v in data.items()}
    data.setdefault("state", "reviewed")
    data["next"] = "https://evil.example/"
    response = client.post(mark_url(), data)
    assert response.status_code == 302
    assert response["Location"] == dashboard()  # never to another site
    assert not TranslationState.objects.exists()


def test_marking_needs_post(client, make_staff):
    client.force_login(make_staff("tina", "translator"))
    assert client.get(mark_url()).status_code == 405
