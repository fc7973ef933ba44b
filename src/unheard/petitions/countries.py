"""Countries by their ISO 3166 alpha-2 codes, named in the reader's language (CLDR via Babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale

NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@cache
def country_names(language: str) -> dict[str, str]:
    territories = Locale.parse(language or "en").territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


def country_choices(language: str) -> list[tuple[str, str]]:
    return sorted(country_names(language).items(), key=lambda item: item[1])


def country_name(code: str, language: str) -> str:
    return country_names(language).get(code, code)
