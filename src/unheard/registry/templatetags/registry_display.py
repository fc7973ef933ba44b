"""Small display helpers for the public pages: partial dates, sentence terms, money, release."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.numbers import format_currency
from django import template
from django.utils.translation import get_language, ngettext, pgettext, to_locale
from django.utils.translation import gettext as _

from unheard.core.dates import DatePrecision, PartialDate, normalise_partial
from unheard.registry.release import ASSUMPTION_TEXTS

register = template.Library()


@register.filter
def partial_date(value: PartialDate | None) -> str:
    """A partial date as words in the active language: "14 March 2024", "autumn 2023"."""
    return str(value) if value else ""


@register.filter
def partial_of(value: dt.date | None, precision: str | None) -> PartialDate | None:
    """Pair a date column with its precision column: {{ case.started_on|partial_of:case.started_on_precision }}."""
    return PartialDate.of(value, precision)


@register.filter
def release_date(person) -> PartialDate | None:
    """The expected release date, as precisely as the computation knows it.

    The computation stores the last possible day even when it knows only the month, so the
    date is moved to the start of its period before it becomes a `PartialDate`.
    """
    precision = (person.release_computation or {}).get("precision") or DatePrecision.DAY
    return PartialDate.of(normalise_partial(person.expected_release, precision), precision)


@register.filter
def release_assumptions(person) -> list[str]:
    """The texts of the assumptions the release computation made, in its order."""
    codes = (person.release_computation or {}).get("assumptions") or []
    return [str(ASSUMPTION_TEXTS[code]) for code in codes if code in ASSUMPTION_TEXTS]


@register.filter
def assumption_text(code: str) -> str:
    text = ASSUMPTION_TEXTS.get(code)
    return str(text) if text else ""


@register.filter
def sentence_term(verdict) -> str:
    """The length of a sentence in words: "3 years and 6 months", "life imprisonment"."""
    if verdict.life_sentence:
        return _("life imprisonment")
    years, months = verdict.term_years, verdict.term_months
    years_text = ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    months_text = ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    if years and months:
        return pgettext("sentence term", "%(years)s and %(months)s") % {
            "years": years_text,
            "months": months_text,
        }
    if years:
        return years_text
    if months:
        return months_text
    return ""


@register.filter
def money(amount: Decimal | None, currency: str = "RUB") -> str:
    """An amount with its currency, formatted for the active language."""
    if amount is None:
        return ""
    locale = to_locale(get_language() or "en")
    try:
        return format_currency(amount, currency or "RUB", locale=locale)
    except (ValueError, LookupError):
        return f"{amount} {currency}"


@register.simple_tag(takes_context=True)
def person_help_boxes(context, person) -> str:
    """The "how to help" boxes other apps contribute (settings.UNHEARD_PERSON_HELP_TEMPLATES).

    The registry does not know the letters, funds or actions apps; each adds a template that
    receives the person and the request.
    """
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    boxes = [
        render_to_string(name, {"person": person}, request=context.get("request"))
        for name in getattr(settings, "UNHEARD_PERSON_HELP_TEMPLATES", [])
    ]
    return mark_safe("".join(box for box in boxes if box.strip()))
