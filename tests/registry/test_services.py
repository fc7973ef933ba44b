"""The registry's write services: each write, its audit row and its revision, in one transaction."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from reversion.models import Version

from tests import factories as f
from unheard.core.models import AuditEntry
from unheard.registry import models, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_staff):
    return make_staff("erin", "editor")


def only_entry() -> AuditEntry:
    (entry,) = AuditEntry.objects.all()
    return entry


def versions_of(record) -> int:
    return Version.objects.get_for_object(record).count()


def test_person_create(editor):
    region = f.RegionFactory()
    person = services.person_create(
        data={
            "surname": "Петров",
            "given_name": "Пётр",
            "slug": "petr-petrov",
            "display_name_en": "Pyotr Petrov",
            "status": models.Person.Status.PRE_TRIAL,
            "home_region": region,
        },
        acting_user=editor,
    )
    assert models.Person.objects.get(slug="petr-petrov") == person
    entry = only_entry()
    assert (entry.action, entry.acting_user, entry.object_id) == (
        "person_create",
        editor,
        str(person.pk),
    )
    assert entry.summary["created"]["home_region"] == str(region)
    assert versions_of(person) == 1


def test_person_create_refuses_bad_input_and_writes_nothing(editor):
    with pytest.raises(ValidationError) as error:
        services.person_create(data={"given_name": "Пётр", "slug": "x"}, acting_user=editor)
    assert "surname" in error.value.message_dict
    assert not models.Person.objects.exists() and not AuditEntry.objects.exists()


def test_person_update_records_old_and_new(editor):
    person = f.PersonFactory(home_town="Tomsk", internal_notes="")
    services.person_update(
        person=person,
        data={"home_town": "Omsk", "summary_en": "Arrested in 2023.", "surname": person.surname},
        acting_user=editor,
    )
    person.refresh_from_db()
    assert person.home_town == "Omsk" and person.summary_en == "Arrested in 2023."
    assert only_entry().summary == {
        "changed": {
            "home_town": {"old": "Tomsk", "new": "Omsk"},
            "summary_en": {"old": None, "new": "Arrested in 2023."},
        }
    }
    assert versions_of(person) == 1


def test_an_update_that_changes_nothing_writes_nothing(editor):
    person = f.PersonFactory(home_town="Tomsk")
    services.person_update(person=person, data={"home_town": "Tomsk"}, acting_user=editor)
    assert not AuditEntry.objects.exists() and versions_of(person) == 0


def test_the_audit_row_shares_the_transaction_of_the_write(editor):
    person = f.PersonFactory(home_town="Tomsk")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.person_update(person=person, data={"home_town": "Omsk"}, acting_user=editor)
        assert AuditEntry.objects.count() == 1
        raise RuntimeError("the caller's transaction fails after the service")
    person.refresh_from_db()
    assert person.home_town == "Tomsk" and not AuditEntry.objects.exists()


def test_a_delete_that_fails_leaves_no_audit_row(editor):
    from unheard.funds.models import Campaign

    person = f.PersonFactory()
    Campaign.objects.create(
        slug="c", title_en="C", purpose="humanitarian", beneficiary_person=person
    )
    with pytest.raises(Exception, match="protected"):
        services.record_delete(record=person, acting_user=editor)
    assert models.Person.objects.filter(pk=person.pk).exists()
    assert not AuditEntry.objects.exists()


def test_record_delete(editor):
    person = f.PersonFactory()
    services.record_delete(record=person, acting_user=editor)
    assert not models.Person.objects.exists()
    assert (only_entry().action, only_entry().object_repr) == ("person_delete", str(person))


def test_case_create_and_update(editor):
    case = services.case_create(
        data={"name_en": "The Network case", "slug": "network", "kind": "criminal"},
        acting_user=editor,
    )
    services.case_update(case=case, data={"name_en": "The “Network” case"}, acting_user=editor)
    case.refresh_from_db()
    assert case.name_en == "The “Network” case"
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "case_create",
        "case_update",
    ]


def test_facility_create_and_update(editor):
    facility = services.facility_create(
        data={
            "kind": models.Facility.Kind.SIZO,
            "number": "1",
            "name_en": "SIZO-1",
            "slug": "sizo-1-tyumen",
            "region": f.RegionFactory(),
        },
        acting_user=editor,
    )
    services.facility_update(
        facility=facility, data={"postal_address": "625000, Тюмень"}, acting_user=editor
    )
    facility.refresh_from_db()
    assert facility.postal_address == "625000, Тюмень"
    update = AuditEntry.objects.get(action="facility_update")
    assert update.summary["changed"]["postal_address"] == {"old": "", "new": "625000, Тюмень"}
    with pytest.raises(ValidationError):
        services.facility_update(facility=facility, data={"kind": "castle"}, acting_user=editor)
    assert AuditEntry.objects.filter(action="facility_update").count() == 1


def test_facts_are_added_to_a_person(editor):
    person, case = f.PersonFactory(), f.CaseFactory()
    services.defendant_add(person=person, data={"case": case}, acting_user=editor)
    charge = services.charge_add(
        person=person,
        data={"case": case, "article": f.ArticleFactory(number="205.2"), "part": "2"},
        acting_user=editor,
    )
    services.verdict_add(
        person=person,
        data={
            "case": case,
            "date": dt.date(2024, 3, 1),
            "court_en": "Southern District Military Court",
            "punishment": models.Verdict.Punishment.IMPRISONMENT,
            "regime": "general",
            "term_years": 6,
        },
        acting_user=editor,
    )
    services.event_add(
        person=person,
        data={"kind": "detention", "date": dt.date(2023, 5, 2), "case": case},
        acting_user=editor,
    )
    services.alias_add(person=person, data={"name": "Pyotr"}, acting_user=editor)
    assert charge.person == person and person.verdicts.count() == person.events.count() == 1
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "defendant_add",
        "charge_add",
        "verdict_add",
        "event_add",
        "alias_add",
    ]
    assert {e.acting_user for e in AuditEntry.objects.all()} == {editor}


def test_a_refused_fact_leaves_no_row(editor):
    person, case = f.PersonFactory(), f.CaseFactory()
    with pytest.raises(ValidationError) as error:
        services.charge_add(
            person=person, data={"case": case, "article": f.ArticleFactory()}, acting_user=editor
        )
    assert "case" in error.value.message_dict
    assert not models.Charge.objects.exists() and not AuditEntry.objects.exists()


def test_fact_update(editor):
    person, case = f.PersonFactory(), f.CaseFactory()
    f.defendant(person, case)
    charge = f.charge(person, case, part="1")
    services.fact_update(fact=charge, data={"part": "2"}, acting_user=editor)
    assert only_entry().action == "charge_update"
    assert only_entry().summary["changed"]["part"] == {"old": "1", "new": "2"}


def test_sources(editor):
    source = services.source_add(
        data={"kind": "web", "title": "Mediazona", "url": "https://zona.media/"},
        acting_user=editor,
    )
    person = f.PersonFactory()
    services.sources_attach(record=person, sources=[source], acting_user=editor)
    services.sources_attach(record=person, sources=[source], acting_user=editor)
    assert list(person.sources.all()) == [source]
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "source_add",
        "sources_attach",
    ]
    with pytest.raises(ValidationError):
        services.source_add(data={"kind": "web", "title": "No address"}, acting_user=editor)


def test_publication_services_check_permissions(editor, make_staff):
    person = f.sourced(f.PersonFactory())
    services.record_submit(record=person, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.record_publish(record=person, acting_user=editor)
    services.record_publish(record=person, acting_user=make_staff("rob", "reviewer"))
    with pytest.raises(PermissionDenied):
        services.record_return_to_draft(record=person, acting_user=editor)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "record_submit",
        "record_publish",
    ]


# The back office writes through the services --------------------------------------------------


def test_the_admin_saves_a_person_and_its_inlines_through_the_services(admin_client, admin_user):
    from tests.registry.test_admin_roles import AdminPost

    person, case = f.PersonFactory(), f.CaseFactory()
    f.defendant(person, case)
    url = reverse("admin:registry_person_change", args=[person.pk])
    post = AdminPost(admin_client.get(url)).set(home_town="Omsk")
    post.add_row(models.PersonAlias, name="Petya")
    response = admin_client.post(url, post.data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.home_town == "Omsk" and person.aliases.get().name == "Petya"
    rows = {e.action: e for e in AuditEntry.objects.all()}
    assert set(rows) == {"person_update", "alias_add"}
    assert rows["person_update"].acting_user == admin_user
    assert rows["person_update"].summary["changed"]["home_town"]["new"] == "Omsk"


def test_the_admin_adds_a_facility_through_the_services(admin_client, admin_user):
    region = f.RegionFactory()
    response = admin_client.post(
        reverse("admin:registry_facility_add"),
        {
            "kind": "sizo",
            "number": "2",
            "name_en": "SIZO-2",
            "slug": "sizo-2",
            "region": region.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    facility = models.Facility.objects.get(slug="sizo-2")
    entry = only_entry()
    assert (entry.action, entry.object_id, entry.acting_user) == (
        "facility_create",
        str(facility.pk),
        admin_user,
    )
