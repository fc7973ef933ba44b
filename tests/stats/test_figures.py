"""Each figure counted by hand on the record of conftest.py, today and on past dates."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CaseFactory, PersonFactory, charge, defendant, published, verdict
from unheard.registry import selectors as registry_selectors
from unheard.registry import services as registry_services
from unheard.registry.models import Person
from unheard.stats.figures import figures
from unheard.stats.selectors import UnknownFigure, figure_count, figures_count

pytestmark = pytest.mark.django_db


def lines(key, as_of=None):
    return {line.label: line.values for line in figure_count(key=key, as_of=as_of).lines}


def test_people_held_now_by_status_is_the_home_page_count(record):
    assert lines("held") == {
        "in pre-trial detention": (1,),
        "serving a sentence in a colony or prison": (1,),
    }
    assert registry_selectors.people_held_count() == 2
    assert figure_count(key="held").summary == ["In all, 2 people held."]


def test_people_held_on_past_dates_follow_the_dated_facts(record):
    # Anna detained, not yet sentenced; Vera detained and sentenced that very day.
    assert lines("held", dt.date(2021, 6, 1)) == {
        "in pre-trial detention": (1,),
        "serving a sentence in a colony or prison": (1,),
    }
    # Vera released in January 2022; Anna sentenced in May; Gleb's house arrest is not custody.
    assert lines("held", dt.date(2022, 6, 1)) == {"serving a sentence in a colony or prison": (1,)}
    # Boris's detention is dated "June 2023": it counts from 1 June.
    assert sum(v[0] for v in lines("held", dt.date(2023, 6, 1)).values()) == 2
    assert lines("held", dt.date(2019, 1, 1)) == {}


def test_a_person_counts_once_a_prosecution_once_per_case(record):
    assert lines("prosecutions") == {"people prosecuted": (3,), "prosecutions": (4,)}
    # Boris's prosecution begins with his detention (June 2023), not the case's opening in 2021.
    assert lines("prosecutions", dt.date(2021, 6, 1)) == {
        "people prosecuted": (2,),
        "prosecutions": (2,),
    }


def test_regions_and_facilities(record):
    assert lines("home-regions") == {"North Oblast": (1, None), "South Krai": (1, None)}
    assert lines("detention-regions") == {
        "South Krai": (1, None),
        "place of detention not recorded": (1, None),
    }
    assert lines("facilities") == {"Colony No. 7": (1,)}
    # No dated event names a facility, so on a past date the place is not recorded.
    assert lines("detention-regions", dt.date(2022, 6, 1)) == {
        "place of detention not recorded": (1, None)
    }


def test_people_held_by_region_of_investigation(record):
    # Anna (cases One and Two, both North) counts once in North; Boris (case One) too.
    assert lines("investigation-regions") == {"North Oblast": (2, None)}
    # Hanna, held with no dated fact (counted by the database), is in cases of North and South:
    # once in each. Ivan, held, is in no case.
    hanna = published(PersonFactory(status=Person.Status.PRE_TRIAL))
    defendant(hanna, record.two)
    defendant(hanna, record.three)
    published(PersonFactory(status=Person.Status.SERVING))
    assert lines("investigation-regions") == {
        "North Oblast": (3, None),
        "South Krai": (1, None),
        "no case with a recorded region": (1, None),
    }
    # 1 June 2021: Anna held in case One (North; case Two's prosecution began in 2023), Vera
    # in case Three (South); Hanna and Ivan have no dated custody.
    assert lines("investigation-regions", dt.date(2021, 6, 1)) == {
        "North Oblast": (1, None),
        "South Krai": (1, None),
    }


def test_articles_and_their_categories(record):
    assert lines("articles") == {"205.4 CC RF": (2,), "205.5 CC RF": (1,), "280 CC RF": (1,)}
    assert lines("article-categories") == {"terrorism": (2,), "extremism": (1,)}
    # On 1 June 2021 only Anna's prosecution had begun; her undated 205.5 charge counts with it.
    assert lines("articles", dt.date(2021, 6, 1)) == {"205.4 CC RF": (1,), "205.5 CC RF": (1,)}


def test_prosecutions_without_a_dated_fact_begin_with_the_case_opening(record):
    """Fyodor has no dated charge, event or verdict in any case (the database counts such
    people; the others are read into Python): his prosecutions begin with each case's opening,
    an undated case's only today. Galina's charge is in a case she is not a defendant in."""
    fyodor = published(PersonFactory(status=Person.Status.RELEASED))
    undated = published(CaseFactory())
    for case, number in ((record.three, "280"), (record.two, "205.4"), (undated, "205.5")):
        defendant(fyodor, case)
        published(charge(fyodor, case, number))
    galina = published(PersonFactory(status=Person.Status.RELEASED))
    published(charge(galina, record.three, "205.5"))

    assert lines("prosecutions") == {"people prosecuted": (4,), "prosecutions": (7,)}
    assert lines("articles") == {"205.4 CC RF": (3,), "205.5 CC RF": (2,), "280 CC RF": (2,)}
    assert lines("article-categories") == {"terrorism": (3,), "extremism": (2,)}
    # 1 June 2022: case Three (opened 2019) had begun, case Two (opened 2023) had not.
    past = dt.date(2022, 6, 1)
    assert lines("prosecutions", past) == {"people prosecuted": (3,), "prosecutions": (3,)}
    assert lines("articles", past) == {"205.4 CC RF": (1,), "205.5 CC RF": (1,), "280 CC RF": (1,)}
    assert lines("article-categories", past) == {"terrorism": (1,), "extremism": (1,)}


def test_political_views_and_organisations(record):
    assert lines("political-views") == {"anarchist": (1,), "no political view recorded": (1,)}
    assert lines("organisations") == {"no organisation recorded": (2,)}


def test_new_detentions_and_cases_per_year(record):
    assert lines("detentions") == {"2020": (1,), "2021": (1,), "2023": (1,)}
    assert lines("detentions", dt.date(2022, 12, 31)) == {"2020": (1,), "2021": (1,)}
    assert lines("cases") == {"2019": (1,), "2021": (1,), "2023": (1,)}
    assert lines("cases", dt.date(2022, 1, 1)) == {"2019": (1,), "2021": (1,)}


def nonzero(key, as_of=None):
    counted = figure_count(key=key, as_of=as_of)
    return len(counted.lines), {line.label: line.values for line in counted.lines if line.values[0]}


def test_new_detentions_and_cases_per_month_of_the_last_24_months(record):
    # 24 months, 2021-08 to 2023-07: Boris's detention "June 2023" counts in June; Anna's
    # (March 2021) and Vera's (January 2020) are earlier. Case Two was opened in January 2023.
    summer = dt.date(2023, 7, 15)
    assert nonzero("detentions-per-month", summer) == (24, {"2023-06": (1,)})
    assert nonzero("cases-per-month", summer) == (24, {"2023-01": (1,)})
    months = [line.label for line in figure_count(key="cases-per-month", as_of=summer).lines]
    assert (months[0], months[-1]) == ("2021-08", "2023-07")
    # 2021-01 to 2022-12: Anna detained, case One opened, both in March 2021.
    assert nonzero("detentions-per-month", dt.date(2022, 12, 31)) == (24, {"2021-03": (1,)})
    assert nonzero("cases-per-month", dt.date(2022, 12, 31)) == (24, {"2021-03": (1,)})
    today = timezone.localdate()
    latest = figure_count(key="detentions-per-month").lines[-1]
    assert latest == (f"{today.year}-{today.month:02d}", (0,), None)


def test_sentence_lengths_and_median(record):
    counted = figure_count(key="sentences")
    found = {line.label: line.values[0] for line in counted.lines if line.values[0]}
    assert found == {"2 to under 5 years": 1, "5 to under 10 years": 1}
    assert counted.summary == ["The median term is 2 years."]
    before = figure_count(key="sentences", as_of=dt.date(2022, 1, 1))
    assert sum(line.values[0] for line in before.lines) == 1


def test_years_of_imprisonment_handed_down_per_year(record):
    # Vera: 2 years (June 2021); Anna: 6 years (May 2022). Dina's and Egor's are never counted.
    assert lines("sentence-years") == {"2021": (1, 2.0, 0), "2022": (1, 6.0, 0)}
    # An appeal reducing Anna's term is not a new sentence; a first-instance term of 1 year
    # 6 months, a life sentence and a verdict with no term recorded are added in 2023.
    published(
        verdict(record.anna, record.one, dt.date(2022, 9, 1), term_years=5, instance="appeal")
    )
    published(verdict(record.boris, record.one, dt.date(2023, 3, 1), term_years=1, term_months=6))
    published(verdict(record.boris, record.one, dt.date(2023, 4, 1), life_sentence=True))
    published(verdict(record.vera, record.three, dt.date(2023, 5, 1), term_years=0))
    published(verdict(record.vera, record.three, dt.date(2023, 6, 1), punishment="fine"))
    assert lines("sentence-years") == {
        "2021": (1, 2.0, 0),
        "2022": (1, 6.0, 0),
        "2023": (2, 1.5, 1),
    }
    assert lines("sentence-years", dt.date(2021, 12, 31)) == {"2021": (1, 2.0, 0)}


def test_punishment_cells_people_placements_days(record):
    assert lines("punishment-cells") == {"2023": (1, 2, 25)}
    # On 10 February 2023 the first placement had lasted 9 days.
    assert lines("punishment-cells", dt.date(2023, 2, 10)) == {"2023": (1, 1, 9)}


def test_torture_reports_and_releases_per_year(record):
    assert lines("torture") == {"2023": (1, 1)}
    assert lines("releases") == {"2022": (1, 1)}
    assert lines("releases", dt.date(2021, 12, 31)) == {}


def test_a_change_to_the_record_changes_the_figure(record):
    assert figure_count(key="held").summary == ["In all, 2 people held."]
    registry_services.person_update(
        person=record.boris, data={"status": Person.Status.RELEASED}, acting_user=None
    )
    assert figure_count(key="held").summary == ["In all, 1 person held."]
    assert registry_selectors.people_held_count() == 1


def test_every_figure_counts_together_as_alone(record):
    together = {counted.figure.key: counted.lines for counted in figures_count()}
    assert list(together) == [figure.key for figure in figures()]
    for figure in figures():
        assert together[figure.key] == figure_count(key=figure.key).lines


def test_an_unknown_figure_is_refused():
    with pytest.raises(UnknownFigure):
        figure_count(key="nope")
