"""Reading donations from files: the generic CSV format, Stripe's and PayPal's exports, and bank
statements (CSV or CAMT.053 XML, read by `statements.py`).

Policy (docs/funds.md has the column-by-column description for treasurers):
* A file is read whole and checked row by row before anything is saved. Each row ends up
  "new" (will be imported), "exists" (its transaction id is already in the ledger: importing the
  same file twice adds nothing), "skipped" (not a payment received: a PayPal withdrawal, a failed
  card payment) or "error", with every problem found in it, not only the first.
* Every payment needs its processor's transaction id; the pair (processor, transaction id) is
  unique in the ledger. A transaction id twice in one file is an error on the second row.
* A date in the future, an amount that cannot be read exactly, an unknown currency or one that was not
  legal tender on the row's date (see `money.py`), an unknown campaign, a refund of an unknown payment or larger than the payment, a date without an exchange
  rate (see `rates.py`) are errors. Nothing is imported while any row has an error, unless the
  treasurer chooses to import only the valid rows.
* Refunds are negative entries pointing at the refunded payment; they are converted at the
  payment's rate so that a full refund cancels the payment exactly in every currency.
* Bank statements: a credit whose reference contains a campaign's payment reference is recorded
  against that campaign; a credit whose reference names no campaign is "unmatched": it is kept
  apart (not in the ledger) until the treasurer assigns it (`services.statement_entries_assign`).
* Problems are stored as codes with parameters and turned into sentences only when shown, so the
  report is in the language of whoever reads it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from unheard.core.imports import csv as uploaded_csv
from unheard.funds import statements
from unheard.funds.models import Channel, Donation, DonationImport
from unheard.funds.money import (
    MESSAGES as AMOUNT_MESSAGES,
)
from unheard.funds.money import (
    AmountError,
    Money,
    convert_minor,
    currency_in_use,
    currency_normalise,
    parse_amount,
    scale_minor,
)
from unheard.funds.rates import RateBook, RateMissing, max_age

Layout = DonationImport.Layout

MESSAGES = {
    "no_rows": _("The file has a header but no rows."),
    "empty_file": _("The file is empty."),
    "unknown_layout": _(
        "The columns do not match a layout we know. The generic format needs the columns"
        " %(columns)s."
    ),
    "missing_columns": _("The file lacks the columns %(columns)s needed by the %(layout)s."),
    "short_row": _("The row has fewer cells than the header."),
    "date_empty": _("The date is empty."),
    "date_malformed": _("“%(text)s” is not a date in the form %(form)s."),
    "date_future": _("The date %(date)s is in the future."),
    "date_ambiguous": _(
        "The dates in this file read both as day/month and as month/day: choose the date order"
        " and upload the file again."
    ),
    "currency": AMOUNT_MESSAGES["currency"],
    "currency_not_in_use": AMOUNT_MESSAGES["currency_not_in_use"],
    "amount_empty": AMOUNT_MESSAGES["empty"],
    "amount_malformed": AMOUNT_MESSAGES["malformed"],
    "amount_ambiguous": AMOUNT_MESSAGES["ambiguous"],
    "amount_too_precise": AMOUNT_MESSAGES["too_precise"],
    "amount_too_large": AMOUNT_MESSAGES["too_large"],
    "amount_currency": AMOUNT_MESSAGES["currency"],
    "amount_zero": _("The amount is zero."),
    "transaction_empty": _(
        "The transaction id is empty; it is needed to import each payment only once."
    ),
    "transaction_duplicate": _("The transaction id “%(id)s” is also on row %(row)s."),
    "campaign_unknown": _("There is no campaign “%(slug)s”."),
    "channel_unknown": _(
        "“%(text)s” is not a channel: use bank_transfer, card_processor, cash, crypto or other."
    ),
    "email_malformed": _("“%(text)s” is not an e-mail address."),
    "rate_missing": _(
        "There is no exchange rate from %(source)s to %(target)s for %(date)s or the %(days)s days"
        " before it: enter one, or import the ECB file, and upload again."
    ),
    "refund_unknown": _("The refunded payment “%(id)s” is neither in the ledger nor in this file."),
    "refund_currency": _("The refund is in %(currency)s, the refunded payment in %(original)s."),
    "refund_too_large": _("The refunds of “%(id)s” add up to more than the payment."),
    "exists": _("Already in the ledger (imported before): skipped."),
    "not_completed": _("Status “%(status)s”: only completed payments are imported."),
    "not_a_payment": _("“%(type)s” is not a payment received: skipped."),
    "camt_unreadable": _("The file is not well-formed XML."),
    "camt_not_a_statement": _("This XML file is not a CAMT.053 bank statement (BkToCstmrStmt)."),
    "debit": _("Money paid out, not received: skipped."),
    "pending": _("Not yet booked by the bank: skipped."),
    "unmatched": _("The reference names no campaign: kept for matching by hand."),
    "stripe_refund_date": _(
        "Refunded; Stripe's payments export does not date refunds, so the refund is dated with"
        " the payment."
    ),
}

GENERIC_REQUIRED = ("transaction_id", "date", "amount", "currency")
GENERIC_OPTIONAL = (
    "channel",
    "campaign",
    "refund_of",
    "donor_name",
    "donor_email",
    "subscription",
    "fee",
    "note",
)
STRIPE_REQUIRED = ("id", "Created (UTC)", "Amount", "Currency", "Status")
STRIPE_DATE_COLUMNS = ("Created (UTC)", "Created date (UTC)")
PAYPAL_REQUIRED = ("Date", "Name", "Type", "Status", "Currency", "Gross", "Transaction ID")
STRIPE_PAID = {"paid", "succeeded", "refunded", "partially refunded"}
PAYPAL_COMPLETED = {"completed", "refunded", "partially refunded"}


@dataclass
class Problem:
    code: str
    params: dict = field(default_factory=dict)
    column: str = ""

    def __str__(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    def as_json(self) -> dict:
        return {"code": self.code, "params": self.params, "column": self.column}

    @classmethod
    def from_json(cls, data: dict) -> Problem:
        return cls(
            code=data["code"], params=data.get("params") or {}, column=data.get("column", "")
        )


@dataclass
class Entry:
    """One payment or refund read from a row (a Stripe row may give a payment and its refund)."""

    row: int
    transaction_id: str = ""
    processor: str = ""
    received_on: dt.date | None = None
    money: Money | None = None
    fee_minor: int = 0
    channel: str = ""
    campaign_slug: str = ""
    donor_name: str = ""
    donor_email: str = ""
    subscription_ref: str = ""
    refund_of: str = ""
    note: str = ""
    reference: str = ""
    problems: list[Problem] = field(default_factory=list)
    skip: Problem | None = None
    status: str = ""
    reporting_minor: int | None = None
    campaign_minor: int | None = None
    campaign_id: int | None = None

    @property
    def is_refund(self) -> bool:
        return self.money is not None and self.money.minor < 0

    def add(self, code: str, column: str = "", **params) -> None:
        self.problems.append(Problem(code, params, column))

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "status": self.status,
            "transaction_id": self.transaction_id,
            "date": self.received_on.isoformat() if self.received_on else "",
            "amount": str(self.money.amount) if self.money else "",
            "currency": self.money.currency if self.money else "",
            "campaign": self.campaign_slug,
            "reference": self.reference,
            "kind": "refund" if self.is_refund else "donation",
            "problems": [
                p.as_json() for p in (self.problems or ([self.skip] if self.skip else []))
            ],
        }


@dataclass
class ParsedFile:
    layout: str
    encoding: str
    delimiter: str
    entries: list[Entry]
    file_problems: list[Problem]


# Cells ----------------------------------------------------------------------------------------


def _amount(entry: Entry, text: str, currency: str | None, column: str) -> int | None:
    if currency is None:
        return None
    try:
        return parse_amount(text, currency)
    except AmountError as error:
        entry.add(f"amount_{error.code}", column, **error.params)
        return None


def _currency(entry: Entry, text: str, column: str) -> str | None:
    try:
        return currency_normalise(text)
    except AmountError:
        entry.add("currency", column, text=(text or "").strip())
        return None


def _money(entry: Entry, amount: str, currency: str, columns: tuple[str, str]) -> None:
    code = _currency(entry, currency, columns[1])
    minor = _amount(entry, amount, code, columns[0])
    if minor is not None and code:
        if minor == 0:
            entry.add("amount_zero", columns[0])
        else:
            entry.money = Money(minor, code)


def _date(entry: Entry, text: str, column: str, forms: tuple[str, ...], shown: str) -> None:
    text = (text or "").strip()
    if not text:
        entry.add("date_empty", column)
        return
    for form in forms:
        try:
            entry.received_on = dt.datetime.strptime(text, form).date()
            return
        except ValueError:
            continue
    entry.add("date_malformed", column, text=text, form=shown)


def _email(entry: Entry, text: str, column: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        entry.add("email_malformed", column, text=text)
        return ""
    return text.lower()


# Layouts --------------------------------------------------------------------------------------


def _records(
    table: list[list[str]],
) -> tuple[list[str], list[tuple[int, dict[str, str]]], set[int]]:
    """The header, the non-empty rows as (line number, column → cell), and the short rows."""
    header = [cell.strip().lstrip("\ufeff") for cell in table[0]]
    records, short = [], set()
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            short.add(number)
        records.append((number, dict(zip(header, cells, strict=False))))
    return header, records, short


def detect(header: Iterable[str]) -> str | None:
    names = set(header)
    lower = {name.lower() for name in names}
    if set(statements.CSV_REQUIRED) <= lower:
        return Layout.BANK_CSV
    if {"id", "Amount", "Currency", "Status"} <= names and names & set(STRIPE_DATE_COLUMNS):
        return Layout.STRIPE
    if {"Date", "Gross", "Transaction ID", "Type"} <= names:
        return Layout.PAYPAL
    if set(GENERIC_REQUIRED) <= lower:
        return Layout.GENERIC
    return None


def _missing(header: list[str], layout: str) -> list[str]:
    names = set(header)
    if layout == Layout.GENERIC:
        lower = {name.lower() for name in names}
        return [name for name in GENERIC_REQUIRED if name not in lower]
    if layout == Layout.BANK_CSV:
        lower = {name.lower() for name in names}
        return [name for name in statements.CSV_REQUIRED if name not in lower]
    if layout == Layout.STRIPE:
        missing = [n for n in STRIPE_REQUIRED if n not in names and n not in STRIPE_DATE_COLUMNS]
        if not names & set(STRIPE_DATE_COLUMNS):
            missing.insert(1, STRIPE_DATE_COLUMNS[0])
        return missing
    return [name for name in PAYPAL_REQUIRED if name not in names]


def parse_generic(records, options: dict) -> list[Entry]:
    default_channel = options.get("channel") or Channel.BANK_TRANSFER
    entries = []
    for number, raw in records:
        record = {key.lower(): value for key, value in raw.items()}
        entry = Entry(row=number, processor="generic")
        entry.transaction_id = record.get("transaction_id", "").strip()
        _date(entry, record.get("date", ""), "date", ("%Y-%m-%d", "%d.%m.%Y"), "YYYY-MM-DD")
        _money(entry, record.get("amount", ""), record.get("currency", ""), ("amount", "currency"))
        channel = (record.get("channel") or "").strip().lower() or default_channel
        if channel not in Channel.values:
            entry.add("channel_unknown", "channel", text=channel)
        entry.channel = channel
        entry.campaign_slug = (record.get("campaign") or "").strip()
        entry.refund_of = (record.get("refund_of") or "").strip()
        entry.donor_name = (record.get("donor_name") or "").strip()
        entry.donor_email = _email(entry, record.get("donor_email", ""), "donor_email")
        entry.subscription_ref = (record.get("subscription") or "").strip()
        entry.note = (record.get("note") or "").strip()
        if (record.get("fee") or "").strip() and entry.money:
            fee = _amount(entry, record["fee"], entry.money.currency, "fee")
            entry.fee_minor = abs(fee or 0)
        entries.append(entry)
    return entries


def _utc_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(text, form).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
        # Stripe times are UTC; the ledger keeps the date where the organisation works.
        return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()
    return None


def parse_stripe(records, options: dict) -> list[Entry]:
    entries = []
    for number, record in records:
        entry = Entry(row=number, processor="stripe", channel=Channel.CARD_PROCESSOR)
        entry.transaction_id = record.get("id", "").strip()
        status = record.get("Status", "").strip()
        captured = record.get("Captured", "true").strip().lower()
        if status.lower() not in STRIPE_PAID or captured == "false":
            entry.skip = Problem("not_completed", {"status": status}, "Status")
            entries.append(entry)
            continue
        column = next((c for c in STRIPE_DATE_COLUMNS if c in record), STRIPE_DATE_COLUMNS[0])
        text = record.get(column, "")
        entry.received_on = _utc_date(text)
        if entry.received_on is None:
            entry.add(
                "date_empty" if not text.strip() else "date_malformed",
                column,
                text=text,
                form="YYYY-MM-DD HH:MM",
            )
        _money(entry, record.get("Amount", ""), record.get("Currency", ""), ("Amount", "Currency"))
        if entry.money and (record.get("Fee") or "").strip():
            entry.fee_minor = abs(_amount(entry, record["Fee"], entry.money.currency, "Fee") or 0)
        entry.campaign_slug = (record.get("campaign (metadata)") or "").strip()
        entry.donor_email = _email(entry, record.get("Customer Email", ""), "Customer Email")
        entry.donor_name = (record.get("Customer Description") or "").strip()
        entry.note = (record.get("Description") or "").strip()
        entries.append(entry)
        refunded = (record.get("Amount Refunded") or "").strip()
        if entry.money and refunded:
            minor = _amount(entry, refunded, entry.money.currency, "Amount Refunded")
            if minor:
                refund = Entry(
                    row=number,
                    processor="stripe",
                    channel=Channel.CARD_PROCESSOR,
                    transaction_id=f"{entry.transaction_id}:refund",
                    received_on=entry.received_on,
                    money=Money(-abs(minor), entry.money.currency),
                    campaign_slug=entry.campaign_slug,
                    refund_of=entry.transaction_id,
                    note=str(MESSAGES["stripe_refund_date"]),
                )
                entries.append(refund)
    return entries


def _paypal_date_forms(records, options: dict) -> tuple[tuple[str, ...], Problem | None]:
    """PayPal writes dates in the account's locale: day first, or month first (US accounts)."""
    day_first = ("%d/%m/%Y", "%d.%m.%Y")
    order = options.get("date_order") or "auto"
    if order == "dmy":
        return day_first, None
    if order == "mdy":
        return ("%m/%d/%Y",), None
    pairs = []
    for _number, record in records:
        parts = record.get("Date", "").strip().replace(".", "/").split("/")
        if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
            pairs.append((int(parts[0]), int(parts[1])))
    if any(first > 12 for first, _ in pairs):
        return day_first, None
    if any(second > 12 for _, second in pairs):
        return ("%m/%d/%Y",), None
    if any(first != second for first, second in pairs):
        return (), Problem("date_ambiguous", {}, "Date")
    return day_first, None


