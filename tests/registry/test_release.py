"""Article 72: the credit of custody and house arrest towards a term of imprisonment."""

import datetime as dt
from decimal import Decimal

from unheard.core.dates import DatePrecision
from unheard.registry.release import Custody, credit_ratio, estimate_release


def custody(**changes) -> Custody:
    values = {
        "punishment": "imprisonment",
        "regime": "general",
        "term_years": 3,
        "term_months": 0,
        "verdict_date": dt.date(2023, 1, 1),
        "in_force_on": dt.date(2023, 1, 1),
        "custody_start": dt.date(2022, 1, 1),
        "articles": (("280.3", "1"),),
    }
    values.update(changes)
    return Custody(**values)


def test_one_for_one_in_strict_regime_ends_the_day_before_the_anniversary():
    estimate = estimate_release(custody(regime="strict"))
    assert estimate.date == dt.date(2024, 12, 31)
    assert estimate.credit_ratio == Decimal("1")


def test_general_regime_credits_one_and_a_half_days_per_day_of_custody():
    # 365 days in custody before the verdict entered into force: 182 extra days credited.
    estimate = estimate_release(custody(regime="general"))
    assert estimate.date == dt.date(2024, 12, 31) - dt.timedelta(days=182)


def test_colony_settlement_credits_two_days():
    estimate = estimate_release(custody(regime="settlement"))
    assert estimate.date == dt.date(2024, 12, 31) - dt.timedelta(days=365)


def test_terrorism_articles_are_excluded_by_part_3_2():
    ratio, notes = credit_ratio(custody(articles=(("205.2", "2"),)))
    assert ratio == Decimal("1")
    assert notes == ["part_3_2_exception"]


def test_part_3_2_exclusion_depends_on_the_part_for_some_articles():
    assert credit_ratio(custody(articles=(("206", "1"),)))[0] == Decimal("1.5")
    assert credit_ratio(custody(articles=(("206", "3"),)))[0] == Decimal("1")


def test_house_arrest_counts_two_days_for_one():
    estimate = estimate_release(custody(regime="strict", house_arrest_days=100))
    assert estimate.date == dt.date(2024, 12, 31) - dt.timedelta(days=50)
    assert "house_arrest_credited" in estimate.assumptions


def test_forced_labour_credits_two_days():
    estimate = estimate_release(custody(punishment="forced_labour", regime="", term_years=2))
    assert estimate.credit_ratio == Decimal("2")
    assert estimate.date == dt.date(2023, 12, 31) - dt.timedelta(days=365)


def test_unknown_facts_become_stated_assumptions():
    estimate = estimate_release(
        custody(
            regime="",
            in_force_on=None,
            custody_start=dt.date(2022, 1, 1),
            custody_start_precision=DatePrecision.MONTH,
        )
    )
    assert {"regime_unknown", "in_force_assumed_verdict_date", "custody_start_partial"} <= set(
        estimate.assumptions
    )
    assert estimate.precision == DatePrecision.MONTH


def test_no_estimate_for_non_custodial_punishment():
    assert estimate_release(custody(punishment="fine")).date is None
    assert estimate_release(custody(term_years=0)).reason == "no_term"


def test_months_are_added_calendar_wise():
    estimate = estimate_release(
        custody(regime="strict", term_years=0, term_months=6, custody_start=dt.date(2023, 8, 31))
    )
    assert estimate.date == dt.date(2024, 2, 28)
