"""The date a figure is counted on: `?as_of=YYYY-MM-DD`, today when absent.

Figures can be counted from 1 January 1990 to today; any other date, or text that is not a date
written as YYYY-MM-DD, is refused with a message saying what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import formats
from django.utils.translation import gettext as _

EARLIEST = dt.date(1990, 1, 1)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class AsOfError(ValueError):
    """The date asked for cannot be counted on; the message says why, for the reader."""


def as_of_parse(text: str | None, *, today: dt.date) -> dt.date:
    if not text:
        return today
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise AsOfError(
            _("The date must be a real date written as YYYY-MM-DD, for example 2024-01-01.")
        ) from None
    if date > today:
        raise AsOfError(
            _("The date %(date)s is in the future: figures can be counted up to today, %(today)s.")
            % {"date": text, "today": formats.date_format(today, "DATE_FORMAT")}
        )
    if date < EARLIEST:
        raise AsOfError(_("Figures can be counted from 1 January 1990 onwards."))
    return date
