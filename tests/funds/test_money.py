"""Money arithmetic: exact minor units, one rounding rule, no float ever."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from unheard.funds.money import (
    AmountError,
    Money,
    convert_minor,
    currency_check,
    currency_in_use,
    format_money,
    is_currency,
    minor_digits,
    parse_amount,
    scale_minor,
)

CURRENCIES = ["RUB", "EUR", "USD", "GBP", "JPY", "KWD"]
minor_units = st.integers(min_value=-(10**12), max_value=10**12)
rates = st.decimals(
    min_value=Decimal("0.000001"), max_value=Decimal("100000"), places=6, allow_nan=False
)


def fraction_round(value: Fraction) -> int:
    """Exact rounding half to even, with fractions: an independent reference."""
    floor = value.numerator // value.denominator
    rest = value - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2 == 1):
        return floor + 1
    return floor


# No float enters ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [1.5, 10.0, True, Decimal("1.5")])
def test_money_refuses_anything_but_an_int_of_minor_units(bad):
    with pytest.raises(TypeError):
        Money(bad, "EUR")


def test_money_of_refuses_a_float():
    with pytest.raises(TypeError):
        Money.of(12.5, "EUR")


def test_a_rate_must_be_a_decimal():
    with pytest.raises(TypeError):
        convert_minor(1000, "EUR", "RUB", 100.5)
    with pytest.raises(TypeError):
        Money(1000, "EUR").convert("RUB", 100.5)


def test_a_rate_must_be_positive():
    with pytest.raises(ValueError):
        convert_minor(1000, "EUR", "RUB", Decimal("0"))


def test_services_refuse_a_float_rate(db):
    import datetime as dt

    from unheard.funds.services import rate_set

    with pytest.raises(TypeError):
        rate_set(date=dt.date(2025, 1, 2), base="EUR", quote="RUB", rate=101.5)


def test_unknown_currencies_are_refused():
    assert is_currency("RUB") and is_currency("EUR") and is_currency("USD") and is_currency("GBP")
    for code in ("XYZ", "eur", "", "EURO"):
        assert not is_currency(code)
        with pytest.raises(ValueError):
            Money(100, code)


@pytest.mark.parametrize(
    ("code", "on", "in_use"),
    [
        ("BGN", dt.date(2025, 12, 31), True),
        ("BGN", dt.date(2026, 2, 1), False),
        ("EUR", dt.date(2026, 2, 1), True),
        ("RUB", dt.date(1999, 1, 1), True),
        ("RUB", dt.date(2026, 2, 1), True),
        ("RUR", dt.date(1997, 6, 1), True),
        ("RUR", dt.date(2025, 6, 1), False),
        ("DEM", dt.date(2001, 6, 1), True),
        ("DEM", dt.date(2025, 6, 1), False),
        ("XYZ", dt.date(2025, 6, 1), False),
    ],
)
def test_a_currency_is_judged_for_a_date(code, on, in_use):
    assert currency_in_use(code, on) is in_use


def test_an_obsolete_currency_is_refused_with_its_date():
    currency_check("BGN", dt.date(2025, 6, 1))
    with pytest.raises(ValidationError) as refused:
        currency_check("BGN", dt.date(2026, 3, 2))
    assert refused.value.message_dict == {
        "currency": [
            "BGN was not legal tender on 2026-03-02: give the amount in the currency that was."
        ]
    }
    assert Money(100, "BGN").currency == "BGN"  # an old entry still reads


def test_adding_different_currencies_is_refused():
    with pytest.raises(ValueError):
        Money(100, "EUR") + Money(100, "RUB")


# Parsing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("1234.5", "EUR", 123450),
        ("1234,50", "EUR", 123450),
        ("1 234,50", "RUB", 123450),
        ("1\u00a0234,50", "RUB", 123450),
        ("1,234.50", "USD", 123450),
        ("1.234,50", "EUR", 123450),
        ("1,234,567", "EUR", 123456700),
        ("-10.00", "EUR", -1000),
        ("(10.00)", "EUR", -1000),
        ("+7", "GBP", 700),
        ("0,5", "EUR", 50),
        ("1500", "JPY", 1500),
        ("1.234", "KWD", 1234),
        ("0.123", "KWD", 123),
    ],
)
def test_amounts_are_read_exactly(text, currency, minor):
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency", "code"),
    [
        ("1,234.5.6", "EUR", "malformed"),
        ("1.2.3", "EUR", "malformed"),
        ("12,34.50", "EUR", "malformed"),
        ("1,234", "EUR", "ambiguous"),
        ("1.234", "RUB", "ambiguous"),
        ("12.345", "EUR", "ambiguous"),
        ("1234.567", "EUR", "too_precise"),
        ("10.5", "JPY", "too_precise"),
        ("", "EUR", "empty"),
        ("  ", "EUR", "empty"),
        ("1e5", "EUR", "malformed"),
        ("€12", "EUR", "malformed"),
        ("12 EUR", "EUR", "malformed"),
        ("5.", "EUR", "malformed"),
        ("NaN", "EUR", "malformed"),
        ("99999999999999999999", "EUR", "too_large"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(text, currency, code):
    with pytest.raises(AmountError) as raised:
        parse_amount(text, currency)
    assert raised.value.code == code
    assert str(raised.value)


@given(
    minor=st.integers(min_value=-(10**15), max_value=10**15), currency=st.sampled_from(CURRENCIES)
)
def test_a_formatted_amount_reads_back(minor, currency):
    money = Money(minor, currency)
    assert parse_amount(str(money.amount), currency) == minor
    assert Money.of(money.amount, currency) == money
    assert Money.of(str(money.amount), currency) == money


# Conversion -------------------------------------------------------------------------------------


@given(
    minor=minor_units,
    rate=rates,
    source=st.sampled_from(CURRENCIES),
    target=st.sampled_from(CURRENCIES),
)
def test_conversion_agrees_with_exact_fractions(minor, rate, source, target):
    exact = (
        Fraction(minor)
        * Fraction(rate)
        * Fraction(10) ** (minor_digits(target) - minor_digits(source))
    )
    assert convert_minor(minor, source, target, rate) == fraction_round(exact)


@given(minor=minor_units, currency=st.sampled_from(CURRENCIES))
def test_converting_to_the_same_currency_at_one_changes_nothing(minor, currency):
    assert convert_minor(minor, currency, currency, Decimal(1)) == minor


@given(a=minor_units, b=minor_units, rate=rates)
def test_conversion_is_monotonic(a, b, rate):
    low, high = sorted((a, b))
    assert convert_minor(low, "RUB", "EUR", rate) <= convert_minor(high, "RUB", "EUR", rate)


@given(minor=st.integers(min_value=1, max_value=10**12), rate=rates)
def test_conversion_is_symmetric_in_sign(minor, rate):
    assert convert_minor(-minor, "EUR", "USD", rate) == -convert_minor(minor, "EUR", "USD", rate)


@given(minor=st.integers(min_value=0, max_value=10**12), rate=rates)
def test_round_trip_loses_at_most_rounding(minor, rate):
    """EUR → RUB → EUR at the inverse rate comes back within the rounding of both steps."""
    there = convert_minor(minor, "EUR", "RUB", rate)
    back = convert_minor(there, "RUB", "EUR", Decimal(1) / rate)
    assert abs(back - minor) <= 1 + Fraction(1, 2) / Fraction(rate)


def test_half_is_rounded_to_even():
    assert convert_minor(1, "EUR", "EUR", Decimal("0.5")) == 0
    assert convert_minor(3, "EUR", "EUR", Decimal("0.5")) == 2
    assert convert_minor(5, "EUR", "EUR", Decimal("0.5")) == 2
    assert convert_minor(-3, "EUR", "EUR", Decimal("0.5")) == -2


# Totals -----------------------------------------------------------------------------------------


@given(st.lists(minor_units, max_size=50), st.sampled_from(CURRENCIES))
def test_a_total_is_the_sum_of_its_entries(values, currency):
    entries = [Money(v, currency) for v in values]
    assert sum(entries, Money.zero(currency)).minor == sum(values)
    assert sum(entries) == (sum(entries, Money.zero(currency)) if entries else 0)


@given(
    minor=st.integers(min_value=1, max_value=10**12),
    parts=st.lists(st.integers(1, 10**6), min_size=1, max_size=10),
)
def test_partial_refund_shares_never_exceed_the_whole(minor, parts):
    total = sum(parts)
    shares = [scale_minor(minor, part, total) for part in parts]
    assert abs(sum(shares) - minor) <= len(parts)
    assert scale_minor(minor, total, total) == minor


def test_formatting_follows_the_language():
    money = Money(740000, "EUR")
    assert format_money(money, language="en") == "€7,400.00"
    assert format_money(money, language="de") == "7.400,00\xa0€"
    assert format_money(money, language="en", whole=True) == "€7,400"
    assert "33 000 000" in format_money(
        Money(3_300_000_000, "RUB"), language="ru", whole=True
    ).replace("\xa0", " ")
