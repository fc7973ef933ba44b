"""The periods of custody the statistics read a past date from (stats.custody, CustodyPeriod):
counted by hand from a few people's facts, and kept in step with every change of the record
that can move them, in the same transaction."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.factories import CaseFactory, PersonFactory, event, published, verdict
from unheard.core.models import PublicationState
from unheard.registry.models import Person, TimelineEvent
from unheard.stats.custody import custody_periods
from unheard.stats.models import CustodyPeriod
from unheard.stats.record import RecordOnDate
from unheard.stats.services import custody_periods_rebuild, kept_rows_rewrite

pytestmark = pytest.mark.django_db
Kind = TimelineEvent.Kind
D = dt.date
OPEN, CLOSE = 0, 1


def periods(person) -> list[tuple]:
    kept_rows_rewrite()  # as on commit: the test's transaction never commits
    rows = CustodyPeriod.objects.filter(person=person).order_by("began")
    return list(rows.values_list("began", "ended"))


def held_on(date) -> set[int]:
    kept_rows_rewrite()
    return set(CustodyPeriod.objects.public().held_on(date).values_list("person", flat=True))


@pytest.fixture
def case(db):
    return published(CaseFactory(started_on=D(2019, 1, 1)))


@pytest.fixture
def person(db):
    return published(PersonFactory(status=Person.Status.PRE_TRIAL))


def test_periods_from_changes_counted_by_hand():
    changes = [
        (D(2019, 6, 1), OPEN, True),
        (D(2019, 7, 1), OPEN, True),  # already held: nothing changes
        (D(2020, 6, 1), CLOSE, False),
        (D(2020, 8, 1), CLOSE, False),  # already free
        (D(2021, 1, 1), CLOSE, False),  # same day as an opening: sorted after it
        (D(2021, 1, 1), OPEN, True),
        (D(2022, 2, 1), OPEN, True),
    ]
    assert custody_periods(changes) == [
        (D(2019, 6, 1), D(2020, 6, 1)),
        (D(2021, 1, 1), D(2021, 1, 1)),
        (D(2022, 2, 1), None),
    ]
    assert custody_periods([]) == []


def test_opening_and_closing_events_make_a_period(person):
    published(event(person, Kind.DETENTION, D(2020, 3, 1)))
    assert periods(person) == [(D(2020, 3, 1), None)]
    published(event(person, Kind.RELEASE, D(2021, 3, 1)))
    published(event(person, Kind.CUSTODY, D(2022, 1, 1)))
    assert periods(person) == [(D(2020, 3, 1), D(2021, 3, 1)), (D(2022, 1, 1), None)]
    # The day a period ends the person is free at the end of it; the day it begins, held.
    assert person.pk in held_on(D(2020, 3, 1)) and person.pk in held_on(D(2021, 2, 28))
    assert person.pk not in held_on(D(2021, 3, 1)) | held_on(D(2020, 2, 29))


def test_same_day_detention_and_release_leaves_the_person_free(person):
    published(event(person, Kind.DETENTION, D(2021, 1, 1)))
    published(event(person, Kind.RELEASE, D(2021, 1, 1)))
    assert periods(person) == [(D(2021, 1, 1), D(2021, 1, 1))]
    assert person.pk not in held_on(D(2021, 1, 1))
    assert RecordOnDate(D(2022, 1, 1)).custody_per_date == [(D(2021, 1, 1), 1, 0)]


def test_a_freeing_verdict_ends_custody_and_a_custodial_one_does_not(person, case):
    published(event(person, Kind.DETENTION, D(2020, 3, 1)))
    published(verdict(person, case, D(2020, 9, 1)))  # six years' imprisonment
    assert periods(person) == [(D(2020, 3, 1), None)]
    probation = published(
        verdict(person, case, D(2021, 5, 1), punishment="probation", term_years=0, regime="")
    )
    assert periods(person) == [(D(2020, 3, 1), D(2021, 5, 1))]
    # An appeal overturning the suspended sentence does not take the person back into custody:
    # only a detention or custody order does.
    published(verdict(person, case, D(2021, 9, 1), appeal_outcome="overturned"))
    assert periods(person) == [(D(2020, 3, 1), D(2021, 5, 1))]
    probation.delete()
    assert periods(person) == [(D(2020, 3, 1), None)]


def test_draft_facts_and_facts_in_a_withdrawn_case_do_not_count(person, case):
    detention = event(person, Kind.DETENTION, D(2020, 3, 1))
    assert periods(person) == []
    published(detention)
    published(verdict(person, case, D(2021, 5, 1), punishment="fine", term_years=0, regime=""))
    assert periods(person) == [(D(2020, 3, 1), D(2021, 5, 1))]
    case.publication_state = PublicationState.DRAFT
    case.save()
    assert periods(person) == [(D(2020, 3, 1), None)]
    detention.publication_state = PublicationState.DRAFT
    detention.save()
    assert periods(person) == []


def test_deleting_an_event_recomputes_the_periods(person):
    published(event(person, Kind.DETENTION, D(2020, 3, 1)))
    release = published(event(person, Kind.RELEASE, D(2021, 3, 1)))
    release.delete()
    assert periods(person) == [(D(2020, 3, 1), None)]


def test_only_public_people_have_periods(person):
    published(event(person, Kind.DETENTION, D(2020, 3, 1)))
    person.publication_state = PublicationState.DRAFT
    person.save()
    assert periods(person) == []
    published(person)
    assert periods(person) == [(D(2020, 3, 1), None)]
    person.is_synthetic = True
    person.save(update_fields=["is_synthetic"])
    assert periods(person) == []
    synthetic = published(PersonFactory(is_synthetic=True))
    published(event(synthetic, Kind.DETENTION, D(2020, 3, 1)))
    assert periods(synthetic) == []


def test_deleting_a_person_deletes_their_periods(person, case):
    published(event(person, Kind.DETENTION, D(2020, 3, 1)))
    published(verdict(person, case, D(2021, 5, 1), punishment="fine", term_years=0, regime=""))
    with transaction.atomic():
        person.delete()
    assert not CustodyPeriod.objects.exists()


def test_bulk_writes_are_caught_up_by_a_rebuild(person):
    published(event(person, Kind.DETENTION, D(2020, 3, 1)))
    assert periods(person) == [(D(2020, 3, 1), None)]
    other = published(PersonFactory())
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                person=other, kind=Kind.CUSTODY, date=D(2019, 1, 1), publication_state="published"
            )
        ]
    )
    Person.objects.filter(pk=person.pk).update(publication_state=PublicationState.DRAFT)
    assert custody_periods_rebuild(person_ids=[other.pk]) == 1
    assert periods(other) == [(D(2019, 1, 1), None)] and periods(person) != []
    output = io.StringIO()
    call_command("custody_rebuild", stdout=output)
    assert output.getvalue().startswith("1 periods of custody written")
    assert periods(person) == [] and periods(other) == [(D(2019, 1, 1), None)]
