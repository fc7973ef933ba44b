"""The audit trail (unheard.core.audit): rows in the writer's transaction, append-only, redacted,
read in the back office by administrators only."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from tests import factories as f
from unheard.core.audit import TEXT_LIMIT, audit_log, change_summary, creation_summary
from unheard.core.models import AuditEntry
from unheard.core.publication import record_publish, record_submit
from unheard.core.services import model_update
from unheard.registry.models import PoliticalView

pytestmark = pytest.mark.django_db


def test_a_row_names_who_what_which_record_and_when(make_staff):
    editor = make_staff("erin", "editor")
    person = f.PersonFactory()
    with transaction.atomic():
        entry = audit_log(
            acting_user=editor, action="person_update", record=person, summary={"x": 1}
        )
    entry.refresh_from_db()
    assert entry.acting_user == editor and entry.action == "person_update"
    assert entry.content_type.model_class() is type(person)
    assert entry.object_id == str(person.pk) and entry.object_repr == str(person)
    assert entry.at.tzinfo is not None and entry.summary == {"x": 1}


def test_anonymous_and_system_writes_have_no_user(client):
    from django.contrib.auth.models import AnonymousUser

    with transaction.atomic():
        entry = audit_log(acting_user=AnonymousUser(), action="letter_submit", record=None)
    assert entry.acting_user is None and entry.content_type is None


@pytest.mark.django_db(transaction=True)
def test_audit_log_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        audit_log(acting_user=None, action="person_update", record=None)
    assert not AuditEntry.objects.exists()


def test_the_log_is_append_only():
    with transaction.atomic():
        entry = audit_log(acting_user=None, action="person_create", record=None)
    entry.action = "something_else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == "person_create"


def test_a_deleted_user_leaves_the_rows_they_wrote(make_staff):
    editor = make_staff("gone", "editor")
    with transaction.atomic():
        audit_log(acting_user=editor, action="person_create", record=None)
    editor.delete()
    assert AuditEntry.objects.get().acting_user is None


def test_confidential_values_are_only_named_and_long_texts_cut():
    letter = f.LetterFactory()
    summary = change_summary(
        letter,
        {
            "author_email": ("old@example.org", "new@example.org"),
            "author_ip": ("10.0.0.1", "10.0.0.2"),
            "text": ("short", "x" * 5000),
        },
    )["changed"]
    assert summary["author_email"] == {"old": "[confidential]", "new": "[confidential]"}
    assert summary["author_ip"] == {"old": "[confidential]", "new": "[confidential]"}
    assert len(summary["text"]["new"]) == TEXT_LIMIT and summary["text"]["old"] == "short"
    created = creation_summary(letter, ["author_email", "language"])["created"]
    assert "@" not in str(created) and created["author_email"] == "[confidential]"


def test_model_update_saves_only_what_changed():
    person = f.PersonFactory(home_town="Tomsk")
    before = person.updated_at
    same, changes = model_update(
        instance=person, fields=["home_town"], data={"home_town": "Tomsk", "surname": "X"}
    )
    assert changes == {} and person.updated_at == before
    views = [PoliticalView.objects.create(name_en="anarchist", slug="anarchist")]
    person, changes = model_update(
        instance=person,
        fields=["home_town", "occupation", "political_views"],
        data={"home_town": "Omsk", "occupation": "", "political_views": views},
    )
    person.refresh_from_db()
    assert person.home_town == "Omsk" and changes["home_town"] == ("Tomsk", "Omsk")
    assert "occupation" not in changes and person.surname != "X"
    assert list(person.political_views.all()) == views and changes["political_views"] == ([], views)


def test_publication_writes_one_row_per_record_it_moves(make_staff):
    person, case = f.sourced(f.PersonFactory()), f.CaseFactory()
    f.defendant(person, case)
    charge = f.sourced(f.charge(person, case))
    author, reviewer = make_staff("a", "editor"), make_staff("r", "reviewer")
    record_submit(record=person, acting_user=author)
    record_publish(record=person, acting_user=reviewer)
    rows = AuditEntry.objects.order_by("id")
    assert [(r.action, r.object_id, r.acting_user) for r in rows] == [
        ("record_submit", str(person.pk), author),
        ("record_submit", str(charge.pk), author),
        ("record_publish", str(person.pk), reviewer),
        ("record_publish", str(charge.pk), reviewer),
    ]
    assert rows[2].summary["changed"]["publication_state"] == {
        "old": "in_review",
        "new": "published",
    }


def test_a_refused_publication_leaves_no_row(make_staff):
    person = f.sourced(f.PersonFactory())
    record_submit(record=person, acting_user=make_staff("a", "editor"))
    with pytest.raises(PermissionDenied):
        record_publish(record=person, acting_user=make_staff("t", "translator"))
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["record_submit"]


def test_campaigns_publish_through_core_publication(client, make_staff):
    from unheard.funds.models import Campaign

    campaign = Campaign.objects.create(slug="winter", title_en="Winter", purpose="humanitarian")
    client.force_login(make_staff("tess", "treasurer"))
    client.post(
        reverse("admin:funds_campaign_changelist"),
        {"action": "publish", "_selected_action": [campaign.pk]},
    )
    campaign.refresh_from_db()
    assert campaign.is_published
    entry = AuditEntry.objects.get(action="record_publish")
    assert entry.object_repr == str(campaign) and entry.acting_user.username == "tess"


# The back-office page -------------------------------------------------------------------------


@pytest.fixture
def log(make_staff):
    erin, rob = make_staff("erin", "editor"), make_staff("rob", "reviewer")
    person, facility = f.PersonFactory(), f.FacilityFactory()
    with transaction.atomic():
        audit_log(acting_user=erin, action="person_update", record=person)
        audit_log(acting_user=rob, action="facility_update", record=facility)
        old = audit_log(acting_user=rob, action="person_create", record=person)
    # Written long ago: only the migration-free way to date a row is the database itself.
    AuditEntry.objects.filter(pk=old.pk).update(at=dt.datetime(2020, 1, 5, tzinfo=dt.UTC))
    return {"erin": erin, "rob": rob, "person": person}


def listed(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return sorted(entry.action for entry in response.context["cl"].result_list)


def test_administrators_filter_the_log(admin_client, log):
    url = reverse("admin:core_auditentry_changelist")
    assert listed(admin_client.get(url)) == ["facility_update", "person_create", "person_update"]
    assert listed(admin_client.get(url, {"acting_user__id__exact": log["rob"].pk})) == [
        "facility_update",
        "person_create",
    ]
    assert listed(admin_client.get(url, {"action": "person_update"})) == ["person_update"]
    person_type = AuditEntry.objects.get(action="person_update").content_type_id
    assert listed(admin_client.get(url, {"content_type__id__exact": person_type})) == [
        "person_create",
        "person_update",
    ]
    assert listed(admin_client.get(url, {"at__date__lte": "2020-12-31"})) == ["person_create"]
    assert listed(
        admin_client.get(url, {"at__date__gte": "2021-01-01", "action": "facility_update"})
    ) == ["facility_update"]
    bad = admin_client.get(url, {"at__date__gte": "not-a-date"})
    assert bad.status_code == 302 and "e=1" in bad.url


def test_the_admin_role_reads_the_log_and_nobody_writes_it(client, make_staff, log):
    entry = AuditEntry.objects.first()
    client.force_login(make_staff("ada", "admin"))
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditentry_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    response = client.post(
        reverse("admin:core_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    superuser = User.objects.create_superuser("root", password="pw")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:core_auditentry_change", args=[entry.pk]), {"action": "x"}
    )
    assert response.status_code == 403 and AuditEntry.objects.get(pk=entry.pk).action != "x"


@pytest.mark.parametrize("role", ["editor", "reviewer", "translator", "treasurer"])
def test_other_roles_do_not_see_the_log(client, make_staff, log, role):
    client.force_login(make_staff("someone", role))
    assert client.get(reverse("admin:core_auditentry_changelist")).status_code == 403
    assert "auditentry" not in client.get(reverse("admin:index")).content.decode()


# Every app's services ------------------------------------------------------------------------


def test_letter_services_write_rows_without_the_authors_address(make_staff):
    from unheard.letters import services as letters

    letter = f.LetterFactory(status="confirmed")
    moderator = make_staff("mona", "letter moderator")
    letters.letter_approve(letter=letter, acting_user=moderator)
    entry = AuditEntry.objects.get(action="letter_approve")
    assert entry.acting_user == moderator and entry.summary == {"status": "approved"}
    assert letter.author_email not in str(list(AuditEntry.objects.values("summary", "object_repr")))


def test_funds_services_write_rows_without_the_donor(make_staff):
    from unheard.funds import services as funds
    from unheard.funds.models import Donor
    from unheard.funds.money import Money

    donor = Donor.objects.create(name="Secret Donor", email="secret@example.org")
    treasurer = make_staff("tess", "treasurer")
    donation = funds.donation_record(
        money=Money(1000, "EUR"),
        received_on=dt.date(2025, 3, 7),
        channel="cash",
        donor=donor,
        acting_user=treasurer,
    )
    entry = AuditEntry.objects.get(action="donation_record")
    assert entry.acting_user == treasurer and entry.object_id == str(donation.pk)
    logged = str(list(AuditEntry.objects.values("summary", "object_repr")))
    assert "Secret" not in logged and "secret@" not in logged
