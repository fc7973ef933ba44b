"""The donations ledger: append-only entries, refunds and corrections, conversions at the date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.funds.conftest import DAY, make_campaign
from unheard.funds import services
from unheard.funds.models import Donation
from unheard.funds.money import Money
from unheard.funds.selectors import campaign_progress

pytestmark = pytest.mark.django_db


def give(amount, currency="EUR", on=DAY, **extra):
    return services.donation_record(
        money=Money.of(amount, currency), received_on=on, channel="bank_transfer", **extra
    )


def test_a_donation_is_converted_at_its_date(rates):
    campaign = make_campaign(currency="RUB", goal="100000")
    donation = give("10.00", "EUR", campaign=campaign)
    assert donation.reporting_minor == 1000
    assert donation.campaign_minor == 1000 * 100
    usd = give("21.00", "USD", campaign=campaign)
    assert usd.reporting_minor == 2000
    assert usd.campaign_minor == 200000
    assert campaign_progress(campaign=campaign).raised == Money(3000 * 100, "RUB")


def test_a_donation_without_a_rate_for_its_date_is_refused(rates):
    with pytest.raises(ValidationError, match="no exchange rate from RUB to EUR"):
        give("100.00", "RUB", on=DAY - dt.timedelta(days=30))
    assert not Donation.objects.exists()


def test_a_donation_in_the_future_is_refused(rates):
    with pytest.raises(ValidationError):
        give("10.00", on=timezone.localdate() + dt.timedelta(days=1))
    assert not Donation.objects.exists()


def test_an_entry_cannot_be_changed(rates):
    donation = give("10.00")
    donation.amount_minor = 2000
    with pytest.raises(ValidationError):
        donation.save()
    donation.refresh_from_db()
    assert donation.amount_minor == 1000
    donation.note = "a note may be added"
    donation.save()


def test_the_database_refuses_entries_of_the_wrong_sign(rates):
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(
            kind="donation", amount_minor=-5, currency="EUR", received_on=DAY, channel="cash"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(
            kind="correction", amount_minor=-5, currency="EUR", received_on=DAY, channel="cash"
        )


def test_one_transaction_id_per_processor(rates):
    give("10.00", transaction_id="T-1", processor="generic")
    give("10.00", transaction_id="T-1", processor="stripe")
    with pytest.raises(ValidationError):
        give("10.00", transaction_id="T-1", processor="generic")


def test_a_refund_is_a_new_negative_entry_at_the_donations_rate(rates):
    campaign = make_campaign(currency="RUB", goal="100000")
    donation = give("10.00", "USD", campaign=campaign)
    refund = services.donation_refund(
        donation=donation, refunded_on=DAY + dt.timedelta(days=2), money=Money(400, "USD")
    )
    assert refund.kind == "refund" and refund.amount_minor == -400 and refund.corrects == donation
    assert Donation.objects.count() == 2
    rest = services.donation_refund(donation=donation, refunded_on=DAY + dt.timedelta(days=3))
    assert rest.amount_minor == -600
    totals = [e.reporting_minor for e in Donation.objects.all()]
    assert sum(totals) == 0
    assert campaign_progress(campaign=campaign).raised.minor == 0
    with pytest.raises(ValidationError):
        services.donation_refund(donation=donation, refunded_on=DAY + dt.timedelta(days=3))


def test_a_refund_cannot_exceed_the_donation_or_come_before_it(rates):
    donation = give("10.00")
    with pytest.raises(ValidationError):
        services.donation_refund(donation=donation, refunded_on=DAY, money=Money(1001, "EUR"))
    with pytest.raises(ValidationError):
        services.donation_refund(
            donation=donation, refunded_on=DAY - dt.timedelta(days=1), money=Money(100, "EUR")
        )
    with pytest.raises(ValidationError):
        services.donation_refund(donation=donation, refunded_on=DAY, money=Money(100, "USD"))


def test_a_correction_reverses_with_the_same_date_and_records_the_right_entry(rates):
    wrong = give("100.00")
    reversal, right = services.donation_correct(
        donation=wrong,
        reason="Typed 100 instead of 10",
        replacement={"money": Money.of("10.00", "EUR"), "received_on": DAY},
    )
    assert reversal.kind == "correction" and reversal.received_on == wrong.received_on
    assert reversal.amount_minor == -10000 and reversal.reporting_minor == -10000
    assert right.amount_minor == 1000
    wrong.refresh_from_db()
    assert wrong.amount_minor == 10000  # history is kept
    assert Donation.objects.count() == 3
    with pytest.raises(ValidationError):
        services.donation_correct(donation=wrong, reason="again")
    with pytest.raises(ValidationError):
        services.donation_correct(donation=right, reason="   ")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=10**9),
            st.sampled_from(["EUR", "USD", "RUB", "GBP"]),
            st.integers(min_value=0, max_value=4),
            st.integers(min_value=0, max_value=100),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_totals_equal_the_sum_of_entries(rates, entries):
    """Whatever donations and partial refunds are recorded, every total is the sum of its lines."""
    try:
        with transaction.atomic():
            _record_and_check(entries)
            raise Rollback
    except Rollback:
        pass


class Rollback(Exception):
    """Undo one hypothesis example's rows."""


def _record_and_check(entries):
    from unheard.funds.money import convert_minor
    from unheard.funds.rates import RateBook
    from unheard.funds.report import Period, report_build

    campaign = make_campaign(slug="prop", currency="GBP", goal="1000")
    for minor, currency, offset, refund_percent in entries:
        donation = services.donation_record(
            money=Money(minor, currency),
            received_on=DAY + dt.timedelta(days=offset),
            channel="other",
            campaign=campaign,
        )
        refunded = minor * refund_percent // 100
        if refunded:
            services.donation_refund(
                donation=donation, refunded_on=donation.received_on, money=Money(refunded, currency)
            )
    stored = list(Donation.objects.all())
    progress = campaign_progress(campaign=campaign)
    assert progress.raised.minor == sum(e.campaign_minor for e in stored)
    report = report_build(period=Period(DAY, DAY + dt.timedelta(days=4)))
    assert report.raised_total.minor == sum(e.reporting_minor for e in stored)
    for line in report.raised:
        assert line.total.minor == sum(
            e.amount_minor for e in stored if e.currency == line.currency
        )
    book = RateBook.load()
    for entry in stored:
        if entry.kind == "donation":
            rate = book.rate(entry.currency, "EUR", entry.received_on)
            assert entry.reporting_minor == convert_minor(
                entry.amount_minor, entry.currency, "EUR", rate
            )
        else:
            original = entry.corrects
            assert abs(entry.reporting_minor) <= abs(original.reporting_minor)


def test_decimal_rates_are_stored_exactly(rates):
    record = services.rate_set(date=DAY, base="EUR", quote="RUB", rate=Decimal("98.123456789012"))
    record.refresh_from_db()
    assert record.rate == Decimal("98.123456789012")
