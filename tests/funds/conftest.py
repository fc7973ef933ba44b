"""Fixtures of the funds tests: rates, campaigns, CSV files in the three layouts."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from unheard.core.models import PublicationState
from unheard.funds.models import Campaign, ExchangeRate

DAY = dt.date(2025, 3, 3)  # a Monday
SECRET = "Zyxwvut-confidential"


def add_rate(date, quote, value, base="EUR", origin=ExchangeRate.Origin.ECB):
    return ExchangeRate.objects.create(
        date=date, base=base, quote=quote, rate=Decimal(value), origin=origin
    )


@pytest.fixture(autouse=True)
def english():
    """Start each test in English: a request to /ru/ leaves Russian active in the thread."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def rates(db):
    """ECB-like rates for the first week of March 2025 (RUB entered by hand)."""
    for offset in range(5):
        day = DAY + dt.timedelta(days=offset)
        add_rate(day, "USD", "1.0500")
        add_rate(day, "GBP", "0.8300")
        add_rate(day, "RUB", "100", origin=ExchangeRate.Origin.MANUAL)


def make_campaign(slug="legal-aid", currency="EUR", goal="1000.00", **extra):
    from unheard.funds.money import Money

    values = {
        "slug": slug,
        "title_en": extra.pop("title", f"Campaign {slug}"),
        "purpose": "legal_aid",
        "currency": currency,
        "goal_minor": Money.of(goal, currency).minor if goal else None,
        "publication_state": PublicationState.PUBLISHED,
        # A campaign is listed as open only with a way to give.
        "donate_url": "https://pay.example.org/give",
    }
    values.update(extra)
    return Campaign.objects.create(**values)


@pytest.fixture
def campaign(db):
    return make_campaign()


def csv_bytes(header, rows, *, delimiter=",", encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


GENERIC_HEADER = [
    "transaction_id",
    "date",
    "amount",
    "currency",
    "channel",
    "campaign",
    "donor_name",
    "donor_email",
    "refund_of",
    "note",
]


def generic(rows, **options) -> bytes:
    """Rows as dicts with the generic columns; missing cells empty."""
    return csv_bytes(
        GENERIC_HEADER, [[row.get(c, "") for c in GENERIC_HEADER] for row in rows], **options
    )


STRIPE_HEADER = [
    "id",
    "Description",
    "Seller Message",
    "Created (UTC)",
    "Amount",
    "Amount Refunded",
    "Currency",
    "Converted Amount",
    "Converted Amount Refunded",
    "Fee",
    "Taxes On Fee",
    "Converted Currency",
    "Mode",
    "Status",
    "Statement Descriptor",
    "Customer ID",
    "Customer Description",
    "Customer Email",
    "Captured",
    "Card ID",
    "Card Last4",
    "Card Brand",
    "Card Funding",
    "Card Exp Month",
    "Card Exp Year",
    "Card Name",
    "Card Address Country",
    "Invoice ID",
    "campaign (metadata)",
]


def stripe(rows) -> bytes:
    body = []
    for row in rows:
        values = {
            "Mode": "Live",
            "Captured": "true",
            "Status": "Paid",
            "Amount Refunded": "0.00",
            "Currency": "eur",
            "Fee": "0.50",
            **row,
        }
        body.append([values.get(column, "") for column in STRIPE_HEADER])
    return csv_bytes(STRIPE_HEADER, body)


PAYPAL_HEADER = [
    "Date",
    "Time",
    "TimeZone",
    "Name",
    "Type",
    "Status",
    "Currency",
    "Gross",
    "Fee",
    "Net",
    "From Email Address",
    "To Email Address",
    "Transaction ID",
    "Shipping Address",
    "Address Status",
    "Item Title",
    "Item ID",
    "Shipping and Handling Amount",
    "Insurance Amount",
    "Sales Tax",
    "Option 1 Name",
    "Option 1 Value",
    "Option 2 Name",
    "Option 2 Value",
    "Reference Txn ID",
    "Invoice Number",
    "Custom Number",
    "Quantity",
    "Receipt ID",
    "Balance",
    "Address Line 1",
    "Address Line 2/District/Neighborhood",
    "Town/City",
    "State/Province/Region/County/Territory/Prefecture/Republic",
    "Zip/Postal Code",
    "Country",
    "Contact Phone Number",
    "Subject",
    "Note",
    "Country Code",
    "Balance Impact",
]


def paypal(rows) -> bytes:
    body = []
    for row in rows:
        values = {
            "Time": "10:00:00",
            "TimeZone": "CET",
            "Type": "Donation Payment",
            "Status": "Completed",
            "Currency": "EUR",
            "Fee": "-0.59",
            "To Email Address": "treasurer@example.org",
            "Balance Impact": "Credit",
            **row,
        }
        body.append([values.get(column, "") for column in PAYPAL_HEADER])
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows([PAYPAL_HEADER, *body])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