def parse_paypal(records, options: dict) -> tuple[list[Entry], Problem | None]:
    forms, ambiguity = _paypal_date_forms(records, options)
    if ambiguity:
        return [], ambiguity
    entries = []
    for number, record in records:
        entry = Entry(row=number, processor="paypal", channel=Channel.CARD_PROCESSOR)
        entry.transaction_id = record.get("Transaction ID", "").strip()
        kind = record.get("Type", "").strip()
        status = record.get("Status", "").strip()
        impact = record.get("Balance Impact", "").strip().lower()
        gross = record.get("Gross", "").strip()
        refund = "refund" in kind.lower() or "reversal" in kind.lower()
        payment = not refund and ("payment" in kind.lower() or "donation" in kind.lower())
        if impact == "memo" or not (refund or payment):
            entry.skip = Problem("not_a_payment", {"type": kind}, "Type")
        elif status.lower() not in PAYPAL_COMPLETED:
            entry.skip = Problem("not_completed", {"status": status}, "Status")
        elif payment and (gross.startswith("-") or impact == "debit"):
            entry.skip = Problem("not_a_payment", {"type": kind}, "Type")
        if entry.skip:
            entries.append(entry)
            continue
        _date(entry, record.get("Date", ""), "Date", forms, "DD/MM/YYYY")
        _money(entry, gross, record.get("Currency", ""), ("Gross", "Currency"))
        reference = record.get("Reference Txn ID", "").strip()
        if refund:
            if entry.money and entry.money.minor > 0:
                entry.money = -entry.money
            entry.refund_of = reference
        else:
            if entry.money and (record.get("Fee") or "").strip():
                fee = _amount(entry, record["Fee"], entry.money.currency, "Fee")
                entry.fee_minor = abs(fee or 0)
            entry.donor_name = record.get("Name", "").strip()
            entry.donor_email = _email(
                entry, record.get("From Email Address", ""), "From Email Address"
            )
            if kind.lower().startswith("subscription") and reference:
                entry.subscription_ref = reference
            entry.campaign_slug = (record.get("Item ID") or "").strip()
            entry.note = (record.get("Note") or "").strip()
        entries.append(entry)
    return entries, None


