"""The publication workflow and its review rule (unheard.core.publication)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories as f
from unheard.core.models import PublicationState
from unheard.core.publication import record_publish, record_return_to_draft, record_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_with_charge():
    person, case = f.PersonFactory(), f.CaseFactory()
    f.defendant(person, case)
    charge = f.charge(person, case)
    return f.sourced(person), f.sourced(charge)


def test_submit_then_second_editor_publishes(person_with_charge, make_staff):
    person, charge = person_with_charge
    author = make_staff("author", "editor")
    reviewer = make_staff("reviewer", "reviewer")
    record_submit(record=person, acting_user=author)
    charge.refresh_from_db()
    assert (person.publication_state, charge.publication_state) == ("in_review",) * 2
    record_publish(record=person, acting_user=reviewer)
    person.refresh_from_db()
    charge.refresh_from_db()
    assert person.publication_state == charge.publication_state == PublicationState.PUBLISHED
    assert person.published_by == reviewer and person.published_at is not None


def test_the_submitter_cannot_approve_their_own_work(person_with_charge, make_staff):
    person, _ = person_with_charge
    editor = make_staff("both", "editor", "reviewer")
    record_submit(record=person, acting_user=editor)
    with pytest.raises(ValidationError, match="second editor"):
        record_publish(record=person, acting_user=editor)
    person.refresh_from_db()
    assert person.publication_state == PublicationState.IN_REVIEW


def test_without_the_rule_a_reviewer_publishes_a_draft_directly(
    person_with_charge, make_staff, settings
):
    settings.UNHEARD_REQUIRE_SECOND_APPROVAL = False
    person, _ = person_with_charge
    record_publish(record=person, acting_user=make_staff("solo", "reviewer"))
    person.refresh_from_db()
    assert person.is_published


def test_unsourced_facts_block_publication_and_nothing_changes(person_with_charge, make_staff):
    person, charge = person_with_charge
    charge.sources.clear()
    record_submit(record=person, acting_user=make_staff("a", "editor"))
    with pytest.raises(ValidationError) as error:
        record_publish(record=person, acting_user=make_staff("b", "reviewer"))
    assert "cites no source" in " ".join(error.value.messages)
    person.refresh_from_db()
    charge.refresh_from_db()
    assert person.publication_state == charge.publication_state == PublicationState.IN_REVIEW


def test_only_reviewers_publish(person_with_charge, make_staff):
    person, _ = person_with_charge
    record_submit(record=person, acting_user=make_staff("a", "editor"))
    with pytest.raises(PermissionDenied):
        record_publish(record=person, acting_user=make_staff("t", "translator"))


def test_a_fact_added_later_stays_draft_until_reviewed(person_with_charge, make_staff):
    person, charge = person_with_charge
    editor, reviewer = make_staff("a", "editor"), make_staff("b", "reviewer")
    record_submit(record=person, acting_user=editor)
    record_publish(record=person, acting_user=reviewer)
    late = f.sourced(f.charge(person, charge.case, number="205.5"))
    assert late.publication_state == PublicationState.DRAFT
    record_submit(record=person, acting_user=editor)
    record_publish(record=person, acting_user=reviewer)
    late.refresh_from_db()
    assert late.is_published


def test_unpublish_returns_to_draft(person_with_charge, make_staff):
    person, _ = person_with_charge
    reviewer = make_staff("b", "reviewer")
    record_submit(record=person, acting_user=make_staff("a", "editor"))
    record_publish(record=person, acting_user=reviewer)
    record_return_to_draft(record=person, acting_user=reviewer)
    person.refresh_from_db()
    assert person.publication_state == PublicationState.DRAFT


def test_each_transition_is_recorded_in_history(person_with_charge, make_staff):
    from reversion.models import Version

    person, _ = person_with_charge
    editor = make_staff("a", "editor")
    record_submit(record=person, acting_user=editor)
    versions = Version.objects.get_for_object(person)
    assert versions.count() == 1
    assert versions[0].revision.user == editor
    assert versions[0].revision.get_comment() == "Submitted for review"
