"""The dates from which charges count on a past date (stats.charges, ChargeCounted): counted by
hand from a few people's facts, and kept in step with every change of the record that can move
them, in the same transaction."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.factories import (
    CaseFactory,
    PersonFactory,
    charge,
    defendant,
    event,
    published,
    verdict,
)
from unheard.core.models import PublicationState
from unheard.registry.models import Charge, Person, TimelineEvent
from unheard.stats.models import ChargeCounted, CustodyPeriod
from unheard.stats.record import RecordOnDate
from unheard.stats.services import charges_counted_rebuild, kept_rows_rewrite

pytestmark = pytest.mark.django_db
Kind = TimelineEvent.Kind
D = dt.date


def counted(person) -> list[tuple]:
    kept_rows_rewrite()  # as on commit: the test's transaction never commits
    rows = ChargeCounted.objects.filter(person=person).order_by("article__number", "counted_from")
    return list(rows.values_list("article__number", "counted_from"))


def charged_on(date) -> dict[str, int]:
    people = RecordOnDate(date).people_charged(by="article__number")
    return dict(people)


@pytest.fixture
def case(db):
    return published(CaseFactory(started_on=D(2019, 1, 1)))


@pytest.fixture
def person(case):
    person = published(PersonFactory())
    defendant(person, case)
    return person


def test_a_charge_counts_from_the_later_of_its_prosecution_and_its_own_date(person, case):
    undated = published(charge(person, case, number="205.4"))
    assert counted(person) == [("205.4", D(2019, 1, 1))]  # the case's opening
    published(charge(person, case, number="207.3", brought_on=D(2020, 5, 1)))
    # The prosecution now begins with the person's earliest dated fact in the case.
    assert counted(person) == [("205.4", D(2020, 5, 1)), ("207.3", D(2020, 5, 1))]
    published(event(person, Kind.DETENTION, D(2019, 6, 1), case=case))
    assert counted(person) == [("205.4", D(2019, 6, 1)), ("207.3", D(2020, 5, 1))]
    assert charged_on(D(2019, 5, 31)) == {}
    assert charged_on(D(2019, 6, 1)) == {"205.4": 1}
    assert charged_on(D(2020, 5, 1)) == {"205.4": 1, "207.3": 1}
    undated.brought_on = D(2021, 1, 1)
    undated.save()
    assert counted(person) == [("205.4", D(2021, 1, 1)), ("207.3", D(2020, 5, 1))]
    # A verdict in the case is a dated fact too.
    published(verdict(person, case, D(2018, 12, 1)))
    assert counted(person) == [("205.4", D(2021, 1, 1)), ("207.3", D(2020, 5, 1))]
    published(charge(person, case, number="275"))
    assert ("275", D(2018, 12, 1)) in counted(person)


def test_a_charge_counts_only_in_a_public_prosecution(person, case):
    other_case = published(CaseFactory(started_on=D(2020, 1, 1)))
    unlinked = published(charge(person, other_case, number="275"))
    assert counted(person) == []
    link = defendant(person, other_case)
    assert counted(person) == [("275", D(2020, 1, 1))]
    link.delete()
    assert counted(person) == []
    defendant(person, other_case)
    other_case.publication_state = PublicationState.DRAFT
    other_case.save()
    assert counted(person) == []
    published(other_case)
    unlinked.publication_state = PublicationState.DRAFT
    unlinked.save()
    assert counted(person) == []
    unlinked.delete()
    assert counted(person) == []


def test_the_cases_opening_moves_the_charges_and_an_undated_one_counts_today_only(person, case):
    published(charge(person, case, number="205.4"))
    case.started_on = D(2022, 3, 1)
    case.save()
    assert counted(person) == [("205.4", D(2022, 3, 1))]
    case.started_on = None
    case.save()
    assert counted(person) == [("205.4", None)]
    assert charged_on(D(2025, 1, 1)) == {}
    today = RecordOnDate()
    assert today.people_charged(by="article__number") == {"205.4": 1}


def test_charges_alike_are_one_row_and_each_person_counts_once(person, case):
    published(charge(person, case, number="205.4", part="1"))
    published(charge(person, case, number="205.4", part="2"))
    assert counted(person) == [("205.4", D(2019, 1, 1))]
    second_case = published(CaseFactory(started_on=D(2021, 1, 1)))
    defendant(person, second_case)
    published(charge(person, second_case, number="205.4"))
    assert counted(person) == [("205.4", D(2019, 1, 1)), ("205.4", D(2021, 1, 1))]
    assert charged_on(D(2022, 1, 1)) == {"205.4": 1}
    by_category = RecordOnDate(D(2022, 1, 1)).people_charged(by="article__category")
    assert by_category == {"terrorism": 1}


def test_a_charge_moved_to_another_person_or_article_moves_its_row(person, case):
    moved = published(charge(person, case, number="205.4"))
    other = published(PersonFactory())
    defendant(other, case)
    moved.person = other
    moved.save()
    assert counted(person) == [] and counted(other) == [("205.4", D(2019, 1, 1))]
    moved.article = published(charge(other, case, number="275")).article
    moved.save()
    assert counted(other) == [("275", D(2019, 1, 1))]


def test_an_event_moved_to_another_person_recomputes_both(person, case):
    """Of the charges' dates and of the periods of custody."""
    published(charge(person, case, number="205.4"))
    detention = published(event(person, Kind.DETENTION, D(2019, 6, 1), case=case))
    assert counted(person) == [("205.4", D(2019, 6, 1))]
    assert CustodyPeriod.objects.filter(person=person).exists()
    other = published(PersonFactory())
    detention.person = other
    detention.save()
    assert counted(person) == [("205.4", D(2019, 1, 1))]
    assert not CustodyPeriod.objects.filter(person=person).exists()
    assert CustodyPeriod.objects.filter(person=other).count() == 1
    detention.person = person
    detention.save()
    assert counted(person) == [("205.4", D(2019, 6, 1))]
    detention.case = None  # taken out of the case: no longer a fact of the prosecution
    detention.save()
    assert counted(person) == [("205.4", D(2019, 1, 1))]
    published(event(person, Kind.DETENTION, D(2018, 6, 1)))  # outside any case
    assert counted(person) == [("205.4", D(2019, 1, 1))]


