import datetime as dt

import pytest
from django.utils import translation

from unheard.core.dates import (
    DatePrecision,
    PartialDate,
    anniversary,
    months_touched,
    next_anniversary,
    normalise_partial,
    upcoming_anniversary,
)


@pytest.mark.parametrize(
    ("text", "value", "precision", "latest"),
    [
        ("2023-09-14", dt.date(2023, 9, 14), DatePrecision.DAY, dt.date(2023, 9, 14)),
        ("2024-02", dt.date(2024, 2, 1), DatePrecision.MONTH, dt.date(2024, 2, 29)),
        ("autumn 2023", dt.date(2023, 9, 1), DatePrecision.SEASON, dt.date(2023, 11, 30)),
        ("winter 2023", dt.date(2023, 12, 1), DatePrecision.SEASON, dt.date(2024, 2, 29)),
        ("2022", dt.date(2022, 1, 1), DatePrecision.YEAR, dt.date(2022, 12, 31)),
    ],
)
def test_parse_and_period(text, value, precision, latest):
    date = PartialDate.parse(text)
    assert (date.value, date.precision, date.latest()) == (value, precision, latest)


def test_partial_dates_must_be_stored_at_period_start():
    with pytest.raises(ValueError):
        PartialDate(dt.date(2024, 3, 5), DatePrecision.MONTH)
    with pytest.raises(ValueError):
        PartialDate(dt.date(2024, 4, 1), DatePrecision.SEASON)


def test_normalise_moves_to_period_start():
    assert normalise_partial(dt.date(2024, 1, 20), DatePrecision.SEASON) == dt.date(2023, 12, 1)
    assert normalise_partial(dt.date(2024, 7, 20), DatePrecision.SEASON) == dt.date(2024, 6, 1)
    assert normalise_partial(dt.date(2024, 7, 20), DatePrecision.YEAR) == dt.date(2024, 1, 1)


def test_display_is_localised():
    with translation.override("en"):
        assert str(PartialDate.parse("2024-03")) == "March 2024"
        assert str(PartialDate.parse("autumn 2023")) == "autumn 2023"
    with translation.override("ru"):
        assert "2024" in str(PartialDate.parse("2024-03"))
        assert str(PartialDate.parse("autumn 2023")) == "осень 2023"
    assert PartialDate.parse("2024-03").iso() == "2024-03"


# Anniversaries and birthdays ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "year", "expected"),
    [
        (dt.date(1996, 2, 29), 2027, dt.date(2027, 2, 28)),  # common year
        (dt.date(1996, 2, 29), 2028, dt.date(2028, 2, 29)),  # leap year
        (dt.date(1996, 2, 28), 2027, dt.date(2027, 2, 28)),
        (dt.date(1996, 3, 1), 2027, dt.date(2027, 3, 1)),
        (dt.date(1990, 12, 31), 2026, dt.date(2026, 12, 31)),
    ],
)
def test_anniversary_in_a_year(original, year, expected):
    assert anniversary(original, year) == expected


@pytest.mark.parametrize(
    ("original", "today", "expected"),
    [
        (dt.date(1996, 2, 29), dt.date(2027, 2, 20), dt.date(2027, 2, 28)),
        (dt.date(1996, 2, 29), dt.date(2027, 2, 28), dt.date(2027, 2, 28)),  # today counts
        (dt.date(1996, 2, 29), dt.date(2027, 3, 1), dt.date(2028, 2, 29)),  # next is a leap year
        (dt.date(1996, 2, 29), dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        (dt.date(1996, 2, 29), dt.date(2028, 3, 1), dt.date(2029, 2, 28)),
        (dt.date(1990, 1, 5), dt.date(2026, 12, 20), dt.date(2027, 1, 5)),  # over the new year
        (dt.date(1980, 12, 19), dt.date(2026, 12, 20), dt.date(2027, 12, 19)),  # just passed
    ],
)
def test_next_anniversary(original, today, expected):
    assert next_anniversary(original, today=today) == expected


def test_upcoming_anniversary_counts_both_ends_of_the_window():
    today = dt.date(2026, 12, 20)
    assert upcoming_anniversary(dt.date(2000, 12, 20), today=today, days=30) == today
    assert upcoming_anniversary(dt.date(1985, 1, 19), today=today, days=30) == dt.date(2027, 1, 19)
    assert upcoming_anniversary(dt.date(1985, 1, 20), today=today, days=30) is None


def test_a_29_february_birthday_is_upcoming_in_a_common_year_february():
    assert upcoming_anniversary(
        dt.date(1992, 2, 29), today=dt.date(2027, 2, 1), days=27
    ) == dt.date(2027, 2, 28)
    assert upcoming_anniversary(dt.date(1992, 2, 29), today=dt.date(2027, 2, 1), days=26) is None


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (dt.date(2026, 12, 20), dt.date(2027, 1, 19), [1, 12]),
        (dt.date(2027, 2, 20), dt.date(2027, 3, 22), [2, 3]),
        (dt.date(2026, 3, 10), dt.date(2026, 3, 10), [3]),
        (dt.date(2026, 1, 31), dt.date(2026, 4, 1), [1, 2, 3, 4]),
    ],
)
def test_months_touched_by_a_period(first, last, months):
    assert months_touched(first, last) == months
