"""Review of changes to published records (issue 10, items 1–3 and "Bad input"): a change waits
in a review unit while the public reads the live rows; approve, return, history and revert."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from tests import factories as f
from tests.registry.test_admin_roles import AdminPost
from unheard.core.models import AuditEntry, PublicationState
from unheard.registry import review, services
from unheard.registry.models import CaseDefendant, Charge, Person
from unheard.registry.review_models import ReviewUnit

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT


@pytest.fixture
def editor(make_staff):
    user = make_staff("editor", "editor")
    user.email = "editor@example.org"
    user.save()
    return user


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer", "reviewer")


@pytest.fixture
def person():
    """A published, sourced person with a published, sourced charge in a published case."""
    person = f.published(f.sourced(f.PersonFactory(summary_en="Old summary.")))
    case = f.published(f.sourced(f.CaseFactory()))
    f.defendant(person, case)
    f.published(f.sourced(f.charge(person, case)))
    return person


def public_summary(client, person) -> str:
    response = client.get(reverse("registry:person_detail", args=[person.slug]))
    assert response.status_code == 200
    return response.content.decode()


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def submitted(unit, user):
    return review.unit_submit(unit=unit, acting_user=user)


# --- Drafts of published records --------------------------------------------------------------


def test_admin_change_to_a_published_person_waits_for_review(client, person, editor):
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person))).set(summary_en="New summary.")
    response = client.post(change_url(person), post.data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.summary_en == "Old summary."
    assert person.publication_state == PUBLISHED
    unit = review.unit_open(person)
    assert unit.state == ReviewUnit.State.DRAFT
    assert unit.changes[0]["fields"] == {"summary_en": "New summary."}
    assert list(unit.authors.all()) == [editor]
    client.logout()
    assert "Old summary." in public_summary(client, person)
    assert "New summary." not in public_summary(client, person)

    client.force_login(editor)
    page = client.get(change_url(person)).content.decode()
    assert "This page has unpublished changes." in page
    assert "New summary." in page  # the form shows the proposed text


def test_proposing_the_live_value_again_withdraws_the_field(person, editor):
    review.change_propose(record=person, data={"summary_en": "New."}, acting_user=editor)
    unit = review.change_propose(
        record=person, data={"summary_en": "Old summary."}, acting_user=editor
    )
    assert unit.changes == []


def test_a_bad_proposal_is_refused_and_nothing_is_kept(person, editor):
    with pytest.raises(ValidationError):
        review.change_propose(record=person, data={"slug": "not a slug!"}, acting_user=editor)
    assert not ReviewUnit.objects.exists()


def test_without_second_approval_changes_go_live_at_once(client, settings, person, editor):
    settings.UNHEARD_REQUIRE_SECOND_APPROVAL = False
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person))).set(summary_en="At once.")
    assert client.post(change_url(person), post.data).status_code == 302
    assert Person.objects.get(pk=person.pk).summary_en == "At once."
    assert not ReviewUnit.objects.exists()


# --- Review with a diff -----------------------------------------------------------------------


def test_approval_publishes_the_change_and_the_new_case_and_charge(
    client, person, editor, reviewer
):
    source = f.SourceFactory(title="Court press release")
    new_case = services.case_create(
        data={"name_en": "Second case", "slug": "second-case", "sources": [source]},
        acting_user=editor,
    )
    services.defendant_add(person=person, data={"case": new_case}, acting_user=editor)
    charge = services.charge_add(
        person=person,
        data={"case": new_case, "article": f.ArticleFactory(number="280.3"), "sources": [source]},
        acting_user=editor,
    )
    review.change_propose(record=person, data={"summary_en": "New summary."}, acting_user=editor)
    unit = submitted(review.unit_touch(record=person, acting_user=editor), editor)
    assert unit.state == ReviewUnit.State.IN_REVIEW

    diff = review.unit_diff(unit)
    kinds = [(d.kind, d.model_name) for d in diff]
    assert (
        ("changed", "person") in kinds and ("new", "case") in kinds and ("new", "charge") in kinds
    )
    summary = next(d for d in diff if d.kind == "changed").rows[0]
    assert (summary.label, summary.old, summary.new) == (
        "summary [en]",
        "Old summary.",
        "New summary.",
    )
    assert "Second case" not in public_summary(client, person)

    client.force_login(reviewer)
    queue = client.get(reverse("admin:registry_reviewunit_changelist")).content.decode()
    assert "Old summary." in queue and "New summary." in queue and "Court press release" in queue
    response = client.post(reverse("admin:registry_reviewunit_approve", args=[unit.pk]))
    assert response.status_code == 302

    page = public_summary(client, person)
    assert "New summary." in page and "Second case" in page
    charge.refresh_from_db()
    new_case.refresh_from_db()
    assert charge.publication_state == new_case.publication_state == PUBLISHED
    unit.refresh_from_db()
    assert (unit.state, unit.decided_by) == (ReviewUnit.State.APPROVED, reviewer)
    assert AuditEntry.objects.filter(action="review_approve", acting_user=reviewer).count() == 1
    latest = Version.objects.get_for_object(person).first()
    assert latest.revision.get_comment() == "Changes by editor, approved by reviewer"
    assert latest.field_dict["summary_en"] == "New summary."


def test_the_list_action_leaves_a_units_facts_to_the_review_queue(client, person, editor, reviewer):
    """Publishing a person's facts in review from the list would skip the unit's other changes."""
    charge = services.charge_add(
        person=person,
        data={
            "case": person.cases.get(),
            "article": f.ArticleFactory(number="280.3"),
            "sources": [f.SourceFactory()],
        },
        acting_user=editor,
    )
    review.change_propose(record=person, data={"summary_en": "New summary."}, acting_user=editor)
    submitted(review.unit_touch(record=person, acting_user=editor), editor)
    Charge.objects.filter(pk=charge.pk).update(publication_state=PublicationState.IN_REVIEW)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:registry_person_changelist"),
        {"action": "publish", "_selected_action": [person.pk]},
        follow=True,
    )
    charge.refresh_from_db()
    assert charge.publication_state == PublicationState.IN_REVIEW
    assert "approve them there" in response.content.decode()


def test_a_reviewer_cannot_approve_their_own_change(person, reviewer):
    review.change_propose(record=person, data={"summary_en": "Mine."}, acting_user=reviewer)
    unit = submitted(review.unit_open(person), reviewer)
    with pytest.raises(ValidationError, match="cannot approve it yourself"):
        review.unit_approve(unit=unit, acting_user=reviewer)
    assert Person.objects.get(pk=person.pk).summary_en == "Old summary."


def test_a_change_to_a_published_fact_and_its_deletion_wait_too(client, person, editor, reviewer):
    charge = person.charges.get()
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person)))
    prefix = post.formsets[Charge].prefix
    post.data[f"{prefix}-0-part"] = "2"
    assert client.post(change_url(person), post.data).status_code == 302
    charge.refresh_from_db()
    assert charge.part == ""
    unit = review.unit_open(person)
    assert unit.changes[0]["fields"] == {"part": "2"}

    alias = services.alias_add(person=person, data={"name": "Ivan T."}, acting_user=None)
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person)))
    prefix = post.formsets[type(alias)].prefix
    post.data[f"{prefix}-0-DELETE"] = "on"
    assert client.post(change_url(person), post.data).status_code == 302
    assert person.aliases.count() == 1
    submitted(review.unit_open(person), editor)
    review.unit_approve(unit=review.unit_open(person), acting_user=reviewer)
    assert Charge.objects.get(pk=charge.pk).part == "2"
    assert person.aliases.count() == 0


def test_return_with_a_comment_tells_the_editor_by_email_and_in_the_back_office(
    client, smtp_server, django_capture_on_commit_callbacks, person, editor, reviewer
):
    review.change_propose(record=person, data={"summary_en": "Hasty."}, acting_user=editor)
    unit = submitted(review.unit_open(person), editor)
    client.force_login(reviewer)
    url = reverse("admin:registry_reviewunit_return", args=[unit.pk])

    with pytest.raises(ValidationError, match="Say what should change"):
        review.unit_return(unit=unit, acting_user=reviewer, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        response = client.post(url, {"comment": "Cite the court's decision."})
    assert response.status_code == 302

    unit.refresh_from_db()
    assert (unit.state, unit.comment) == (ReviewUnit.State.DRAFT, "Cite the court's decision.")
    assert Person.objects.get(pk=person.pk).summary_en == "Old summary."
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "editor@example.org"
    assert "Cite the court's decision." in smtp_server.body(message)
    client.force_login(editor)
    page = client.get(change_url(person)).content.decode()
    assert "Returned by reviewer" in page and "Cite the court&#x27;s decision." in page


# --- Bad input --------------------------------------------------------------------------------


def test_approving_with_an_unsourced_fact_names_it_and_publishes_nothing(person, editor, reviewer):
    case = person.case_links.get().case
    services.charge_add(
        person=person,
        data={"case": case, "article": f.ArticleFactory(number="212")},
        acting_user=editor,
    )
    review.change_propose(record=person, data={"summary_en": "New."}, acting_user=editor)
    unit = submitted(review.unit_open(person), editor)

    with pytest.raises(ValidationError) as error:
        review.unit_approve(unit=unit, acting_user=reviewer)

    assert any(
        "212" in message and "cites no source" in message for message in error.value.messages
    )
    person.refresh_from_db()
    assert person.summary_en == "Old summary."
    assert person.charges.filter(publication_state=PUBLISHED).count() == 1
    assert ReviewUnit.objects.get(pk=unit.pk).state == ReviewUnit.State.IN_REVIEW


def test_approving_twice_publishes_once(person, editor, reviewer, make_staff):
    review.change_propose(record=person, data={"summary_en": "Once."}, acting_user=editor)
    unit = submitted(review.unit_open(person), editor)
    review.unit_approve(unit=unit, acting_user=reviewer)
    with pytest.raises(ValidationError, match="no longer in review"):
        review.unit_approve(unit=unit, acting_user=make_staff("second", "reviewer"))
    assert AuditEntry.objects.filter(action="person_update").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_the_same_moment_publish_once(make_staff):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the row lock is exercised on PostgreSQL")
    editor = make_staff("editor", "editor")
    reviewers = [make_staff(f"reviewer{n}", "reviewer") for n in range(2)]
    person = f.published(f.sourced(f.PersonFactory(summary_en="Old summary.")))
    review.change_propose(record=person, data={"summary_en": "Once."}, acting_user=editor)
    unit = submitted(review.unit_open(person), editor)
    start, outcomes = threading.Barrier(2), []

    def approve(user):
        start.wait()
        try:
            review.unit_approve(unit=unit, acting_user=user)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert AuditEntry.objects.filter(action="person_update").count() == 1


def test_a_revert_of_a_record_changed_since_is_refused(person, editor, reviewer, settings):
    services.person_update(person=person, data={"summary_en": "First."}, acting_user=editor)
    services.person_update(person=person, data={"summary_en": "Second."}, acting_user=editor)
    first = Version.objects.get_for_object(person).last()
    unit = review.revert_propose(record=person, version=first, acting_user=editor)
    assert unit.kind == ReviewUnit.Kind.REVERT
    submitted(unit, editor)
    settings.UNHEARD_REQUIRE_SECOND_APPROVAL = False
    services.person_update(person=person, data={"summary_en": "Third."}, acting_user=editor)
    settings.UNHEARD_REQUIRE_SECOND_APPROVAL = True

    with pytest.raises(ValidationError, match="changed since this revert was proposed"):
        review.unit_approve(unit=unit, acting_user=reviewer)
    assert Person.objects.get(pk=person.pk).summary_en == "Third."


def test_changes_to_a_deleted_record_are_discarded_with_a_notice(
    client, person, editor, reviewer, admin_user
):
    review.change_propose(record=person, data={"summary_en": "Lost."}, acting_user=editor)
    unit = submitted(review.unit_open(person), editor)
    services.record_delete(record=Person.objects.get(pk=person.pk), acting_user=admin_user)

    notices = review.unit_approve(unit=unit, acting_user=reviewer)

    assert notices == [
        f"“{unit.record_repr}” was deleted; its changes waiting for review were discarded."
    ]
    assert ReviewUnit.objects.get(pk=unit.pk).state == ReviewUnit.State.DISCARDED


def test_the_queue_discards_units_of_deleted_records(client, person, editor, reviewer, admin_user):
    review.change_propose(record=person, data={"summary_en": "Lost."}, acting_user=editor)
    services.record_delete(record=Person.objects.get(pk=person.pk), acting_user=admin_user)
    client.force_login(reviewer)
    response = client.get(reverse("admin:registry_reviewunit_changelist"), follow=True)
    assert "was deleted; its changes waiting for review were discarded" in response.content.decode()
    assert ReviewUnit.objects.get().state == ReviewUnit.State.DISCARDED


# --- History and revert -----------------------------------------------------------------------


def test_history_shows_what_changed_and_who(client, person, editor):
    services.person_update(person=person, data={"summary_en": "First."}, acting_user=editor)
    services.person_update(person=person, data={"summary_en": "Second."}, acting_user=editor)
    client.force_login(editor)
    response = client.get(reverse("admin:registry_person_history", args=[person.pk]))
    table = response.content.decode().split('id="change-history"')[1].split("</table>")[0]
    assert "summary [en]" in table
    assert "<del>First.</del><ins>Second.</ins>" in table
    assert table.count("editor") == 2


def test_a_revert_of_a_published_person_asks_then_waits_for_review_and_keeps_him_published(
    client, person, editor, reviewer
):
    services.person_update(person=person, data={"summary_en": "First."}, acting_user=editor)
    services.person_update(person=person, data={"summary_en": "Second."}, acting_user=editor)
    first = Version.objects.get_for_object(person).last()
    client.force_login(editor)
    url = reverse("admin:registry_person_revision", args=[person.pk, first.pk])

    preview = client.get(url)
    text = preview.content.decode()
    assert "Publication: unchanged (published)" in text
    assert "waits for a second editor" in text
    assert [(r.old, r.new) for r in preview.context["rows"]] == [("Second.", "First.")]

    assert client.post(url).status_code == 302
    assert Person.objects.get(pk=person.pk).summary_en == "Second."
    unit = submitted(review.unit_open(person), editor)
    review.unit_approve(unit=unit, acting_user=reviewer)
    person.refresh_from_db()
    assert (person.summary_en, person.publication_state) == ("First.", PUBLISHED)
    assert person.charges.get().publication_state == PUBLISHED


def test_case_link_of_a_new_draft_case_is_part_of_the_unit(person, editor):
    case = f.sourced(f.CaseFactory())
    services.defendant_add(person=person, data={"case": case}, acting_user=editor)
    unit = review.unit_touch(record=person, acting_user=editor)
    assert unit is not None
    assert case in review.unit_new_records(person)
    assert CaseDefendant.objects.filter(case=case).exists()


def test_the_edit_page_shows_proposed_related_records_rows_and_deletions(client, person, editor):
    """Reopened, the form starts from the unit: the person's sources, a charge's sources and
    part, a fact marked for deletion. Saving it untouched proposes nothing new."""
    new_source = f.SourceFactory()
    charge = person.charges.get()
    alias = services.alias_add(person=person, data={"name": "Ivan T."}, acting_user=None)
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person)))
    post.data["sources"] = [*post.data["sources"], str(new_source.pk)]
    charges = post.formsets[Charge].prefix
    post.data[f"{charges}-0-part"] = "2"
    post.data[f"{charges}-0-sources"] = [str(new_source.pk)]
    post.data[f"{post.formsets[type(alias)].prefix}-0-DELETE"] = "on"
    assert client.post(change_url(person), post.data).status_code == 302
    proposed = review.unit_open(person).changes

    reopened = AdminPost(client.get(change_url(person)))
    assert str(new_source.pk) in reopened.data["sources"]
    assert reopened.data[f"{charges}-0-part"] == "2"
    assert reopened.data[f"{charges}-0-sources"] == [str(new_source.pk)]
    assert reopened.data[f"{reopened.formsets[type(alias)].prefix}-0-DELETE"] == "on"
    assert new_source not in person.sources.all()
    assert list(charge.sources.all()) != [new_source]

    assert client.post(change_url(person), reopened.data).status_code == 302
    assert review.unit_open(person).changes == proposed


def test_unticking_a_proposed_deletion_keeps_the_fact(client, person, editor):
    alias = services.alias_add(person=person, data={"name": "Ivan T."}, acting_user=None)
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person)))
    prefix = post.formsets[type(alias)].prefix
    post.data[f"{prefix}-0-DELETE"] = "on"
    client.post(change_url(person), post.data)
    assert review.unit_open(person).changes[0]["delete"] is True

    reopened = AdminPost(client.get(change_url(person)))
    del reopened.data[f"{prefix}-0-DELETE"]
    assert client.post(change_url(person), reopened.data).status_code == 302
    assert review.unit_open(person).changes == []


def test_a_new_alias_and_a_link_to_a_published_case_wait_for_review(
    client, person, editor, reviewer
):
    """Neither has a publication state of its own: saved at once, they would be public."""
    other_case = f.published(f.sourced(f.CaseFactory()))
    article = f.ArticleFactory(number="280")
    client.force_login(editor)
    post = AdminPost(client.get(change_url(person)))
    post.add_row(type(person.aliases.model()), name="Ivan T.")
    post.add_row(CaseDefendant, case=other_case.pk)
    post.add_row(
        Charge, case=other_case.pk, article=article.pk, sources=[other_case.sources.get().pk]
    )
    response = client.post(change_url(person), post.data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert not person.aliases.exists()
    assert not CaseDefendant.objects.filter(case=other_case).exists()
    unit = review.unit_open(person)
    added = [item["repr"] for item in unit.changes if item.get("add")]
    assert added == ["Ivan T.", f"{person} — {other_case}"]
    diff = review.unit_diff(unit)
    assert [d.record for d in diff if d.kind == "new"][:2] == added
    client.logout()
    assert "Ivan T." not in public_summary(client, person)

    submitted(unit, editor)
    review.unit_approve(unit=unit, acting_user=reviewer)
    assert list(person.aliases.values_list("name", flat=True)) == ["Ivan T."]
    assert CaseDefendant.objects.filter(person=person, case=other_case).exists()
    assert person.charges.get(case=other_case).publication_state == PUBLISHED


def test_a_new_alias_of_a_draft_person_is_saved_at_once(client, editor):
    draft = f.sourced(f.PersonFactory())
    assert not review.addition_is_reviewed(type(draft.aliases.model()), {"person": draft})
    published = f.published(f.sourced(f.PersonFactory()))
    assert review.addition_is_reviewed(type(published.aliases.model()), {"person": published})
    draft_case = f.sourced(f.CaseFactory())
    assert not review.addition_is_reviewed(CaseDefendant, {"person": published, "case": draft_case})
