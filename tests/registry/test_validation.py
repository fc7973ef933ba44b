"""Bad input from the registry issue: clear errors that say what and where, nothing half-saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories as f
from unheard.registry.models import Facility, TimelineEvent, Verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def defendant_in_case():
    person, case = f.PersonFactory(), f.CaseFactory()
    f.defendant(person, case)
    return person, case


def unsaved_verdict(person, case, **changes):
    values = {
        "person": person,
        "case": case,
        "court_en": "Court",
        "date": dt.date(2024, 5, 1),
        "punishment": Verdict.Punishment.IMPRISONMENT,
        "regime": "strict",
        "term_years": 5,
    }
    values.update(changes)
    return Verdict(**values)


def test_verdict_dated_before_the_detention(defendant_in_case):
    person, case = defendant_in_case
    f.charge(person, case)
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2024, 6, 1), case=case)
    with pytest.raises(ValidationError) as error:
        unsaved_verdict(person, case).full_clean()
    assert "before the detention" in str(error.value.message_dict["date"])


def test_partial_verdict_date_in_the_detention_month_is_accepted(defendant_in_case):
    person, case = defendant_in_case
    f.charge(person, case)
    f.event(person, TimelineEvent.Kind.DETENTION, dt.date(2024, 5, 20), case=case)
    unsaved_verdict(person, case, date=dt.date(2024, 5, 1), date_precision="month").full_clean()


def test_sentence_without_a_charge(defendant_in_case):
    person, case = defendant_in_case
    with pytest.raises(ValidationError) as error:
        unsaved_verdict(person, case).full_clean()
    assert "no charge" in str(error.value.message_dict["case"])


def test_negative_or_missing_term(defendant_in_case):
    person, case = defendant_in_case
    f.charge(person, case)
    with pytest.raises(ValidationError) as error:
        unsaved_verdict(person, case, term_years=-1).full_clean()
    assert "term_years" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        unsaved_verdict(person, case, term_years=0).full_clean()
    assert "needs a term" in str(error.value.message_dict["term_years"])


def test_charge_needs_the_person_in_the_case():
    person, case = f.PersonFactory(), f.CaseFactory()
    charge = f.models.Charge(person=person, case=case, article=f.ArticleFactory())
    with pytest.raises(ValidationError) as error:
        charge.full_clean()
    assert "not a defendant" in str(error.value.message_dict["case"])


def test_two_facilities_with_the_same_number_and_kind_in_one_region():
    region = f.RegionFactory()
    f.FacilityFactory(number="1", region=region, slug="first")
    duplicate = Facility(
        kind=Facility.Kind.SIZO, number="1", region=region, name_en="Other", slug="second"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already exists in this region" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Facility.objects.filter(number="1", region=region).count() == 1


def test_same_number_in_another_region_is_fine():
    f.FacilityFactory(number="1", slug="a")
    other = f.RegionFactory(slug="other-oblast", name_en="Other Oblast")
    Facility(kind=Facility.Kind.SIZO, number="1", region=other, name_en="B", slug="b").full_clean()


def test_event_end_before_start_and_future_dates():
    person = f.PersonFactory()
    event = TimelineEvent(
        person=person, kind="shizo", date=dt.date(2024, 5, 10), end_date=dt.date(2024, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end_date" in error.value.message_dict
    future = TimelineEvent(
        person=person, kind="search", date=dt.date.today() + dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError):
        future.full_clean()


def test_regime_only_for_colonies():
    facility = f.FacilityFactory.build(
        kind=Facility.Kind.SIZO, regime="strict", region=f.RegionFactory()
    )
    with pytest.raises(ValidationError) as error:
        facility.full_clean()
    assert "regime" in error.value.message_dict


def test_charges_are_cited_as_lawyers_cite_them_in_each_language():
    from django.utils import translation

    person, case = f.PersonFactory(), f.CaseFactory()
    f.defendant(person, case)
    charge = f.charge(person, case, number="205.4", part="2")
    with translation.override("en"):
        assert charge.citation == "Article 205.4 part 2 CC RF"
    with translation.override("ru"):
        assert charge.citation == "ч. 2 ст. 205.4 УК РФ"
