"""The back office by role: who may do what, the translator's restricted form, the publication
workflow through admin actions, the review queue, history and revert, and inline validation."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files import File
from django.urls import reverse
from reversion.models import Version

from tests import factories as f
from unheard.core.models import PublicationState
from unheard.registry.models import CaseDefendant, Charge, Person, Verdict

pytestmark = pytest.mark.django_db

IN_REVIEW = PublicationState.IN_REVIEW
PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT

# --- The policy -------------------------------------------------------------------------------
#
# Expected outcome of each admin action for each role (groups from unheard.core.roles).
#   a number  the HTTP status of the request
#   302       for "save": the change is saved and the admin redirects
#   403       for "save": refused, nothing changes
#   publish   "published" if the action publishes a record in review, "kept" if it stays in review

ACTIONS = (
    "person list",
    "person add",
    "person change",
    "person save",
    "person delete",
    "charge list",
    "source add",
    "publish",
    "user list",
)
POLICY = {
    # role               list  add  change save delete charges source  publish      users
    "editor":           (200,  200, 200,   302, 403,   200,    200,    "kept",      403),
    "reviewer":         (200,  200, 200,   302, 403,   200,    200,    "published", 403),
    "translator":       (200,  403, 200,   302, 403,   200,    403,    "kept",      403),
    "letter moderator": (200,  403, 200,   403, 403,   403,    403,    "kept",      403),
    "treasurer":        (200,  403, 200,   403, 403,   403,    200,    "kept",      403),
    "organiser":        (200,  403, 200,   403, 403,   403,    200,    "kept",      403),
    "admin":            (200,  200, 200,   302, 200,   200,    200,    "published", 200),
}  # fmt: skip


def policy_cases():
    for role, outcomes in POLICY.items():
        for action, expected in zip(ACTIONS, outcomes, strict=True):
            yield pytest.param(role, action, expected, id=f"{role}-{action}")


# --- Helpers ----------------------------------------------------------------------------------


def form_values(form) -> dict:
    """What a browser would submit for an unbound form as rendered."""
    data = {}
    for name in form.fields:
        field = form[name]
        value = field.value()
        if value is None or value is False or isinstance(value, File):
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        else:
            value = str(value)
        data[field.html_name] = value
    return data


class AdminPost:
    """POST data for an admin add/change form, read from the page the admin rendered.

    Inline formsets are found by model in `inline_admin_formsets`, so the prefixes and the
    management forms are the admin's own.
    """

    def __init__(self, response):
        assert response.status_code == 200, response.status_code
        self.formsets = {
            inline.formset.model: inline.formset
            for inline in response.context["inline_admin_formsets"]
        }
        self.data = form_values(response.context["adminform"].form)
        for formset in self.formsets.values():
            self.data.update(form_values(formset.management_form))
            for form in formset.forms:
                self.data.update(form_values(form))

    def set(self, **fields) -> "AdminPost":
        self.data.update({name: str(value) for name, value in fields.items()})
        return self

    def add_row(self, model, **fields) -> "AdminPost":
        """Add a new row to the inline for `model`, starting from the model's defaults."""
        formset = self.formsets[model]
        total = f"{formset.prefix}-TOTAL_FORMS"
        index = int(self.data[total])
        prefix = f"{formset.prefix}-{index}-"
        defaults = form_values(formset.empty_form)
        for name, value in defaults.items():
            self.data[name.replace(f"{formset.prefix}-__prefix__-", prefix)] = value
        for name, value in fields.items():
            self.data[prefix + name] = (
                [str(v) for v in value] if isinstance(value, list) else str(value)
            )
        self.data[total] = str(index + 1)
        return self


def changelist_url():
    return reverse("admin:registry_person_changelist")


def change_url(person):
    return reverse("admin:registry_person_change", args=[person.pk])


def run_action(client, action, *records):
    """Run an admin changelist action on the records; return the response and its messages."""
    response = client.post(
        changelist_url(), {"action": action, "_selected_action": [r.pk for r in records]}
    )
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def refreshed(record):
    record.refresh_from_db()
    return record


@pytest.fixture
def login(client, make_staff):
    """Log the test client in as a new staff user with the given roles."""

    def log_in(username, *roles):
        user = make_staff(username, *roles)
        client.force_login(user)
        return user

    return log_in


@pytest.fixture
def sourced_person_in_review(make_staff):
    """A person with a sourced charge, submitted for review by an editor."""
    person = f.sourced(f.PersonFactory())
    case = f.CaseFactory()
    f.defendant(person, case)
    f.sourced(f.charge(person, case))
    submitter = make_staff("submitter", "editor")
    for record in (person, *person.charges.all()):
        record.publication_state = IN_REVIEW
        record.submitted_by = submitter
        record.save()
    return person


