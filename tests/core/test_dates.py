import datetime as dt

import pytest
from django.utils import translation

from unheard.core.dates import DatePrecision, PartialDate, normalise_partial


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