def parse_statement(rows: list[dict]) -> list[Entry]:
    """Entries from bank-statement rows (see `statements.py`): credits, debits skipped."""
    entries = []
    for row in statements.with_fingerprints(rows):
        entry = Entry(row=row["row"], processor=statements.PROCESSOR, channel=Channel.BANK_TRANSFER)
        entry.transaction_id = row["transaction_id"]
        if row["skip"]:
            entry.skip = Problem(row["skip"], {}, "amount")
            entries.append(entry)
            continue
        _date(entry, row["date"], "date", ("%Y-%m-%d", "%d.%m.%Y"), "YYYY-MM-DD")
        _money(entry, row["amount"], row["currency"], ("amount", "currency"))
        entry.reference = row["reference"]
        entry.donor_name = row["payer"]
        entry.note = row["reference"]
        entries.append(entry)
    return entries


def _parse_camt(data: bytes, result: ParsedFile) -> ParsedFile:
    result.layout, result.encoding = Layout.CAMT053, "utf-8"
    try:
        rows = statements.camt_credits(data)
    except statements.StatementError as error:
        result.file_problems.append(Problem(str(error)))
        return result
    if not rows:
        result.file_problems.append(Problem("no_rows"))
    result.entries = parse_statement(rows)
    return result


def parse(data: bytes, *, layout: str = Layout.AUTO, options: dict | None = None) -> ParsedFile:
    """Read a file into entries with the problems each row has on its own."""
    options = options or {}
    if layout == Layout.CAMT053 or (
        layout == Layout.AUTO and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
    ):
        return _parse_camt(data, ParsedFile(layout, "", "", [], []))
    decoded = uploaded_csv.read(data)
    table = uploaded_csv.rows(decoded.text, decoded.delimiter)
    result = ParsedFile(layout, decoded.encoding, decoded.delimiter, [], [])
    if not table or not any(cell.strip() for cell in table[0]):
        result.file_problems.append(Problem("empty_file"))
        return result
    header, records, short = _records(table)
    if layout == Layout.AUTO:
        layout = detect(header) or ""
        if not layout:
            result.file_problems.append(
                Problem("unknown_layout", {"columns": ", ".join(GENERIC_REQUIRED)})
            )
            return result
    result.layout = layout
    missing = _missing(header, layout)
    if missing:
        result.file_problems.append(
            Problem(
                "missing_columns",
                {"columns": ", ".join(missing), "layout": str(Layout(layout).label)},
            )
        )
        return result
    if not records:
        result.file_problems.append(Problem("no_rows"))
        return result
    if layout == Layout.GENERIC:
        result.entries = parse_generic(records, options)
    elif layout == Layout.BANK_CSV:
        result.entries = parse_statement(statements.csv_rows(records))
    elif layout == Layout.STRIPE:
        result.entries = parse_stripe(records, options)
    else:
        entries, problem = parse_paypal(records, options)
        if problem:
            result.file_problems.append(problem)
        result.entries = entries
    for entry in result.entries:
        if entry.row in short and not entry.skip:
            entry.add("short_row")
    return result