def test_only_public_people_have_rows(person, case):
    published(charge(person, case, number="205.4"))
    person.publication_state = PublicationState.DRAFT
    person.save()
    assert counted(person) == []
    published(person)
    assert counted(person) == [("205.4", D(2019, 1, 1))]
    person.is_synthetic = True
    person.save(update_fields=["is_synthetic"])
    assert counted(person) == []
    person.is_synthetic = False
    person.save(update_fields=["is_synthetic"])
    with transaction.atomic():
        person.delete()
    assert not ChargeCounted.objects.exists()


def test_the_table_agrees_with_the_record_read_today(person, case):
    published(charge(person, case, number="205.4"))
    published(charge(person, case, number="207.3", brought_on=D(2020, 5, 1)))
    undated_case = published(CaseFactory())
    second = published(PersonFactory())
    defendant(second, undated_case)
    published(charge(second, undated_case, number="205.4"))
    today = RecordOnDate()
    table = ChargeCounted.objects.counted_on(today.as_of, is_today=True)
    rows = table.values_list("person", "article__number").distinct()
    assert sorted(rows) == sorted(
        [(person.pk, "205.4"), (person.pk, "207.3"), (second.pk, "205.4")]
    )
    assert today.people_charged(by="article__number") == {"205.4": 2, "207.3": 1}


def test_bulk_writes_are_caught_up_by_a_rebuild(person, case):
    published(charge(person, case, number="205.4"))
    assert counted(person) == [("205.4", D(2019, 1, 1))]
    article = Charge.objects.get().article
    Charge.objects.bulk_create(
        [Charge(person=person, case=case, article=article, brought_on=D(2018, 1, 1))]
    )
    Charge.objects.filter(pk__in=Charge.objects.values("pk")).update(publication_state="published")
    assert counted(person) == [("205.4", D(2019, 1, 1))]  # bulk writes send no signal
    assert charges_counted_rebuild(person_ids=[person.pk]) == 1
    assert counted(person) == [("205.4", D(2018, 1, 1))]
    Person.objects.filter(pk=person.pk).update(publication_state=PublicationState.DRAFT)
    output = io.StringIO()
    call_command("charges_rebuild", stdout=output)
    assert output.getvalue().startswith("0 counted charges and 0 prosecutions written")
    assert counted(person) == []
