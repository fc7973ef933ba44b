"""The expected release date follows the record: recomputed on every change."""

import datetime as dt

import pytest

from tests import factories as f
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