# --- 1. Role × action matrix ------------------------------------------------------------------


@pytest.mark.parametrize(("role", "action", "expected"), policy_cases())
def test_role_policy(client, admin_client, login, sourced_person_in_review, role, action, expected):
    person = sourced_person_in_review
    if action == "person save":
        # The full form as an administrator sees it, with one translation changed.
        post = AdminPost(admin_client.get(change_url(person))).set(
            summary_de="Neue Zusammenfassung"
        )
    login("someone", role)

    if action == "publish":
        run_action(client, "publish", person)
        state = refreshed(person).publication_state
        assert state == {"published": PUBLISHED, "kept": IN_REVIEW}[expected]
        return

    if action == "person save":
        response = client.post(change_url(person), post.data)
        assert response.status_code == expected
        saved = refreshed(person).summary_de == "Neue Zusammenfassung"
        assert saved == (expected == 302)
        return

    url = {
        "person list": changelist_url(),
        "person add": reverse("admin:registry_person_add"),
        "person change": change_url(person),
        "person delete": reverse("admin:registry_person_delete", args=[person.pk]),
        "charge list": reverse("admin:registry_charge_changelist"),
        "source add": reverse("admin:core_source_add"),
        "user list": reverse("admin:auth_user_changelist"),
    }[action]
    assert client.get(url).status_code == expected


# --- 2. The translator edits translations only ------------------------------------------------


def test_translator_sees_other_fields_read_only_and_no_inlines(client, login):
    person = f.PersonFactory()
    f.defendant(person, f.CaseFactory())
    login("translator", "translator")

    response = client.get(change_url(person))

    assert response.status_code == 200
    form = response.context["adminform"]
    assert {"surname", "status"} <= set(form.readonly_fields)
    assert "surname" not in form.form.fields
    assert "status" not in form.form.fields
    assert "summary_de" in form.form.fields
    assert response.context["inline_admin_formsets"] == []


def test_translator_saves_a_translation(client, login):
    person = f.PersonFactory(summary_en="Detained for a post.")
    login("translator", "translator")
    post = AdminPost(client.get(change_url(person))).set(summary_de="Wegen eines Beitrags.")

    response = client.post(change_url(person), post.data)

    assert response.status_code == 302
    assert refreshed(person).summary_de == "Wegen eines Beitrags."


def test_translator_cannot_change_the_surname(client, login):
    person = f.PersonFactory(surname="Тестов", status=Person.Status.PRE_TRIAL)
    login("translator", "translator")
    post = AdminPost(client.get(change_url(person)))
    post.set(surname="Другов", status=Person.Status.RELEASED, summary_de="Zusammenfassung")

    client.post(change_url(person), post.data)

    person = refreshed(person)
    assert person.surname == "Тестов"
    assert person.status == Person.Status.PRE_TRIAL


# --- 3. Publication workflow through the admin actions ----------------------------------------


@pytest.fixture
def sourced_draft():
    """A draft person citing a source, with a sourced draft charge in a case."""
    person = f.sourced(f.PersonFactory())
    case = f.CaseFactory()
    f.defendant(person, case)
    charge = f.sourced(f.charge(person, case))
    return person, charge


def test_editor_submits_but_cannot_publish(client, login, sourced_draft):
    person, charge = sourced_draft
    editor = login("editor", "editor")

    response, messages = run_action(client, "submit_for_review", person)

    assert response.status_code == 302
    assert "1 submitted for review." in messages
    person, charge = refreshed(person), refreshed(charge)
    assert (person.publication_state, person.submitted_by) == (IN_REVIEW, editor)
    assert (charge.publication_state, charge.submitted_by) == (IN_REVIEW, editor)

    run_action(client, "publish", person)

    assert refreshed(person).publication_state == IN_REVIEW


def test_submitter_cannot_approve_own_submission_but_second_reviewer_can(
    client, login, sourced_draft
):
    person, charge = sourced_draft
    login("editor-reviewer", "editor", "reviewer")
    run_action(client, "submit_for_review", person)

    _, messages = run_action(client, "publish", person)

    assert any("cannot approve it yourself" in m for m in messages), messages
    assert refreshed(person).publication_state == IN_REVIEW
    assert refreshed(charge).publication_state == IN_REVIEW

    reviewer = login("second-reviewer", "reviewer")
    _, messages = run_action(client, "publish", person)

    assert "1 published." in messages
    person, charge = refreshed(person), refreshed(charge)
    assert (person.publication_state, person.published_by) == (PUBLISHED, reviewer)
    assert (charge.publication_state, charge.published_by) == (PUBLISHED, reviewer)
    assert person.published_at is not None


