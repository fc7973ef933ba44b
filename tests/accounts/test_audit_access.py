"""Reads in the audit log: sign-ins, and every view or download of confidential values."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests import factories as f
from unheard.core.models import AuditEntry
from unheard.funds.models import Donor

pytestmark = pytest.mark.django_db
PASSWORD = "a long passphrase of words"


def test_signing_in_and_out_is_audited(client, superuser, audited):
    response = client.post(
        reverse("admin:login"), {"username": "root", "password": "not it"}, REMOTE_ADDR="1.2.3.4"
    )
    assert response.status_code == 200
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.acting_user is None and failed.summary == {"username": "root"}
    client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})
    assert AuditEntry.objects.get(action="login").acting_user == superuser
    client.post(reverse("admin:logout"))
    assert AuditEntry.objects.get(action="logout").acting_user == superuser
    assert "1.2.3.4" not in str(list(AuditEntry.objects.values()))


def test_every_view_of_a_donor_is_audited_without_naming_them(admin_client, audited):
    donor = Donor.objects.create(name="Irina Secretova", email="irina@example.org")
    assert admin_client.get(reverse("admin:funds_donor_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:funds_donor_change", args=[donor.pk])).status_code == 200
    rows = list(AuditEntry.objects.filter(action="confidential_view").order_by("id"))
    assert [row.summary["view"] for row in rows] == ["funds_donor_changelist", "funds_donor_change"]
    assert rows[1].object_id == str(donor.pk) and rows[1].content_type.model == "donor"
    everything = str(list(AuditEntry.objects.values()))
    assert "Secretova" not in everything and "irina@" not in everything


def test_a_letter_and_its_pdf_are_audited(admin_client, audited):
    letter = f.LetterFactory()
    admin_client.get(reverse("admin:letters_letter_change", args=[letter.pk]))
    pdf = admin_client.get(reverse("admin:letters_letter_pdf", args=[letter.pk]))
    assert pdf.status_code == 200
    assert AuditEntry.objects.filter(action="confidential_view", object_id=str(letter.pk)).exists()
    export = AuditEntry.objects.get(action="export")
    assert export.object_id == str(letter.pk) and "letter-" in export.summary["file"]
    assert letter.author_email not in str(list(AuditEntry.objects.values()))


def test_pages_without_confidential_values_are_not_logged(admin_client, audited):
    assert admin_client.get(reverse("admin:registry_person_changelist")).status_code == 200
    assert not AuditEntry.objects.filter(action__in=["confidential_view", "export"]).exists()


def test_nothing_is_logged_while_access_auditing_is_off(admin_client, settings):
    assert settings.UNHEARD_AUDIT_ACCESS is False  # the test settings, for every other test
    admin_client.get(reverse("admin:funds_donor_changelist"))
    assert not AuditEntry.objects.filter(action="confidential_view").exists()


def test_rows_past_the_retention_period_are_purged(superuser, settings):
    person = f.PersonFactory()
    from django.db import transaction

    from unheard.core.audit import audit_log

    with transaction.atomic():
        old = audit_log(acting_user=superuser, action="person_update", record=person)
        recent = audit_log(acting_user=superuser, action="person_update", record=person)
    AuditEntry.objects.filter(pk=old.pk).update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    settings.UNHEARD_AUDIT_RETENTION_DAYS = 365
    call_command("audit_purge", days=365)
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    assert AuditEntry.objects.get(action="audit_purge").summary["deleted"] == 1
