"""Display helpers for the actions pages: when an action happens, country names."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_skeleton
from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from unheard.core.countries import country_name
from unheard.core.dates import PartialDate

register = template.Library()


def _locale() -> str:
    return (get_language() or "en").split("-")[0]


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else ""


def _recurring(value: str) -> str:
    try:
        month, day = (int(part) for part in value.split("-"))
        return format_skeleton("MMMMd", dt.date(2000, month, day), locale=_locale())
    except ValueError:
        return ""


def _date_and_time(moment: dt.datetime) -> str:
    """The date and the hours and minutes, joined as the language joins them (no seconds)."""
    pattern = Locale.parse(_locale()).datetime_formats["medium"]
    return pattern.format(
        format_skeleton("Hm", moment, locale=_locale()),
        format_date(moment, "medium", locale=_locale()),
    )


@register.filter
def when(record) -> str:
    """When an action or a day happens, in words: a local time with its zone, a (partial) date or
    span, or the yearly date."""
    start = getattr(record, "local_start", None)
    if start is not None:
        text = _date_and_time(start)
        end = record.local_end
        if end is not None:
            same_day = end.date() == start.date()
            text += " – " + (
                format_skeleton("Hm", end, locale=_locale()) if same_day else _date_and_time(end)
            )
        return f"{text} ({record.time_zone})"
    first = PartialDate.of(record.starts_on, record.starts_on_precision)
    last = PartialDate.of(record.ends_on, record.ends_on_precision)
    if first and last and last != first:
        return _("%(start)s to %(end)s") % {"start": first, "end": last}
    if first:
        return str(first)
    if record.recurring_date:
        return _("every year on %(date)s") % {"date": _recurring(record.recurring_date)}
    return ""