def test_a_fact_without_a_source_blocks_publication(client, login):
    person = f.sourced(f.PersonFactory())
    case = f.CaseFactory()
    f.defendant(person, case)
    unsourced_charge = f.charge(person, case, number="280.3", part="1")
    login("editor", "editor")
    run_action(client, "submit_for_review", person)

    login("reviewer", "reviewer")
    _, messages = run_action(client, "publish", person)

    assert any("Article 280.3 part 1 CC RF" in m and "cites no source" in m for m in messages), (
        messages
    )
    assert refreshed(person).publication_state == IN_REVIEW
    assert refreshed(unsourced_charge).publication_state == IN_REVIEW


def test_without_second_approval_a_reviewer_publishes_a_draft(
    client, login, settings, sourced_draft
):
    settings.UNHEARD_REQUIRE_SECOND_APPROVAL = False
    person, charge = sourced_draft
    login("reviewer", "reviewer")

    _, messages = run_action(client, "publish", person)

    assert "1 published." in messages
    assert refreshed(person).publication_state == PUBLISHED


# --- 4. Review queue --------------------------------------------------------------------------


def test_review_queue_lists_records_in_review_not_drafts(client, login):
    submitter = login("submitter", "editor")
    f.PersonFactory(
        display_name_en="Anna Waiting", publication_state=IN_REVIEW, submitted_by=submitter
    )
    f.PersonFactory(display_name_en="Boris Drafted", publication_state=DRAFT)
    f.PersonFactory(display_name_en="Vera Public", publication_state=PUBLISHED)
    login("reviewer", "reviewer")

    response = client.get(reverse("admin:review_queue"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna Waiting" in content
    assert "submitter" in content
    assert "Boris Drafted" not in content
    assert "Vera Public" not in content


# --- 5. History and revert --------------------------------------------------------------------


def test_history_and_revert_restore_an_earlier_summary(client, login):
    editor = login("historian", "editor")
    add = AdminPost(client.get(reverse("admin:registry_person_add")))
    assert set(add.formsets) >= {CaseDefendant, Charge, Verdict}  # inlines are posted too
    add.set(
        surname="Историева",
        given_name="Анна",
        display_name_en="Anna Istorieva",
        slug="anna-istorieva",
        status=Person.Status.PRE_TRIAL,
        summary_en="First summary.",
    )
    response = client.post(reverse("admin:registry_person_add"), add.data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(slug="anna-istorieva")

    change = AdminPost(client.get(change_url(person))).set(summary_en="Second summary.")
    assert client.post(change_url(person), change.data).status_code == 302
    assert refreshed(person).summary_en == "Second summary."

    versions = Version.objects.get_for_object(person)
    assert versions.count() == 2
    first = versions.last()

    history = client.get(reverse("admin:registry_person_history", args=[person.pk]))
    assert history.status_code == 200
    actions = history.context["action_list"]
    assert len(actions) == 2
    assert all(action["revision"].user == editor for action in actions)
    table = history.content.decode().split('id="change-history"')[1].split("</table>")[0]
    assert table.count("historian") == 2
    assert all(action["url"] in table for action in actions)

    revision_url = reverse("admin:registry_person_revision", args=[person.pk, first.pk])
    preview = client.get(revision_url)
    assert [(r.old, r.new) for r in preview.context["rows"]] == [
        ("Second summary.", "First summary.")
    ]
    assert refreshed(person).summary_en == "Second summary."  # asking changes nothing
    response = client.post(revision_url)

    assert response.status_code == 302
    assert refreshed(person).summary_en == "First summary."
    assert refreshed(person).publication_state == DRAFT


# --- 6. Inline validation ---------------------------------------------------------------------


def verdict_row(case):
    return {
        "case": case.pk,
        "court_en": "Test District Court",
        "date": "2024-03-01",
        "punishment": Verdict.Punishment.IMPRISONMENT,
        "term_years": 3,
    }


def test_verdict_without_a_charge_in_that_case_is_refused(client, login):
    person = f.PersonFactory(summary_en="Unchanged.")
    case = f.CaseFactory()
    f.defendant(person, case)
    login("editor", "editor")
    post = AdminPost(client.get(change_url(person)))
    post.set(summary_en="Changed.").add_row(Verdict, **verdict_row(case))

    response = client.post(change_url(person), post.data)

    assert response.status_code == 200
    assert "There is no charge against this person in this case" in response.content.decode()
    assert Verdict.objects.count() == 0
    assert Charge.objects.count() == 0
    assert refreshed(person).summary_en == "Unchanged."


def test_case_link_charge_and_verdict_in_one_save(client, login):
    person = f.PersonFactory()
    case = f.CaseFactory()
    article = f.ArticleFactory(number="205.2")
    source = f.SourceFactory()
    login("editor", "editor")
    post = AdminPost(client.get(change_url(person)))
    post.add_row(CaseDefendant, case=case.pk)
    post.add_row(Charge, case=case.pk, article=article.pk, part="2", sources=[source.pk])
    post.add_row(Verdict, **verdict_row(case))

    response = client.post(change_url(person), post.data)

    assert response.status_code == 302, [
        inline.formset.errors for inline in response.context["inline_admin_formsets"]
    ]
    assert CaseDefendant.objects.filter(person=person, case=case).count() == 1
    charge = Charge.objects.get(person=person, case=case)
    assert list(charge.sources.all()) == [source]
    verdict = Verdict.objects.get(person=person, case=case)
    assert verdict.date == dt.date(2024, 3, 1)
    assert verdict.term_years == 3


# --- 7. Review of changes to published records: role × action ---------------------------------
#
#   change   save the published person's form with a translation changed: "proposed" (kept for
#            review, the live row unchanged) or 403
#   submit   submit another editor's changes for review: "submitted" or "refused"
#   approve  approve another editor's submitted changes: "published" or "refused"
#   return   return them with a comment: "returned" or "refused"
#   revert   confirm a revert to an earlier version: "proposed" (kept for review) or 403

REVIEW_ACTIONS = ("change", "submit", "approve", "return", "revert")
REVIEW_POLICY = {
    # role               change      submit       approve      return      revert
    "editor":           ("proposed", "submitted", "refused",   "refused",  "proposed"),
    "reviewer":         ("proposed", "submitted", "published", "returned", "proposed"),
    "translator":       ("proposed", "submitted", "refused",   "refused",  403),
    "letter moderator": (403,        "refused",   "refused",   "refused",  403),
    "treasurer":        (403,        "refused",   "refused",   "refused",  403),
    "organiser":        (403,        "refused",   "refused",   "refused",  403),
    "admin":            ("proposed", "submitted", "published", "returned", "proposed"),
}  # fmt: skip


def review_policy_cases():
    for role, outcomes in REVIEW_POLICY.items():
        for action, expected in zip(REVIEW_ACTIONS, outcomes, strict=True):
            yield pytest.param(role, action, expected, id=f"{role}-{action}")


@pytest.mark.parametrize(("role", "action", "expected"), review_policy_cases())
def test_review_role_policy(client, admin_client, login, make_staff, role, action, expected):
    from unheard.registry import review, services
    from unheard.registry.review_models import ReviewUnit

    person = f.published(f.sourced(f.PersonFactory(summary_en="Old.")))
    author = make_staff("author", "editor")
    services.person_update(person=person, data={"summary_en": "Older."}, acting_user=author)
    services.person_update(person=person, data={"summary_en": "Old."}, acting_user=author)
    if action in ("submit", "approve", "return"):
        review.change_propose(record=person, data={"summary_en": "New."}, acting_user=author)
        if action != "submit":
            review.unit_submit(unit=review.unit_open(person), acting_user=author)
    if action == "change":
        post = AdminPost(admin_client.get(change_url(person))).set(summary_de="Neu")
    login("someone", role)

    if action == "change":
        response = client.post(change_url(person), post.data)
        assert refreshed(person).summary_de != "Neu"  # the public's version is untouched
        proposed = review.unit_open(person) is not None
        assert (response.status_code, proposed) == (
            (302, True) if expected == "proposed" else (expected, False)
        )
        return
    if action == "revert":
        first = Version.objects.get_for_object(person).last()
        url = reverse("admin:registry_person_revision", args=[person.pk, first.pk])
        response = client.post(url)
        assert refreshed(person).summary_en == "Old."
        unit = review.unit_open(person)
        assert (response.status_code, unit is not None) == (
            (302, True) if expected == "proposed" else (expected, False)
        )
        return
    unit = review.unit_open(person)
    client.post(
        reverse(f"admin:registry_reviewunit_{action}", args=[unit.pk]), {"comment": "Source?"}
    )
    unit.refresh_from_db()
    outcome = {
        ("submit", ReviewUnit.State.IN_REVIEW): "submitted",
        ("approve", ReviewUnit.State.APPROVED): "published",
        ("return", ReviewUnit.State.DRAFT): "returned",
    }.get((action, unit.state), "refused")
    assert outcome == expected
    assert (refreshed(person).summary_en == "New.") == (expected == "published")
