"""A small record whose every figure is counted by hand in the tests.

Today (the record as it stands):
- Anna: serving, home region North, held at a published facility in South, anarchist; detained
  2021-03-10 in case One (opened 2021-03-01), charged there under 205.4 (2021-03-12) and 205.5
  (undated), sentenced 2022-05-01 to 6 years; in case Two (opened 2023-01-01) charged under 280
  (2023-02-01); punishment cell 2023-02-01 → 2023-02-16 and 2023-06-01 → 2023-06-11.
- Boris: pre-trial, home region South; detained June 2023 in case One, charged under 205.4
  (undated); a torture report 2023-07-01.
- Vera: released; detained 2020-01-15 in case Three (opened 2019-12-01), sentenced 2021-06-01 to
  2 years, released 2022-01-15.
- Gleb: under house arrest since 2022-01-01, in no case.
- Dina (a draft) and Egor (synthetic, though published): held, detained, charged — never counted.
"""

import datetime as dt

import pytest

from tests.factories import (
    CaseFactory,
    FacilityFactory,
    PersonFactory,
    RegionFactory,
    charge,
    defendant,
    event,
    published,
    verdict,
)
from unheard.registry.models import ArticleCategory, Person, PoliticalView, TimelineEvent

Kind = TimelineEvent.Kind
Status = Person.Status


class Record:
    pass


@pytest.fixture
def record(db):
    r = Record()
    r.north = RegionFactory(slug="north", name_en="North Oblast")
    r.south = RegionFactory(slug="south", name_en="South Krai")
    r.facility = published(FacilityFactory(region=r.south, name_en="Colony No. 7"))
    r.one = published(CaseFactory(started_on=dt.date(2021, 3, 1), region=r.north))
    r.two = published(CaseFactory(started_on=dt.date(2023, 1, 1), region=r.north))
    r.three = published(CaseFactory(started_on=dt.date(2019, 12, 1), region=r.south))
    anarchist = PoliticalView.objects.create(slug="anarchist", name_en="anarchist")

    r.anna = published(
        PersonFactory(status=Status.SERVING, home_region=r.north, current_facility=r.facility)
    )
    r.anna.political_views.add(anarchist)
    defendant(r.anna, r.one)
    defendant(r.anna, r.two)
    published(event(r.anna, Kind.DETENTION, dt.date(2021, 3, 10), case=r.one))
    published(charge(r.anna, r.one, "205.4", brought_on=dt.date(2021, 3, 12)))
    published(charge(r.anna, r.one, "205.5"))
    published(verdict(r.anna, r.one, dt.date(2022, 5, 1), term_years=6))
    article_280 = charge(r.anna, r.two, "280", brought_on=dt.date(2023, 2, 1))
    article_280.article.category = ArticleCategory.EXTREMISM
    article_280.article.save()
    published(article_280)
    for start, end in (
        (dt.date(2023, 2, 1), dt.date(2023, 2, 16)),
        (dt.date(2023, 6, 1), dt.date(2023, 6, 11)),
    ):
        published(event(r.anna, Kind.PUNISHMENT_CELL, start, end_date=end))

    r.boris = published(PersonFactory(status=Status.PRE_TRIAL, home_region=r.south))
    defendant(r.boris, r.one)
    published(
        event(r.boris, Kind.DETENTION, dt.date(2023, 6, 1), case=r.one, date_precision="month")
    )
    published(charge(r.boris, r.one, "205.4"))
    published(event(r.boris, Kind.TORTURE, dt.date(2023, 7, 1)))

    r.vera = published(PersonFactory(status=Status.RELEASED))
    defendant(r.vera, r.three)
    published(event(r.vera, Kind.DETENTION, dt.date(2020, 1, 15), case=r.three))
    published(verdict(r.vera, r.three, dt.date(2021, 6, 1), term_years=2))
    published(event(r.vera, Kind.RELEASE, dt.date(2022, 1, 15), case=r.three))

    r.gleb = published(PersonFactory(status=Status.HOUSE_ARREST))
    published(event(r.gleb, Kind.HOUSE_ARREST, dt.date(2022, 1, 1)))

    r.dina = PersonFactory(status=Status.SERVING, home_region=r.north, current_facility=r.facility)
    r.egor = PersonFactory(status=Status.SERVING, home_region=r.north, is_synthetic=True)
    published(r.egor)
    for hidden in (r.dina, r.egor):
        hidden.political_views.add(anarchist)
        defendant(hidden, r.one)
        published(event(hidden, Kind.DETENTION, dt.date(2021, 1, 10), case=r.one))
        published(
            event(hidden, Kind.PUNISHMENT_CELL, dt.date(2023, 3, 1), end_date=dt.date(2023, 3, 5))
        )
        published(event(hidden, Kind.RELEASE, dt.date(2022, 3, 1)))
        published(charge(hidden, r.one, "205.4", brought_on=dt.date(2021, 1, 10)))
        published(verdict(hidden, r.one, dt.date(2021, 2, 1), term_years=20))
    return r
