"""Partial dates: a date together with how precisely it is known.

Sources often say "autumn 2023" or "in March 2024". Such a date is stored as two columns: the
first day of the period it names, and its precision (day, month, season or year). Seasons start
on the first day of their first month: spring on 1 March, summer on 1 June, autumn on
1 September and winter on 1 December (so "winter 2023" is stored as 2023-12-01 and lasts into
2024). `PartialDate.latest()` gives the last day of the period, for checks that must not
reject a date that might be right.

Anniversaries (birthdays, the anniversary of an arrest) recur on the same day and month; someone
born on 29 February has their birthday on 28 February in common years, still in February, as
most civil registries count it. Every app asks these functions rather than `date.replace(year=)`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    SEASON = "season", _("season")
    YEAR = "year", _("year")


SEASON_START_MONTHS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
SEASON_LABELS = {
    "spring": pgettext_lazy("season and year", "spring %(year)s"),
    "summer": pgettext_lazy("season and year", "summer %(year)s"),
    "autumn": pgettext_lazy("season and year", "autumn %(year)s"),
    "winter": pgettext_lazy("season and year", "winter %(year)s"),
}


def precision_field(**kwargs) -> models.CharField:
    """The companion column of a partial date."""
    return models.CharField(
        _("precision"),
        max_length=6,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        **kwargs,
    )


@dataclass(frozen=True)
class PartialDate:
    value: dt.date
    precision: str = DatePrecision.DAY

    def __post_init__(self) -> None:
        if self.precision == DatePrecision.MONTH and self.value.day != 1:
            raise ValueError("A month-precision date is stored as the first day of its month.")
        if self.precision == DatePrecision.SEASON and (
            self.value.month not in SEASON_START_MONTHS or self.value.day != 1
        ):
            raise ValueError(
                "A season is stored as the first day of March, June, September or December."
            )
        if self.precision == DatePrecision.YEAR and (self.value.month, self.value.day) != (1, 1):
            raise ValueError("A year-precision date is stored as 1 January of its year.")

    @classmethod
    def of(cls, value: dt.date | None, precision: str | None) -> PartialDate | None:
        if value is None:
            return None
        return cls(value, precision or DatePrecision.DAY)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse "2023-09-14", "2023-09", "2023" or "autumn 2023" (English season names)."""
        text = text.strip().lower()
        for season, month in ((s, m) for m, s in SEASON_START_MONTHS.items()):
            if text.startswith(season):
                return cls(dt.date(int(text.split()[-1]), month, 1), DatePrecision.SEASON)
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return cls(dt.date(parts[0], 1, 1), DatePrecision.YEAR)
        if len(parts) == 2:
            return cls(dt.date(parts[0], parts[1], 1), DatePrecision.MONTH)
        return cls(dt.date(*parts), DatePrecision.DAY)

    def earliest(self) -> dt.date:
        return self.value

    def latest(self) -> dt.date:
        year, month = self.value.year, self.value.month
        if self.precision == DatePrecision.DAY:
            return self.value
        if self.precision == DatePrecision.MONTH:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if self.precision == DatePrecision.SEASON:
            end_year, end_month = (year + 1, 2) if month == 12 else (year, month + 2)
            return dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        return dt.date(year, 12, 31)

    def __str__(self) -> str:
        if self.precision == DatePrecision.DAY:
            return formats.date_format(self.value, "DATE_FORMAT")
        if self.precision == DatePrecision.MONTH:
            return formats.date_format(self.value, "YEAR_MONTH_FORMAT")
        if self.precision == DatePrecision.SEASON:
            season = SEASON_START_MONTHS[self.value.month]
            return str(SEASON_LABELS[season]) % {"year": self.value.year}
        return str(self.value.year)

    def iso(self) -> str:
        """A machine-readable form (ISO 8601 truncated to the known precision)."""
        if self.precision == DatePrecision.DAY:
            return self.value.isoformat()
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        return f"{self.value.year:04d}-{self.value.month:02d}"


def normalise_partial(value: dt.date | None, precision: str) -> dt.date | None:
    """Move a date to the first day of the period its precision names."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.SEASON:
        start = max(m for m in SEASON_START_MONTHS if m <= value.month) if value.month >= 3 else 12
        year = value.year - 1 if value.month < 3 else value.year
        return dt.date(year, start, 1)
    if precision == DatePrecision.YEAR:
        return dt.date(value.year, 1, 1)
    return value


def anniversary(original: dt.date, year: int) -> dt.date:
    """The anniversary of `original` in `year`; 29 February falls on 28 February in common years."""
    if (original.month, original.day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return original.replace(year=year)


def next_anniversary(original: dt.date, *, today: dt.date) -> dt.date:
    """The first anniversary of `original` on or after `today`."""
    this_year = anniversary(original, today.year)
    return this_year if this_year >= today else anniversary(original, today.year + 1)


def upcoming_anniversary(original: dt.date, *, today: dt.date, days: int) -> dt.date | None:
    """The next anniversary if it falls within `days` days of `today` (both ends included)."""
    date = next_anniversary(original, today=today)
    return date if date <= today + dt.timedelta(days=days) else None


def months_touched(first: dt.date, last: dt.date) -> list[int]:
    """The calendar months (1-12) a period touches, to narrow a query by month before checking
    each anniversary; the period may run over the new year."""
    months = set()
    day = first.replace(day=1)
    while day <= last:
        months.add(day.month)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return sorted(months)
