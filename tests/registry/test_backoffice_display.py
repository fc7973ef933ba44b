"""What the back office shows an editor (walk B4, B5, B6, B9): the history's word-by-word diff
without computed fields, the release computation as words, one message after a kept change, the
zone of the times."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests import factories as f
from tests.registry.test_admin_roles import AdminPost
from unheard.core.textdiff import inline_diff
from unheard.registry import review, services
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db

LONG = " ".join(f"word{n}" for n in range(60))


@pytest.fixture
def editor(make_staff):
    return make_staff("editor1", "editor")


@pytest.fixture
def person():
    return f.published(f.sourced(f.PersonFactory(display_name_en="Test Person")))


def change_url(person) -> str:
    return reverse("admin:registry_person_change", args=[person.pk])


def history_table(client, person) -> str:
    response = client.get(reverse("admin:registry_person_history", args=[person.pk]))
    return response.content.decode().split('id="change-history"')[1].split("</table>")[0]


def test_an_edit_at_the_end_of_a_long_text_shows_the_changed_words(client, person, editor):
    services.person_update(person=person, data={"summary_en": LONG}, acting_user=editor)
    services.person_update(
        person=person, data={"summary_en": LONG + " <b>added</b>"}, acting_user=editor
    )
    client.force_login(editor)

    table = history_table(client, person)

    assert "<ins> &lt;b&gt;added&lt;/b&gt;</ins>" in table
    assert "… word52 word53" in table  # the unchanged start is shortened to the change's context
    assert "word1 word2" not in table


def test_computed_release_fields_are_not_an_editors_change():
    older = {"summary_en": "Old.", "expected_release": None, "release_computation": {}}
    newer = {
        "summary_en": "New.",
        "expected_release": dt.date(2027, 9, 3),
        "release_computation": {"date": "2027-09-03", "precision": "day"},
    }

    rows = review.version_changes(Person, older, newer)

    assert [(row.label, row.old, row.new) for row in rows] == [("summary [en]", "Old.", "New.")]


def test_the_inline_diff_escapes_and_marks_both_sides():
    assert inline_diff("a <i> b", "a <u> b") == "a<del> &lt;i&gt;</del><ins> &lt;u&gt;</ins> b"


def test_the_person_form_shows_the_release_computation_as_words(client, person, editor):
    Person.objects.filter(pk=person.pk).update(
        expected_release=dt.date(2027, 9, 3),
        release_computation={
            "date": "2027-09-03",
            "precision": "month",
            "credit_ratio": "1",
            "assumptions": ["forced_labour_credit"],
        },
    )
    client.force_login(editor)

    html = client.get(change_url(person)).content.decode()

    assert '"precision"' not in html and "credit_ratio" not in html
    assert "September 2027 (precision: month)" in html
    assert "One day in custody counts as two days of forced labour" in html


def test_a_kept_change_gives_one_message_and_stays_on_the_page(client, person, editor):
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person))).set(summary_en="A kept summary.")

    response = client.post(change_url(person), post.data)

    assert response.status_code == 302 and response.url == change_url(person)
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert len(shown) == 1 and shown[0].startswith("Your changes are kept for review")
    page = client.get(response.url).content.decode()
    assert "Submit for review" in page


def test_back_office_pages_name_the_zone_of_their_times(client, person, editor):
    services.person_update(person=person, data={"summary_en": "Changed."}, acting_user=editor)
    client.force_login(editor)

    home = client.get(reverse("admin:index")).content.decode()
    history = history_table(client, person)

    assert "Times in Europe/Moscow (UTC+03:00)" in home
    assert "Europe/Moscow (UTC+03:00)" in history