# Checking against the ledger ------------------------------------------------------------------


@dataclass
class Original:
    """A payment a refund in the file refers to, from the ledger or from the file itself."""

    pk: int | None
    money: Money
    reporting_minor: int | None
    campaign_minor: int | None
    campaign_id: int | None
    campaign_slug: str
    refunded_minor: int


@dataclass
class ImportContext:
    reporting_currency: str
    today: dt.date
    campaigns: dict[str, tuple[int, str]]
    references: dict[str, str]
    default_campaign: str
    rates: RateBook
    existing: set[tuple[str, str]]
    originals: dict[tuple[str, str], Original]

    @classmethod
    def build(cls, entries: list[Entry], *, default_campaign: str = "") -> ImportContext:
        from django.db.models import Sum

        from unheard.funds.models import Campaign
        from unheard.funds.selectors import reporting_currency

        keys = {(e.processor, e.transaction_id) for e in entries if e.transaction_id}
        refs = {(e.processor, e.refund_of) for e in entries if e.refund_of}
        existing: set[tuple[str, str]] = set()
        originals: dict[tuple[str, str], Original] = {}
        by_processor: dict[str, list[str]] = defaultdict(list)
        for processor, transaction_id in keys | refs:
            by_processor[processor].append(transaction_id)
        for processor, ids in by_processor.items():
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                # `exclude` repeats the unique index's condition so that SQLite can use it.
                found = (
                    Donation.objects.filter(processor=processor, transaction_id__in=chunk)
                    .exclude(transaction_id="")
                    .order_by()
                )
                for row in found.values(
                    "pk",
                    "transaction_id",
                    "amount_minor",
                    "currency",
                    "reporting_minor",
                    "campaign_minor",
                    "campaign_id",
                    "campaign__slug",
                ):
                    existing.add((processor, row["transaction_id"]))
                    originals[(processor, row["transaction_id"])] = Original(
                        pk=row["pk"],
                        money=Money(row["amount_minor"], row["currency"]),
                        reporting_minor=row["reporting_minor"],
                        campaign_minor=row["campaign_minor"],
                        campaign_id=row["campaign_id"],
                        campaign_slug=row["campaign__slug"] or "",
                        refunded_minor=0,
                    )
        existing |= _statement_entries_known(keys)
        if originals:
            refunded = (
                Donation.objects.filter(corrects_id__in=[o.pk for o in originals.values()])
                .values("corrects_id")
                .annotate(total=Sum("amount_minor"))
            )
            totals = {row["corrects_id"]: -row["total"] for row in refunded}
            for original in originals.values():
                original.refunded_minor = totals.get(original.pk, 0)
        dates = [e.received_on for e in entries if e.received_on]
        return cls(
            reporting_currency=reporting_currency(),
            today=_today(),
            campaigns={
                slug: (pk, currency)
                for pk, slug, currency in Campaign.objects.values_list("pk", "slug", "currency")
            },
            references={
                reference_key(reference): slug
                for slug, reference in Campaign.objects.values_list("slug", "payment_reference")
            },
            default_campaign=default_campaign,
            rates=RateBook.load(min(dates), max(dates)) if dates else RateBook(),
            existing=existing,
            originals=originals,
        )


