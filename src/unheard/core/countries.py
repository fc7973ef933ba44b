"""Countries by their ISO 3166-1 alpha-2 codes, named in the reader's language from the Unicode
CLDR data that Babel ships (nothing fetched, nothing kept by hand)."""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# CLDR territories that are not countries (the EU, the euro area, the UN, pseudo-locales).
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@cache
def country_codes() -> frozenset[str]:
    names = Locale("en").territories
    return frozenset(c for c in names if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES)


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (default: the active one); the code if unknown."""
    language = (language or get_language() or "en").split("-")[0]
    try:
        return Locale.parse(language).territories.get(code, code)
    except (ValueError, TypeError):
        return code


def country_validator(value: str) -> None:
    if value and value not in country_codes():
        raise ValidationError(
            _("“%(value)s” is not an ISO 3166 country code (two capital letters, like DE)."),
            params={"value": value},
            code="unknown_country",
        )
