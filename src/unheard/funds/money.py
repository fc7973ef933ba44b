"""Money: whole minor units with an ISO 4217 currency, and the one rounding rule.

Policy:
* An amount is an integer number of the currency's minor units (kopecks, cents; none for JPY,
  three for KWD) with its ISO 4217 code. The number of minor units per currency comes from
  CLDR (through Babel). A float never becomes money: `Money` refuses floats, and text is parsed
  into `Decimal` by `parse_amount`, which refuses anything ambiguous.
* A currency is judged for a date: an amount dated D is accepted in a currency that was legal
  tender in some territory on D, by CLDR's territory data (through Babel), not by today's list.
  The lev (BGN) converts for a 2025 donation but not for one after Bulgaria's changeover to the
  euro (CLDR ends it on 2026-01-31, the month both circulated); the rouble (RUB) since 1999,
  the "RUR" it replaced only before. `Money` itself, which has no date, accepts any code that was
  ever legal tender, so an old entry still reads; "XYZ" or "eur" are never currencies.
* Converting is multiplying by a `Decimal` rate and rounding once, to the target currency's
  minor unit, half to even ("banker's rounding"): 0.5 kopeck goes to the even neighbour, so
  rounding over many donations has no upward or downward drift. Every ledger entry is converted
  on its own, and a total in another currency is the sum of the converted entries, so a total
  always equals the sum of the lines shown for it.
* Intermediate products are computed exactly (60 significant digits, more than any amount times
  any stored rate can need), so the only rounding is the final one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_precision, parse_pattern
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

EXACT_DIGITS = 60


class AmountError(ValueError):
    """Text that is not an amount of money; `code` and `params` say why (see MESSAGES)."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        return str(MESSAGES[self.code]) % self.params


MESSAGES = {
    "empty": _("The amount is empty."),
    "malformed": _(
        "“%(text)s” is not an amount: use digits with one decimal separator, e.g. 1234.50."
    ),
    "ambiguous": _(
        "“%(text)s” is ambiguous (a thousands separator or a decimal one?): write 1234 or 1234.00."
    ),
    "too_precise": _("“%(text)s” has more decimal places than %(currency)s has (%(digits)s)."),
    "currency": _("“%(text)s” is not a known ISO 4217 currency code."),
    "currency_not_in_use": _(
        "%(currency)s was not legal tender on %(date)s: give the amount in the currency that was."
    ),
    "too_large": _("“%(text)s” is too large an amount."),
}

# 10^17 minor units fit in a signed 64-bit column with room for sums of many of them.
MAX_MINOR = 10**17


Period = tuple[dt.date | None, dt.date | None]


@lru_cache(maxsize=1)
def tender_periods() -> dict[str, tuple[Period, ...]]:
    """For each ISO 4217 code, the periods it was legal tender in some territory (CLDR)."""
    periods: dict[str, list[Period]] = defaultdict(list)
    for entries in get_global("territory_currencies").values():
        for code, start, end, tender in entries:
            if tender:
                periods[code].append((_cldr_date(start), _cldr_date(end)))
    return {code: tuple(spans) for code, spans in periods.items()}


def _cldr_date(parts: tuple[int, int, int] | None) -> dt.date | None:
    return dt.date(*parts) if parts else None


def is_currency(code: object) -> bool:
    """An ISO 4217 code that is or was legal tender somewhere: "BGN", "RUR"; not "XYZ"."""
    return isinstance(code, str) and code in tender_periods()


def currency_in_use(code: str, on: dt.date) -> bool:
    """Whether `code` was legal tender in some territory on `on`."""
    return any(
        (start is None or start <= on) and (end is None or on <= end)
        for start, end in tender_periods().get(code, ())
    )


def currency_check(code: str, on: dt.date | None, field: str = "currency") -> None:
    """Raise a ValidationError on `field` if `code` was not legal tender on `on`."""
    if code and on and is_currency(code) and not currency_in_use(code, on):
        message = MESSAGES["currency_not_in_use"] % {"currency": code, "date": on.isoformat()}
        raise ValidationError({field: message}, code="currency_not_in_use")


