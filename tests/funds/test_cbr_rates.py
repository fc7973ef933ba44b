"""The Central Bank of Russia's official rates: its XML files (test copies in its real format,
windows-1251, decimal commas, a nominal of 100 yen), stored as "1 EUR = x RUB" with their origin."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.funds.conftest import add_rate
from unheard.funds import services
from unheard.funds.models import Donation, ExchangeRate
from unheard.funds.money import Money
from unheard.funds.rates import RateBook, cbr_parse

pytestmark = pytest.mark.django_db
DATA = Path(__file__).with_name("data")
DAILY = (DATA / "cbr_XML_daily.xml").read_bytes()
DYNAMIC = (DATA / "cbr_XML_dynamic.xml").read_bytes()
DAY = dt.date(2025, 3, 4)


def test_the_daily_file_gives_roubles_for_one_unit_of_each_currency():
    parsed = cbr_parse(DAILY)
    rates = {code: rate for _date, code, rate in parsed.rates}
    assert {date for date, _c, _r in parsed.rates} == {DAY}
    assert rates["EUR"] == Decimal("94.2466")
    assert rates["USD"] == Decimal("89.7975")
    assert rates["JPY"] == Decimal("0.601234")  # 60,1234 roubles for 100 yen
    assert parsed.problems == []


def test_the_dynamic_file_names_its_currency_by_the_banks_identifier():
    parsed = cbr_parse(DYNAMIC)
    assert [(date.day, code) for date, code, _r in parsed.rates] == [
        (1, "EUR"),
        (4, "EUR"),
        (5, "EUR"),
    ]


def test_importing_stores_rates_with_their_origin_and_converts_roubles():
    result = services.rates_import(data=DAILY)
    assert result.saved == 4 and result.first == DAY
    stored = ExchangeRate.objects.get(date=DAY, base="EUR", quote="RUB")
    assert stored.rate == Decimal("94.2466") and stored.origin == ExchangeRate.Origin.CBR
    donation = services.donation_record(
        money=Money.of("9424.66", "RUB"), received_on=DAY, channel="bank_transfer"
    )
    assert donation.reporting_minor == 100_00  # 9 424,66 ₽ at 94,2466 ₽ per euro
    # Two days later (no rate published) the rate of the 4th still serves, inverted.
    rate = RateBook.load().rate("RUB", "EUR", dt.date(2025, 3, 6))
    assert abs(rate - Decimal(1) / Decimal("94.2466")) < Decimal("1e-20")


def test_a_rouble_donation_without_a_rate_is_converted_once_the_file_is_imported():
    add_rate(DAY, "USD", "1.05")
    donation = Donation.objects.create(
        amount_minor=955_000,
        currency="RUB",
        received_on=dt.date(2025, 3, 5),
        channel="bank_transfer",
        reporting_currency="EUR",
    )
    assert donation.reporting_minor is None
    result = services.rates_import(data=DYNAMIC)
    donation.refresh_from_db()
    assert donation.reporting_minor == 100_00 and result.reconverted >= 1


def test_a_hand_entered_rate_is_kept():
    ExchangeRate.objects.create(
        date=DAY, base="EUR", quote="RUB", rate=Decimal("90"), note="a sourced hand rate"
    )
    result = services.rates_import(data=DYNAMIC)
    assert result.kept_manual == 1
    assert ExchangeRate.objects.get(date=DAY, base="EUR", quote="RUB").rate == Decimal("90")


def test_a_file_that_is_not_from_the_bank_imports_nothing():
    with pytest.raises(ValidationError):
        services.rates_import(data=b"<rates><rate/></rates>")
    broken = DAILY.replace(b"89,7975", b"eighty")
    with pytest.raises(ValidationError):
        services.rates_import(data=broken)
    assert ExchangeRate.objects.count() == 0


def test_the_command_imports_either_file(tmp_path, capsys):
    path = tmp_path / "XML_daily.asp"
    path.write_bytes(DAILY)
    call_command("funds_import_rates", str(path))
    assert "4 rates" in capsys.readouterr().out
    assert ExchangeRate.objects.filter(origin=ExchangeRate.Origin.CBR).count() == 4
