"""The dates from which prosecutions count on a past date (ProsecutionCounted): counted by hand
from one person's facts; the figures that read them (people held by region of investigation,
people prosecuted); and the kept rows rewritten once per transaction."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import CaseFactory, PersonFactory, RegionFactory, charge, defendant, event
from tests.factories import published as publish
from unheard.registry.models import CaseDefendant, Region, TimelineEvent
from unheard.stats.models import ChargeCounted, ProsecutionCounted
from unheard.stats.record import RecordOnDate
from unheard.stats.services import kept_rows_rewrite, prosecutions_counted_rebuild

pytestmark = pytest.mark.django_db
Kind = TimelineEvent.Kind
D = dt.date


def prosecutions(person) -> list[tuple]:
    kept_rows_rewrite()  # as on commit: the test's transaction never commits
    rows = ProsecutionCounted.objects.filter(person=person).order_by("case__started_on")
    return list(rows.values_list("case__slug", "counted_from"))


def by_region(date) -> dict:
    regions = RecordOnDate(date).held_by_case_region()
    slugs = dict(Region.objects.values_list("pk", "slug"))
    return {slugs.get(pk): count for pk, count in regions.items()}


@pytest.fixture
def north(db):
    return RegionFactory(slug="north", name_en="North Oblast")


@pytest.fixture
def person(north):
    """Held since 2020-01-10 (a detention outside any case), a defendant in case `one` (North,
    opened 2019-01-01) and `two` (South, opened 2021-01-01)."""
    person = publish(PersonFactory())
    publish(event(person, Kind.DETENTION, D(2020, 1, 10)))
    south = RegionFactory(slug="south", name_en="South Krai")
    for slug, started_on, region in (("one", D(2019, 1, 1), north), ("two", D(2021, 1, 1), south)):
        defendant(person, publish(CaseFactory(slug=slug, started_on=started_on, region=region)))
    return person


def test_a_prosecution_counts_from_its_beginning(person):
    assert prosecutions(person) == [("one", D(2019, 1, 1)), ("two", D(2021, 1, 1))]
    # The case that opens after the date is not counted on it.
    assert by_region(D(2020, 6, 1)) == {"north": 1, None: 0}
    assert RecordOnDate(D(2020, 6, 1)).prosecution_counts() == (1, 1)
    assert by_region(D(2021, 6, 1)) == {"north": 1, "south": 1, None: 0}
    assert RecordOnDate(D(2018, 6, 1)).prosecution_counts() == (0, 0)


def test_a_dated_fact_moves_the_beginning_and_a_moved_fact_moves_it_back(person, north):
    two = CaseDefendant.objects.get(case__slug="two").case
    dated = publish(charge(person, two, number="280", brought_on=D(2020, 3, 1)))
    assert prosecutions(person) == [("one", D(2019, 1, 1)), ("two", D(2020, 3, 1))]
    assert by_region(D(2020, 6, 1)) == {"north": 1, "south": 1, None: 0}
    other = publish(PersonFactory())
    dated.person = other
    dated.save()
    assert prosecutions(person) == [("one", D(2019, 1, 1)), ("two", D(2021, 1, 1))]
    assert prosecutions(other) == []  # charged, but not a defendant: no prosecution
    assert by_region(D(2020, 6, 1)) == {"north": 1, None: 0}
    # The region is read with the case: changing it rewrites nothing and moves the count.
    two.region = north
    two.save()
    assert by_region(D(2021, 6, 1)) == {"north": 1, None: 0}
    two.region = None
    two.save()
    one = CaseDefendant.objects.get(case__slug="one").case
    one.region = None
    one.save()
    assert by_region(D(2021, 6, 1)) == {None: 1}


def test_bulk_writes_are_caught_up_by_a_rebuild(person):
    assert len(prosecutions(person)) == 2
    three = publish(CaseFactory(slug="three", started_on=D(2018, 1, 1)))
    CaseDefendant.objects.bulk_create([CaseDefendant(person=person, case=three)])
    assert len(prosecutions(person)) == 2  # bulk writes send no signal
    assert prosecutions_counted_rebuild(person_ids=[person.pk]) == 3
    assert prosecutions(person)[0] == ("three", D(2018, 1, 1))
    assert RecordOnDate(D(2018, 6, 1)).prosecution_counts() == (1, 1)
    ProsecutionCounted.objects.all().delete()
    output = io.StringIO()
    call_command("charges_rebuild", stdout=output)
    assert "0 counted charges and 3 prosecutions written" in output.getvalue()


def test_a_transaction_that_saves_many_facts_rewrites_each_person_once(
    person, django_capture_on_commit_callbacks
):
    one = CaseDefendant.objects.get(case__slug="one").case
    prosecutions(person)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        for day in range(1, 11):
            publish(charge(person, one, number="205.4", brought_on=D(2019, 2, day)))
        # Not yet rewritten: the rows wait for the commit.
        assert not ChargeCounted.objects.filter(person=person).exists()
    rewrites = [q for q in queries if q["sql"].startswith('DELETE FROM "stats_chargecounted"')]
    assert len(rewrites) == 1
    assert list(ChargeCounted.objects.filter(person=person).values_list("counted_from")) == [
        (D(2019, 2, day),) for day in range(1, 11)
    ]