def _statement_entries_known(keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Bank credits imported before and still waiting to be matched (not in the ledger yet)."""
    from unheard.funds.models import StatementEntry

    ids = [tid for processor, tid in keys if processor == statements.PROCESSOR]
    known = set()
    for start in range(0, len(ids), 900):
        found = StatementEntry.objects.filter(transaction_id__in=ids[start : start + 900])
        known |= {
            (statements.PROCESSOR, tid) for tid in found.values_list("transaction_id", flat=True)
        }
    return known


def reference_key(text: str) -> str:
    """A reference as banks may pass it on: case, spaces and hyphens do not count."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def campaign_for_reference(reference: str, references: dict[str, str]) -> str:
    """The slug of the campaign whose payment reference the payer's text contains, or ""."""
    text = reference_key(reference)
    found = {slug for key, slug in references.items() if key and key in text}
    return found.pop() if len(found) == 1 else ""


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _convert(entry: Entry, target: str, context: ImportContext) -> int | None:
    money = entry.money
    if money.currency == target:
        return money.minor
    try:
        rate = context.rates.rate(money.currency, target, entry.received_on)
    except RateMissing:
        entry.add(
            "rate_missing",
            "currency",
            source=money.currency,
            target=target,
            date=entry.received_on.isoformat(),
            days=max_age().days,
        )
        return None
    return convert_minor(money.minor, money.currency, target, rate)


def validate(parsed: ParsedFile, context: ImportContext) -> None:
    """Check every entry against the file and the ledger; set its status and conversions.

    Payments are checked before refunds, so a refund may come before its payment in the file
    (PayPal lists the newest first).
    """
    seen: dict[str, int] = {}
    in_file: dict[tuple[str, str], Entry] = {}
    refunds = []
    for entry in parsed.entries:
        if entry.skip:
            entry.status = "skipped"
            continue
        if not entry.transaction_id:
            entry.add("transaction_empty")
        elif entry.transaction_id in seen:
            entry.add(
                "transaction_duplicate", id=entry.transaction_id, row=seen[entry.transaction_id]
            )
        else:
            seen[entry.transaction_id] = entry.row
        if entry.received_on and entry.received_on > context.today:
            entry.add("date_future", "date", date=entry.received_on.isoformat())
        _currency_of_the_day(entry)
        if (entry.processor, entry.transaction_id) in context.existing and not entry.problems:
            entry.status = "exists"
            continue
        if entry.processor == statements.PROCESSOR and not entry.campaign_slug:
            entry.campaign_slug = campaign_for_reference(entry.reference, context.references)
            if not entry.campaign_slug and not entry.problems and entry.money:
                entry.status = "unmatched"
                entry.skip = Problem("unmatched", {}, "reference")
                continue
        if not entry.campaign_slug and not entry.refund_of:
            entry.campaign_slug = context.default_campaign
        if entry.campaign_slug and entry.campaign_slug not in context.campaigns:
            entry.add("campaign_unknown", "campaign", slug=entry.campaign_slug)
        if entry.problems or not entry.money or not entry.received_on:
            entry.status = "error"
            continue
        if entry.refund_of:
            refunds.append(entry)
            continue
        _payment(entry, context)
        entry.status = "error" if entry.problems else "new"
        if entry.status == "new":
            in_file[(entry.processor, entry.transaction_id)] = entry
    for entry in refunds:
        _refund(entry, context, in_file)
        entry.status = "error" if entry.problems else "new"


def _currency_of_the_day(entry: Entry) -> None:
    if not entry.money or not entry.received_on or entry.is_refund:
        return
    if not currency_in_use(entry.money.currency, entry.received_on):
        date = entry.received_on.isoformat()
        entry.add("currency_not_in_use", "currency", currency=entry.money.currency, date=date)


def _payment(entry: Entry, context: ImportContext) -> None:
    entry.reporting_minor = _convert(entry, context.reporting_currency, context)
    if entry.campaign_slug:
        campaign_id, currency = context.campaigns[entry.campaign_slug]
        entry.campaign_id = campaign_id
        entry.campaign_minor = _convert(entry, currency, context)


def _refund(entry: Entry, context: ImportContext, in_file: dict[tuple[str, str], Entry]) -> None:
    key = (entry.processor, entry.refund_of)
    original = context.originals.get(key)
    if original is None and key in in_file:
        payment = in_file[key]
        original = Original(
            pk=None,
            money=payment.money,
            reporting_minor=payment.reporting_minor,
            campaign_minor=payment.campaign_minor,
            campaign_id=payment.campaign_id,
            campaign_slug=payment.campaign_slug,
            refunded_minor=0,
        )
        context.originals[key] = original
    if original is None:
        entry.add("refund_unknown", "refund_of", id=entry.refund_of)
        return
    if original.money.currency != entry.money.currency:
        entry.add(
            "refund_currency",
            "currency",
            currency=entry.money.currency,
            original=original.money.currency,
        )
        return
    refunded = original.refunded_minor - entry.money.minor
    if refunded > original.money.minor:
        entry.add("refund_too_large", "amount", id=entry.refund_of)
        return
    original.refunded_minor = refunded
    share = (-entry.money.minor, original.money.minor)
    entry.campaign_slug = original.campaign_slug
    entry.campaign_id = original.campaign_id
    if original.reporting_minor is not None:
        entry.reporting_minor = -scale_minor(original.reporting_minor, *share)
    if original.campaign_minor is not None:
        entry.campaign_minor = -scale_minor(original.campaign_minor, *share)


def summary(parsed: ParsedFile) -> dict[str, int]:
    counts = {"rows": len({e.row for e in parsed.entries}), "new": 0, "exists": 0}
    counts |= {"skipped": 0, "error": 0, "unmatched": 0}
    for entry in parsed.entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts
