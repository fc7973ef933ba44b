"""Who was held on a past date, counted by the database, against the rule counted by hand and
against the ordered custody changes the year-over-year page reads (stats.record)."""

import datetime as dt

import pytest

from tests.factories import CaseFactory, PersonFactory, event, published, verdict
from unheard.registry.models import Person, TimelineEvent, Verdict
from unheard.stats.record import RecordOnDate

pytestmark = pytest.mark.django_db
Kind = TimelineEvent.Kind
D = dt.date


@pytest.fixture
def people(db):
    case = published(CaseFactory(started_on=D(2019, 1, 1)))
    held = {}
    for name, facts in {
        # Detained 2020-03-01, a suspended sentence on 2021-05-01 frees him.
        "ivan": [(Kind.DETENTION, D(2020, 3, 1)), ("probation", D(2021, 5, 1))],
        # Detained and released on the same day: free at the end of it.
        "olga": [(Kind.DETENTION, D(2021, 1, 1)), (Kind.RELEASE, D(2021, 1, 1))],
        # Released 2020-06-01, detained again 2021-02-01.
        "petr": [
            (Kind.CUSTODY, D(2019, 6, 1)),
            (Kind.RELEASE, D(2020, 6, 1)),
            (Kind.DETENTION, D(2021, 2, 1)),
        ],
        # Fined on the day he was taken into custody, then taken into custody again.
        "zoya": [
            (Kind.DETENTION, D(2020, 1, 1)),
            ("fine", D(2020, 1, 1)),
            (Kind.DETENTION, D(2022, 1, 1)),
        ],
        # Detained 2020-02-01; a suspended sentence on 2020-04-01 is not published: held.
        "anna": [(Kind.DETENTION, D(2020, 2, 1)), ("draft:probation", D(2020, 4, 1))],
    }.items():
        person = published(PersonFactory(slug=name, status=Person.Status.PRE_TRIAL))
        held[name] = person.pk
        for kind, date in facts:
            if kind.startswith("draft:"):
                verdict(person, case, date, punishment=kind[6:], term_years=0, regime="")
            elif kind in Verdict.Punishment.values:
                published(verdict(person, case, date, punishment=kind, term_years=0, regime=""))
            else:
                published(event(person, kind, date))
    return held


@pytest.mark.parametrize(
    "date, names",
    [
        (D(2019, 12, 31), {"petr"}),
        (D(2020, 1, 1), {"petr"}),
        (D(2020, 3, 1), {"ivan", "petr", "anna"}),
        (D(2020, 6, 1), {"ivan", "anna"}),
        (D(2021, 1, 1), {"ivan", "anna"}),
        (D(2021, 5, 1), {"petr", "anna"}),
        (D(2022, 1, 1), {"petr", "zoya", "anna"}),
    ],
)
def test_held_on_a_past_date_counted_by_hand(people, date, names):
    record = RecordOnDate(date)
    assert set(record.held) == {people[name] for name in names}
    later = RecordOnDate(D(2023, 1, 1))
    assert later.held_on_each([date]) == {date: len(names)}
