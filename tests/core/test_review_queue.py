"""The review queue and the home's count of what waits for review (`core.review_queue`): one
selector answers both; changes to published people wait there beside new records (walk B1, B2);
a record in review is approved from its own change page (walk B10)."""

import re

import pytest
from django.urls import reverse

from tests import factories as f
from tests.actions.conftest import make_action
from tests.core.test_admin_home import sections, waiting
from unheard.core import review_queue
from unheard.core.models import PublicationState
from unheard.registry import review
from unheard.registry.review_models import ReviewUnit

pytestmark = pytest.mark.django_db

WAITING = "Records waiting for your review"


@pytest.fixture
def editor(make_staff):
    return make_staff("editor1", "editor")


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer1", "reviewer")


@pytest.fixture
def submitted_change(editor):
    """A change to a published person, submitted for review by an editor."""
    person = f.published(f.sourced(f.PersonFactory(display_name_en="Vera Published")))
    unit = review.change_propose(
        record=person, data={"summary_en": "A new summary."}, acting_user=editor
    )
    return review.unit_submit(unit=unit, acting_user=editor)


def queue(client) -> str:
    response = client.get(reverse("admin:review_queue"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_submitted_change_waits_in_the_queue_and_on_the_home(client, reviewer, submitted_change):
    client.force_login(reviewer)

    html = queue(client)

    assert "Vera Published" in html
    assert "editor1" in html
    assert reverse("admin:registry_reviewunit_change", args=[submitted_change.pk]) in html
    assert reverse("admin:registry_reviewunit_approve", args=[submitted_change.pk]) in html
    assert reverse("admin:registry_reviewunit_return", args=[submitted_change.pk]) in html
    assert waiting(client)[WAITING] == 1


def test_the_change_is_approved_from_the_queue(client, reviewer, submitted_change):
    client.force_login(reviewer)
    approve = reverse("admin:registry_reviewunit_approve", args=[submitted_change.pk])

    response = client.post(approve, {"next": reverse("admin:review_queue")})

    assert response.status_code == 302
    submitted_change.refresh_from_db()
    assert submitted_change.state == ReviewUnit.State.APPROVED
    assert approve not in queue(client)
    assert waiting(client)[WAITING] == 0


def test_its_editor_sees_it_waiting_for_another_reviewer(client, editor, submitted_change):
    client.force_login(editor)

    html = queue(client)

    assert "Vera Published" in html
    assert "Another reviewer decides" in html
    assert reverse("admin:registry_reviewunit_approve", args=[submitted_change.pk]) not in html


def test_the_home_counts_what_the_queue_lists_for_the_user(client, make_staff, submitted_change):
    editor = submitted_change.submitted_by
    make_action(
        slug="walker-letter-evening",
        title_en="Walker letter evening",
        publication_state=PublicationState.IN_REVIEW,
        submitted_by=editor,
    )
    f.PersonFactory(
        display_name_en="Anna New",
        publication_state=PublicationState.IN_REVIEW,
        submitted_by=editor,
    )
    admin = make_staff("admin1", "admin")
    client.force_login(admin)

    html = queue(client)
    decidable = sum(
        item.may_decide for group in review_queue.review_groups(admin) for item in group.items
    )

    assert "Walker letter evening" in html and "Anna New" in html and "Vera Published" in html
    assert decidable == 3
    assert waiting(client)[WAITING] == 3


def test_changes_in_review_are_in_the_registry_section_for_reviewers(client, reviewer):
    client.force_login(reviewer)

    html = client.get(reverse("admin:index")).content.decode()
    registry = html.split('id="content-main"', 1)[1].split("</table>", 1)[0]

    assert "Changes in review" in registry
    assert not any(name.endswith("(technical)") for name in sections(client))


def test_a_proposed_action_is_approved_from_its_change_page(client, make_staff):
    proposer = make_staff("organiser1", "organiser")
    action = make_action(
        title_en="Walker letter evening",
        publication_state=PublicationState.IN_REVIEW,
        submitted_by=proposer,
    )
    client.force_login(make_staff("admin1", "admin"))
    page = reverse("admin:actions_action_change", args=[action.pk])
    publish = reverse("admin:actions_action_publication", args=[action.pk, "publish"])

    html = client.get(page).content.decode()
    response = client.post(publish)

    assert re.search(rf'<form method="post" action="{re.escape(publish)}"', html)
    assert response.status_code == 302 and response.url == page
    action.refresh_from_db()
    assert action.publication_state == PublicationState.PUBLISHED


def test_a_publication_step_is_refused_on_get_and_without_the_permission(client, make_staff):
    action = make_action(publication_state=PublicationState.IN_REVIEW)
    publish = reverse("admin:actions_action_publication", args=[action.pk, "publish"])
    client.force_login(make_staff("admin1", "admin"))
    assert client.get(publish).status_code == 403

    client.force_login(make_staff("editor1", "editor"))
    response = client.post(publish)

    action.refresh_from_db()
    assert response.status_code in (302, 403)
    assert action.publication_state == PublicationState.IN_REVIEW
