"""Exchange rates: lookup at the entry's date, crosses and inverses, ECB files."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.funds.conftest import DAY, add_rate
from unheard.funds import services
from unheard.funds.models import Donation, ExchangeRate
from unheard.funds.money import Money
from unheard.funds.rates import RateBook, RateMissing, ecb_parse

pytestmark = pytest.mark.django_db

ECB_DAILY = (
    "Date, USD, JPY, BGN, CZK, DKK, GBP, HUF, PLN, RON, SEK, CHF, ISK, NOK, TRY, AUD, \n"
    "07 March 2025, 1.0807, 160.06, 1.9558, 25.040, 7.4578, 0.83870, 397.50, 4.1753, 4.9768,"
    " 10.9470, 0.9527, 147.30, 11.7910, 39.4186, 1.7133, \n"
)
ECB_HISTORY = (
    "Date,USD,JPY,BGN,CYP,CZK,DKK,EEK,GBP,HUF,RUB,\n"
    "2025-03-06,1.0788,159.5,1.9558,N/A,25.1,7.4581,N/A,0.8381,399.1,N/A,\n"
    "2025-03-05,1.0720,160.1,1.9558,N/A,25.2,7.4576,N/A,0.8376,400.0,N/A,\n"
    "2022-02-28,1.1240,129.5,1.9558,N/A,24.6,7.4399,N/A,0.8379,365.2,117.2010,\n"
)


def test_rate_of_the_day_or_the_latest_before_within_a_week(rates):
    book = RateBook.load()
    assert book.rate("EUR", "USD", DAY) == Decimal("1.05")
    saturday = DAY + dt.timedelta(days=5)
    assert book.rate("EUR", "USD", saturday) == Decimal("1.05")
    with pytest.raises(RateMissing):
        book.rate("EUR", "USD", DAY + dt.timedelta(days=12))
    with pytest.raises(RateMissing):
        book.rate("EUR", "USD", DAY - dt.timedelta(days=1))


@override_settings(UNHEARD_FUNDS_RATE_MAX_AGE_DAYS=2)
def test_the_window_is_a_setting(rates):
    book = RateBook.load()
    with pytest.raises(RateMissing):
        book.rate("EUR", "USD", DAY + dt.timedelta(days=7))


def test_inverse_and_cross_rates(rates):
    book = RateBook.load()
    assert book.rate("RUB", "EUR", DAY) == Decimal(1) / Decimal(100)
    cross = book.rate("RUB", "USD", DAY)
    assert cross == Decimal("1.05") / Decimal("100")
    assert Money(100_00, "RUB").convert("USD", cross) == Money(105, "USD")


def test_a_direct_rate_wins_over_a_cross(rates):
    add_rate(DAY, "USD", "0.0110", base="RUB", origin=ExchangeRate.Origin.MANUAL)
    assert RateBook.load().rate("RUB", "USD", DAY) == Decimal("0.011")


def test_ecb_daily_and_history_files_are_read():
    daily = ecb_parse(ECB_DAILY)
    assert not daily.problems
    assert (dt.date(2025, 3, 7), "USD", Decimal("1.0807")) in daily.rates
    assert len(daily.rates) == 15
    history = ecb_parse(ECB_HISTORY)
    assert not history.problems
    assert set(history.unknown_currencies) == {"CYP", "EEK"}
    assert (dt.date(2022, 2, 28), "RUB", Decimal("117.2010")) in history.rates
    assert not [r for r in history.rates if r[0] == dt.date(2025, 3, 6) and r[1] == "RUB"]


def test_a_file_that_is_not_from_the_ecb_is_refused():
    from unheard.funds.rates import RateFileError

    with pytest.raises(RateFileError):
        ecb_parse("transaction_id,date,amount\n1,2025-01-01,10\n")
    assert ecb_parse("Date,USD\nyesterday,1.1\n2025-01-02,one\n").problems == [
        "Row 2: “yesterday” is not a date.",
        "Row 3, USD: “one” is not a rate.",
    ]


def test_import_keeps_hand_entered_rates_and_reconverts(rates):
    ExchangeRate.objects.filter(date=dt.date(2025, 3, 6), quote="GBP").update(
        rate=Decimal("0.9"), origin=ExchangeRate.Origin.MANUAL
    )
    donation = services.donation_record(
        money=Money(10_000, "USD"), received_on=dt.date(2025, 3, 6), channel="card_processor"
    )
    assert donation.reporting_minor == round(10_000 / Decimal("1.05"))
    result = services.rates_import_ecb(data=ECB_HISTORY.encode())
    assert result.kept_manual == 1
    assert ExchangeRate.objects.get(date=dt.date(2025, 3, 6), quote="GBP").rate == Decimal("0.9")
    assert ExchangeRate.objects.get(date=dt.date(2025, 3, 6), quote="USD").rate == Decimal("1.0788")
    donation.refresh_from_db()
    expected = (Decimal(10_000) / Decimal("1.0788")).quantize(Decimal(1))
    assert donation.reporting_minor == int(expected)
    assert result.reconverted >= 1


def test_a_bad_ecb_file_imports_nothing(rates):
    before = ExchangeRate.objects.count()
    with pytest.raises(ValidationError):
        services.rates_import_ecb(data=b"Date,USD\n2025-03-10,1.1\n2025-03-11,abc\n")
    assert ExchangeRate.objects.count() == before


def test_a_rate_entered_later_converts_entries_that_lacked_it(rates):
    donation = services.donation_record(
        money=Money(50_00, "GBP"), received_on=DAY, channel="bank_transfer"
    )
    Donation.objects.filter(pk=donation.pk).update(reporting_minor=None)
    services.rate_set(date=DAY, base="EUR", quote="GBP", rate=Decimal("0.8"))
    donation.refresh_from_db()
    assert donation.reporting_minor == 62_50


def test_refunds_follow_their_donation_when_a_rate_is_corrected(rates):
    donation = services.donation_record(
        money=Money(10_00, "USD"), received_on=DAY, channel="card_processor"
    )
    refund = services.donation_refund(
        donation=donation, refunded_on=DAY + dt.timedelta(days=9), money=Money(5_00, "USD")
    )
    services.rate_set(date=DAY, base="EUR", quote="USD", rate=Decimal("1.25"))
    donation.refresh_from_db()
    refund.refresh_from_db()
    assert (donation.reporting_minor, refund.reporting_minor) == (8_00, -4_00)


def test_reconvert_command(rates, capsys):
    from django.core.management import call_command

    donation = services.donation_record(money=Money(10_00, "GBP"), received_on=DAY, channel="cash")
    Donation.objects.filter(pk=donation.pk).update(reporting_minor=None, reporting_currency="")
    call_command("funds_reconvert")
    donation.refresh_from_db()
    assert donation.reporting_minor == round(1000 / Decimal("0.83"))
    assert "1 entries converted again." in capsys.readouterr().out


def test_import_rates_command(tmp_path, capsys):
    from django.core.management import CommandError, call_command

    path = tmp_path / "eurofxref.csv"
    path.write_text(ECB_DAILY)
    call_command("funds_import_rates", str(path))
    assert ExchangeRate.objects.filter(date=dt.date(2025, 3, 7)).count() == 15
    assert "15 rates from 2025-03-07 to 2025-03-07" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("funds_import_rates", str(tmp_path / "missing.csv"))


def test_an_ecb_column_is_read_only_while_its_currency_was_legal_tender():
    parsed = ecb_parse(
        "Date,USD,BGN,CYP,\n"
        "2026-03-02,1.1700,1.9558,N/A,\n"
        "2025-12-31,1.1750,1.9558,N/A,\n"
        "2007-12-31,1.4721,1.9558,0.585274,\n"
    )
    assert not parsed.problems
    assert parsed.unknown_currencies == []
    read = {(date.isoformat(), code) for date, code, _ in parsed.rates}
    assert ("2025-12-31", "BGN") in read and ("2007-12-31", "CYP") in read
    assert ("2026-03-02", "BGN") not in read
    assert ("2026-03-02", "USD") in read


def test_a_2025_donation_in_leva_converts_and_a_2026_one_is_refused(db):
    add_rate(dt.date(2025, 12, 30), "BGN", "1.95583")
    donation = services.donation_record(
        money=Money(195_583, "BGN"), received_on=dt.date(2025, 12, 30), channel="bank_transfer"
    )
    assert (donation.reporting_currency, donation.reporting_minor) == ("EUR", 1000_00)
    add_rate(dt.date(2026, 3, 2), "BGN", "1.95583")
    with pytest.raises(ValidationError) as refused:
        services.donation_record(
            money=Money(195_583, "BGN"), received_on=dt.date(2026, 3, 2), channel="bank_transfer"
        )
    assert "BGN was not legal tender on 2026-03-02" in str(refused.value)
    assert Donation.objects.count() == 1


def test_the_back_office_forms_refuse_a_currency_out_of_use_on_the_date(db):
    from unheard.funds.admin import ExchangeRateForm
    from unheard.funds.forms import DonationForm

    add_rate(dt.date(2026, 3, 2), "USD", "1.17")
    entry = {"kind": "donation", "amount": "100.00", "channel": "cash", "currency": "BGN"}
    form = DonationForm(data=entry | {"received_on": "2026-03-02"})
    assert not form.is_valid()
    assert form.errors["currency"] == [
        "BGN was not legal tender on 2026-03-02: give the amount in the currency that was."
    ]
    rate = {"base": "EUR", "quote": "BGN", "rate": "1.95583"}
    assert ExchangeRateForm(data=rate | {"date": "2025-12-31"}).is_valid()
    assert "quote" in ExchangeRateForm(data=rate | {"date": "2026-03-02"}).errors
