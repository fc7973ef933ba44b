"""The expected release date follows the record: recomputed on every change."""

import datetime as dt

import pytest
from django.urls import reverse

from tests import factories as f
from unheard.registry import selectors
from unheard.registry.models import Person, TimelineEvent

pytestmark = pytest.mark.django_db


def test_release_is_computed_and_recomputed_when_the_record_changes():
    person, case = f.PersonFactory(status=Person.Status.SERVING), f.CaseFactory()
    f.defendant(person, case)
    f.charge(person, case, number="280.3", part="1", status="convicted")
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2022, 1, 1), case=case)
    verdict = f.verdict(
        person,
        case,
        dt.date(2023, 1, 1),
        regime="general",
        term_years=3,
        in_force_on=dt.date(2023, 1, 1),
    )
    person.refresh_from_db()
    assert person.expected_release == dt.date(2024, 12, 31) - dt.timedelta(days=182)
    assert person.release_computation["credit_ratio"] == "1.5"

    verdict.regime = "strict"
    verdict.save()
    person.refresh_from_db()
    assert person.expected_release == dt.date(2024, 12, 31)

    person.status = Person.Status.RELEASED
    person.save()
    person.refresh_from_db()
    assert person.expected_release is None


def test_appeal_verdict_is_the_one_in_force():
    person, case = f.PersonFactory(status=Person.Status.SERVING), f.CaseFactory()
    f.defendant(person, case)
    f.charge(person, case, number="205.2", part="2", status="convicted")
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2022, 1, 1), case=case)
    f.verdict(person, case, dt.date(2023, 1, 1), term_years=6)
    f.verdict(
        person, case, dt.date(2023, 6, 1), instance="appeal", appeal_outcome="reduced", term_years=5
    )
    person.refresh_from_db()
    assert person.expected_release == dt.date(2026, 12, 31)
    assert "part_3_2_exception" in person.release_computation["assumptions"]


def test_time_at_liberty_before_the_verdict_in_force_is_not_credited():
    """Detained, released with a fine at first instance, imprisoned by the appeal court."""
    person, case = f.PersonFactory(status=Person.Status.SERVING), f.CaseFactory()
    f.defendant(person, case)
    f.charge(person, case, number="205.2", part="2", status="convicted")
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2023, 7, 25), case=case)
    f.verdict(
        person,
        case,
        dt.date(2023, 12, 12),
        punishment="fine",
        regime="",
        term_years=0,
        fine_amount=609000,
    )
    f.event(person, TimelineEvent.Kind.CUSTODY, dt.date(2024, 2, 13), case=case)
    f.verdict(
        person,
        case,
        dt.date(2024, 2, 13),
        instance="appeal",
        appeal_outcome="toughened",
        regime="general",
        term_years=5,
    )
    person.refresh_from_db()
    held = (dt.date(2023, 12, 12) - dt.date(2023, 7, 25)).days
    assert person.expected_release == dt.date(2029, 2, 12) - dt.timedelta(days=held)
    assert "custody_interrupted" in person.release_computation["assumptions"]


def test_house_arrest_between_detention_and_custody_is_credited_at_half():
    person, case = f.PersonFactory(status=Person.Status.SERVING), f.CaseFactory()
    f.defendant(person, case)
    f.charge(person, case, number="280.3", part="1", status="convicted")
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2022, 1, 1), case=case)
    f.event(
        person,
        TimelineEvent.Kind.HOUSE_ARREST,
        dt.date(2022, 1, 3),
        case=case,
        end_date=dt.date(2022, 5, 3),
    )
    f.event(person, TimelineEvent.Kind.CUSTODY, dt.date(2022, 5, 3), case=case)
    f.verdict(
        person,
        case,
        dt.date(2023, 5, 3),
        regime="strict",
        term_years=3,
        in_force_on=dt.date(2023, 5, 3),
    )
    person.refresh_from_db()
    house_arrest = (dt.date(2022, 5, 3) - dt.date(2022, 1, 3)).days
    # The term runs from the first detention; the house arrest is not custody but counts half.
    expected = (
        dt.date(2024, 12, 31)
        + dt.timedelta(days=house_arrest)
        - dt.timedelta(days=house_arrest // 2)
    )
    assert person.expected_release == expected


def test_a_published_persons_release_moves_only_with_published_facts(client, admin_user):
    """A draft appeal verdict changes the back office's estimate, never the public date."""
    person = f.published(f.sourced(f.PersonFactory(status=Person.Status.SERVING)))
    case = f.published(f.sourced(f.CaseFactory()))
    f.defendant(person, case)
    f.published(f.sourced(f.charge(person, case, number="280.3", part="1", status="convicted")))
    f.published(f.sourced(f.event(person, "detention", dt.date(2022, 1, 1), case=case)))
    first = f.verdict(person, case, dt.date(2023, 1, 1), regime="strict", term_years=3)
    f.published(f.sourced(first))
    person.refresh_from_db()
    assert person.expected_release == dt.date(2024, 12, 31)

    appeal = f.sourced(
        f.verdict(
            person,
            case,
            dt.date(2023, 6, 1),
            instance="appeal",
            appeal_outcome="reduced",
            regime="strict",
            term_years=2,
        )
    )
    person.refresh_from_db()
    assert person.expected_release == dt.date(2024, 12, 31)
    drafts = selectors.release_estimate(person=person, public_only=False)
    assert drafts.date == dt.date(2023, 12, 31)

    client.force_login(admin_user)
    page = client.get(reverse("admin:registry_person_change", args=[person.pk])).content.decode()
    assert "expected release counting draft facts (not public)" in page.lower()
    assert "2023" in page.split("field-release_with_drafts")[1][:600]

    f.published(appeal)
    person.refresh_from_db()
    assert person.expected_release == dt.date(2023, 12, 31)