def validate_currency(code: str) -> None:
    """A Django validator: an upper-case ISO 4217 code (whether in use on a date: `currency_check`)."""
    if not is_currency(code):
        raise ValidationError(MESSAGES["currency"] % {"text": code}, code="currency")


def currency_normalise(text: str) -> str:
    """ "eur " → "EUR"; raises AmountError for an unknown code."""
    code = (text or "").strip().upper()
    if not is_currency(code):
        raise AmountError("currency", text=(text or "").strip())
    return code


@lru_cache(maxsize=512)
def minor_digits(currency: str) -> int:
    """Digits after the decimal point: 2 for RUB and EUR, 0 for JPY, 3 for KWD."""
    return get_currency_precision(currency)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in whole minor units of one currency. Immutable; arithmetic keeps it exact."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        # bool is an int subclass; float and Decimal are refused so no fraction of a kopeck exists.
        if type(self.minor) is not int:
            raise TypeError(
                f"Money needs an int number of minor units, not {type(self.minor).__name__}"
            )
        if not is_currency(self.currency):
            raise ValueError(f"unknown currency {self.currency!r}")
        if abs(self.minor) > MAX_MINOR:
            raise ValueError("amount out of range")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        """An amount in major units ("12.34" or Decimal("12.34") EUR → 1234 cents)."""
        if isinstance(amount, float | bool):
            raise TypeError("a float is never money: pass a Decimal, an int or a string")
        if isinstance(amount, str):
            return cls(parse_amount(amount, currency), currency)
        value = Decimal(amount)
        if not value.is_finite():
            raise ValueError("not a finite amount")
        digits = minor_digits(currency)
        scaled = value.scaleb(digits)
        if scaled != scaled.to_integral_value():
            raise AmountError("too_precise", text=str(amount), currency=currency, digits=digits)
        return cls(int(scaled), currency)

    @property
    def amount(self) -> Decimal:
        """The amount in major units, exact."""
        return Decimal(self.minor).scaleb(-minor_digits(self.currency))

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("money adds only to money")
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __radd__(self, other):
        # sum() starts from the int 0.
        if other == 0 and not isinstance(other, Money):
            return self
        return self.__add__(other)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def convert(self, currency: str, rate: Decimal) -> Money:
        """This amount in another currency at `rate` (units of `currency` per unit of this one)."""
        return Money(convert_minor(self.minor, self.currency, currency, rate), currency)


def convert_minor(minor: int, source: str, target: str, rate: Decimal) -> int:
    """Minor units of `source` → minor units of `target`, rounded once, half to even."""
    if type(minor) is not int:
        raise TypeError("minor units must be an int")
    if not isinstance(rate, Decimal):
        raise TypeError("an exchange rate must be a Decimal, never a float")
    if not rate.is_finite() or rate <= 0:
        raise ValueError("an exchange rate must be positive")
    if source == target and rate == 1:
        return minor
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        exact = (
            Decimal(minor) * rate * Decimal(1).scaleb(minor_digits(target) - minor_digits(source))
        )
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def scale_minor(minor: int, numerator: int, denominator: int) -> int:
    """minor × numerator / denominator, rounded half to even (a partial refund's share)."""
    with localcontext() as context:
        context.prec = EXACT_DIGITS
        exact = Decimal(minor) * Decimal(numerator) / Decimal(denominator)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


# Grouping characters that never mean a decimal point: spaces of several kinds and apostrophes.
GROUPING = re.compile(r"[\s\u00a0\u202f\u2009'’]")
PLAIN = re.compile(r"^\d+$")
GROUPED = re.compile(r"^\d{1,3}(?:%s\d{3})+$")


def parse_amount(text: str, currency: str) -> int:
    """Text from a form or a CSV cell → minor units of `currency`.

    Accepted: "1234.5", "1234,50", "1 234,50", "1,234.50", "1.234,50", "-10.00", "(10.00)",
    "€12.00" is not (put the currency in its own column). Refused with a reason: "1,234.5.6",
    "1.2.3", "12,3456" (more decimals than the currency has), "1,234" (ambiguous), "", "1e5".
    """
    original = text if isinstance(text, str) else str(text)
    value = GROUPING.sub("", original.strip())
    if not value:
        raise AmountError("empty")
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    if value[:1] in "+-":
        negative = negative or value[0] == "-"
        value = value[1:]
    if not value or not set(value) <= set("0123456789.,"):
        raise AmountError("malformed", text=original.strip())
    digits = minor_digits(currency)
    integer, fraction = _split_separators(value, original.strip(), digits)
    if len(fraction) > digits:
        raise AmountError("too_precise", text=original.strip(), currency=currency, digits=digits)
    minor = int(integer or "0") * 10**digits + int((fraction or "0").ljust(digits, "0") or "0")
    if minor > MAX_MINOR:
        raise AmountError("too_large", text=original.strip())
    return -minor if negative else minor


def _split_separators(value: str, original: str, digits: int) -> tuple[str, str]:
    """The integer and fraction digits of an amount with at most two kinds of separator."""
    dots, commas = value.count("."), value.count(",")
    if dots and commas:
        decimal_mark = "." if value.rfind(".") > value.rfind(",") else ","
        grouping = "," if decimal_mark == "." else "."
        integer, _, fraction = value.rpartition(decimal_mark)
        if decimal_mark in integer or not GROUPED_BY[grouping].match(integer):
            raise AmountError("malformed", text=original)
        return integer.replace(grouping, ""), _digits(fraction, original)
    mark = "." if dots else "," if commas else ""
    if not mark:
        return _digits(value, original), ""
    count = dots or commas
    if count > 1:
        if not GROUPED_BY[mark].match(value):
            raise AmountError("malformed", text=original)
        return value.replace(mark, ""), ""
    integer, _, fraction = value.partition(mark)
    if not integer and not fraction:
        raise AmountError("malformed", text=original)
    # "1,234" or "1.234": a thousands separator, or three decimals? Only a currency with three
    # decimals (KWD) can mean the latter; for any other the reading is refused, not guessed.
    if len(fraction) == 3 and 1 <= len(integer) <= 3 and integer != "0" and digits != 3:
        raise AmountError("ambiguous", text=original)
    return _digits(integer or "0", original), _digits(fraction, original, allow_empty=False)


def _digits(part: str, original: str, allow_empty: bool = True) -> str:
    if (not part and not allow_empty) or (part and not PLAIN.match(part)):
        raise AmountError("malformed", text=original)
    return part


GROUPED_BY = {
    ".": re.compile(GROUPED.pattern % r"\."),
    ",": re.compile(GROUPED.pattern % ","),
}


def parse_rate(text: str) -> Decimal:
    """An exchange rate from text: a positive decimal with a point ("1.0823"), never a float."""
    value = (text or "").strip()
    if not re.fullmatch(r"\d+(?:\.\d+)?", value):
        raise AmountError("malformed", text=value)
    try:
        rate = Decimal(value)
    except InvalidOperation as error:
        raise AmountError("malformed", text=value) from error
    if rate <= 0:
        raise AmountError("malformed", text=value)
    return rate


def format_money(money: Money | None, *, language: str | None = None, whole: bool = False) -> str:
    """An amount for people, in the active language: "33 000 000,00 ₽", "€7,400.00".

    `whole=True` drops the minor digits when they are zero ("€7,400"), for headline totals.
    """
    if money is None:
        return ""
    locale = Locale.parse(to_locale(language or get_language() or "en"))
    pattern = parse_pattern(locale.currency_formats["standard"])
    if whole and money.minor % 10 ** minor_digits(money.currency) == 0:
        pattern.frac_prec = (0, 0)
        return pattern.apply(money.amount, locale, currency=money.currency, currency_digits=False)
    return pattern.apply(money.amount, locale, currency=money.currency)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
