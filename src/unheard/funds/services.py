"""Writes of the funds app: the ledger, imports, rates, conversions, aid, campaign publication.

Every function is keyword-only and runs in one transaction: bad input raises ValidationError
(or ImportRefused) and leaves nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log
from unheard.funds import imports, statements
from unheard.funds.models import (
    AidRecord,
    Campaign,
    Channel,
    Donation,
    DonationImport,
    Donor,
    ExchangeRate,
    RunningCost,
    StatementEntry,
    Subscription,
)
from unheard.funds.money import Money, convert_minor, format_money, scale_minor, today
from unheard.funds.rates import (
    RateBook,
    RateFileError,
    RateMissing,
    cbr_parse,
    ecb_parse,
    max_age,
)
from unheard.funds.selectors import reporting_currency

SAMPLE_ROWS = 50
BULK = 2000


# Conversions ------------------------------------------------------------------------------


def _audit(action: str, record, acting_user, **summary) -> None:
    audit_log(acting_user=acting_user, action=action, record=record, summary=summary)


def _rate_missing_error(error: RateMissing) -> ValidationError:
    return ValidationError(
        _(
            "There is no exchange rate from %(source)s to %(target)s for %(date)s or the %(days)s"
            " days before it: enter one under Exchange rates first."
        )
        % {
            "source": error.source,
            "target": error.target,
            "date": error.on.isoformat(),
            "days": max_age().days,
        }
    )


def _convert(money: Money, target: str, on: dt.date, book: RateBook) -> int:
    if money.currency == target:
        return money.minor
    return convert_minor(money.minor, money.currency, target, book.rate(money.currency, target, on))


def _check_date(on: dt.date, field: str = "received_on") -> None:
    if on > today():
        raise ValidationError({field: _("The date is in the future.")})


# Ledger -----------------------------------------------------------------------------------


@transaction.atomic
def donation_record(
    *,
    money: Money,
    received_on: dt.date,
    channel: str,
    campaign: Campaign | None = None,
    donor: Donor | None = None,
    subscription: Subscription | None = None,
    processor: str = "manual",
    transaction_id: str = "",
    fee_minor: int = 0,
    note: str = "",
    acting_user=None,
) -> Donation:
    """Record a donation received; its conversions are fixed at the rates of its date."""
    if not isinstance(money, Money):
        raise TypeError("money must be a Money")
    if money.minor <= 0:
        raise ValidationError({"amount": _("A donation is a positive amount.")})
    _check_date(received_on)
    book = RateBook.load(received_on, received_on)
    target = reporting_currency()
    try:
        reporting_minor = _convert(money, target, received_on, book)
        campaign_minor = _convert(money, campaign.currency, received_on, book) if campaign else None
    except RateMissing as error:
        raise _rate_missing_error(error) from error
    donation = Donation(
        kind=Donation.Kind.DONATION,
        amount_minor=money.minor,
        currency=money.currency,
        received_on=received_on,
        channel=channel,
        campaign=campaign,
        donor=donor,
        subscription=subscription,
        processor=processor,
        transaction_id=transaction_id,
        fee_minor=fee_minor,
        note=note,
        recorded_by=acting_user,
        reporting_currency=target,
        reporting_minor=reporting_minor,
        campaign_minor=campaign_minor,
    )
    donation.full_clean(exclude=["recorded_by", "import_batch"])
    donation.save()
    _audit(
        "donation_record",
        donation,
        acting_user,
        amount=format_money(money),
        received_on=received_on,
    )
    return donation


def _remaining(donation: Donation) -> int:
    adjusted = donation.adjustments.aggregate(total=Sum("amount_minor"))["total"] or 0
    return donation.amount_minor + adjusted


@transaction.atomic
def donation_refund(
    *,
    donation: Donation,
    refunded_on: dt.date,
    money: Money | None = None,
    transaction_id: str = "",
    note: str = "",
    acting_user=None,
) -> Donation:
    """Record that (part of) a donation went back to the donor, as a new negative entry.

    The refund is converted at the donation's own rate, pro rata, so a full refund cancels the
    donation exactly in every currency.
    """
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if donation.kind != Donation.Kind.DONATION:
        raise ValidationError(_("Only a donation can be refunded."))
    remaining = _remaining(donation)
    money = money or Money(remaining, donation.currency)
    if money.currency != donation.currency:
        raise ValidationError(_("A refund is in the currency of the donation."))
    if money.minor <= 0:
        raise ValidationError({"amount": _("Give the refunded amount as a positive number.")})
    if money.minor > remaining:
        raise ValidationError(
            _("Only %(amount)s of this donation is left to refund.")
            % {"amount": format_money(Money(remaining, donation.currency))}
        )
    _check_date(refunded_on)
    if refunded_on < donation.received_on:
        raise ValidationError(_("A refund cannot be dated before the donation."))
    refund = Donation(
        kind=Donation.Kind.REFUND,
        amount_minor=-money.minor,
        currency=money.currency,
        received_on=refunded_on,
        channel=donation.channel,
        campaign=donation.campaign,
        donor=donation.donor,
        processor=donation.processor,
        transaction_id=transaction_id,
        corrects=donation,
        note=note,
        recorded_by=acting_user,
        **_share_of(donation, money.minor),
    )
    refund.full_clean(exclude=["recorded_by", "import_batch"])
    refund.save()
    _audit("donation_refund", refund, acting_user, refunds=donation, amount=format_money(money))
    return refund


def _share_of(donation: Donation, minor: int) -> dict:
    """The negative conversions of `minor` out of `donation`, at the donation's rate."""
    share = (minor, donation.amount_minor)
    return {
        "reporting_currency": donation.reporting_currency,
        "reporting_minor": None
        if donation.reporting_minor is None
        else -scale_minor(donation.reporting_minor, *share),
        "campaign_minor": None
        if donation.campaign_minor is None
        else -scale_minor(donation.campaign_minor, *share),
    }


@transaction.atomic
def donation_correct(
    *,
    donation: Donation,
    reason: str,
    acting_user=None,
    replacement: dict | None = None,
) -> tuple[Donation, Donation | None]:
    """Reverse a wrong entry with a correction entry and, if given, record the right one.

    The reversal keeps the wrong entry's date, so every period's report is corrected, and it
    cancels what is left of it (after refunds) exactly. `replacement` holds the keyword arguments
    of `donation_record` for the right entry.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is corrected.")})
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if donation.kind != Donation.Kind.DONATION:
        raise ValidationError(_("Only a donation can be corrected; correct a refund by hand."))
    remaining = _remaining(donation)
    if remaining == 0:
        raise ValidationError(_("This donation is already refunded or reversed in full."))
    reversal = Donation(
        kind=Donation.Kind.CORRECTION,
        amount_minor=-remaining,
        currency=donation.currency,
        received_on=donation.received_on,
        channel=donation.channel,
        campaign=donation.campaign,
        donor=donation.donor,
        processor=donation.processor,
        corrects=donation,
        note=reason,
        recorded_by=acting_user,
        **_share_of(donation, remaining),
    )
    reversal.save()
    new = None
    if replacement:
        values = {"donor": donation.donor, "channel": donation.channel, **replacement}
        values.setdefault("note", reason)
        new = donation_record(acting_user=acting_user, **values)
    _audit("donation_correct", reversal, acting_user, corrects=donation, reason=reason)
    return reversal, new


# Imports ----------------------------------------------------------------------------------


class ImportRefused(ValidationError):
    """The import was not applied; nothing was saved."""


def _check_import(
    *, content: str, layout: str, options: dict
) -> tuple[imports.ParsedFile, dict[str, int]]:
    parsed = imports.parse(content.encode("utf-8"), layout=layout, options=options)
    if not parsed.file_problems:
        context = imports.ImportContext.build(
            parsed.entries, default_campaign=options.get("campaign", "")
        )
        imports.validate(parsed, context)
    return parsed, imports.summary(parsed)


@transaction.atomic
def donations_import_preview(
    *, data: bytes, file_name: str, layout: str, options: dict, acting_user
) -> DonationImport:
    """Read and check an uploaded file; save nothing but the preview."""
    from unheard.core.imports import csv as uploaded_csv

    decoded = uploaded_csv.read(data)
    batch = DonationImport(
        file_name=file_name[:300],
        layout=layout,
        encoding=decoded.encoding,
        content=decoded.text,
        options=options,
        uploaded_by=acting_user,
    )
    parsed, counts = _check_import(content=decoded.text, layout=layout, options=options)
    _store_result(batch, parsed, counts)
    batch.save()
    _audit("donations_import_preview", batch, acting_user, file_name=batch.file_name, rows=counts)
    return batch


def _store_result(batch: DonationImport, parsed: imports.ParsedFile, counts: dict) -> None:
    batch.layout = parsed.layout or batch.layout
    batch.summary = {
        **counts,
        "file_problems": [p.as_json() for p in parsed.file_problems],
        "encoding": batch.encoding or parsed.encoding,
        "delimiter": parsed.delimiter,
    }
    batch.problems = [
        e.as_json() for e in parsed.entries if e.status in ("error", "skipped", "unmatched")
    ]
    batch.sample = [e.as_json() for e in parsed.entries if e.status == "new"][:SAMPLE_ROWS]


@transaction.atomic
def donations_import_apply(*, batch: DonationImport, acting_user, valid_only: bool = False) -> dict:
    """Import the checked file: every new row, or with `valid_only` the rows without errors.

    The file is checked again (rates or the ledger may have changed since the preview). Either
    every row is saved or none is. The file's content is deleted afterwards: the ledger keeps what
    was imported.
    """
    batch = DonationImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != DonationImport.Status.PREVIEWED:
        raise ImportRefused(_("This file was already imported or discarded."))
    parsed, counts = _check_import(
        content=batch.content, layout=batch.layout, options=batch.options
    )
    if parsed.file_problems:
        raise ImportRefused([str(p) for p in parsed.file_problems])
    if counts.get("error") and not valid_only:
        _store_result(batch, parsed, counts)
        batch.save(update_fields=["summary", "problems", "sample", "layout", "updated_at"])
        raise ImportRefused(
            _(
                "%(count)s rows have errors: nothing was imported. Correct the file, or import"
                " only the valid rows."
            )
            % {"count": counts["error"]}
        )
    new = [e for e in parsed.entries if e.status == "new"]
    unmatched = [e for e in parsed.entries if e.status == "unmatched"]
    try:
        with transaction.atomic():
            created = _save_entries(new, batch=batch, acting_user=acting_user)
            _save_unmatched(unmatched, batch=batch)
    except IntegrityError as error:
        raise ImportRefused(
            _("Another import saved some of these payments meanwhile; preview the file again.")
        ) from error
    counts["imported"] = created
    _store_result(batch, parsed, counts)
    batch.status = DonationImport.Status.APPLIED
    batch.applied_by = acting_user
    batch.applied_at = timezone.now()
    batch.content = ""
    batch.options = {**batch.options, "valid_only": valid_only}
    batch.save()
    _audit("donations_import_apply", batch, acting_user, rows=counts, valid_only=valid_only)
    return counts


def _save_entries(entries: list[imports.Entry], *, batch: DonationImport, acting_user) -> int:
    target = reporting_currency()
    donors = _donors_for(entries)
    subscriptions = _subscriptions_for(entries, donors)
    payments = [e for e in entries if not e.refund_of]
    refunds = [e for e in entries if e.refund_of]

    def build(entry: imports.Entry, corrects_id: int | None) -> Donation:
        refund = entry.money.minor < 0
        return Donation(
            kind=Donation.Kind.REFUND if refund else Donation.Kind.DONATION,
            amount_minor=entry.money.minor,
            currency=entry.money.currency,
            received_on=entry.received_on,
            channel=entry.channel,
            campaign_id=entry.campaign_id,
            donor_id=donors.get(entry.donor_email or entry.donor_name) if not refund else None,
            subscription_id=subscriptions.get(entry.subscription_ref),
            processor=entry.processor,
            transaction_id=entry.transaction_id,
            fee_minor=entry.fee_minor,
            corrects_id=corrects_id,
            note=entry.note,
            import_batch=batch,
            recorded_by=acting_user,
            reporting_currency=target,
            reporting_minor=entry.reporting_minor,
            campaign_minor=entry.campaign_minor,
        )

    Donation.objects.bulk_create([build(e, None) for e in payments], batch_size=BULK)
    if refunds:
        wanted = {(e.processor, e.refund_of) for e in refunds}
        ids = {}
        for processor in {p for p, _ in wanted}:
            references = [r for p, r in wanted if p == processor]
            for start in range(0, len(references), 900):
                rows = (
                    Donation.objects.filter(
                        processor=processor, transaction_id__in=references[start : start + 900]
                    )
                    .exclude(transaction_id="")
                    .order_by()
                    .values_list("transaction_id", "pk", "donor_id")
                )
                ids |= {(processor, tid): (pk, donor) for tid, pk, donor in rows}
        built = []
        for entry in refunds:
            pk, donor_id = ids[(entry.processor, entry.refund_of)]
            refund = build(entry, pk)
            refund.donor_id = donor_id
            built.append(refund)
        Donation.objects.bulk_create(built, batch_size=BULK)
    return len(entries)


def _save_unmatched(entries: list[imports.Entry], *, batch: DonationImport) -> None:
    StatementEntry.objects.bulk_create(
        [
            StatementEntry(
                import_batch=batch,
                transaction_id=entry.transaction_id,
                received_on=entry.received_on,
                amount_minor=entry.money.minor,
                currency=entry.money.currency,
                payer=entry.donor_name[:300],
                reference=entry.reference,
            )
            for entry in entries
        ],
        batch_size=BULK,
    )


@transaction.atomic
def statement_entries_assign(
    *, entries: list[StatementEntry], campaign: Campaign | None, acting_user
) -> list[Donation]:
    """Record unmatched bank credits as donations to `campaign` (None: to no campaign).

    All of them or none: a credit already matched, or one without an exchange rate for its
    date, refuses the whole assignment.
    """
    if acting_user is None or not acting_user.has_perm("funds.add_donation"):
        raise PermissionDenied(_("You do not have permission to do this."))
    locked = list(
        StatementEntry.objects.select_for_update(of=("self",)).filter(
            pk__in=[e.pk for e in entries]
        )
    )
    if any(entry.donation_id for entry in locked):
        raise ValidationError(_("Some of these bank credits were already matched."))
    donations = []
    for entry in sorted(locked, key=lambda e: (e.received_on, e.pk)):
        donation = donation_record(
            money=entry.money,
            received_on=entry.received_on,
            channel=Channel.BANK_TRANSFER,
            campaign=campaign,
            processor=statements.PROCESSOR,
            transaction_id=entry.transaction_id,
            note=entry.reference,
            acting_user=acting_user,
        )
        entry.donation, entry.matched_by = donation, acting_user
        entry.save(update_fields=["donation", "matched_by", "updated_at"])
        donations.append(donation)
    return donations


def _donors_for(entries: list[imports.Entry]) -> dict[str, int]:
    """Donors by e-mail (or by name when there is no e-mail), reusing those already known."""
    wanted: dict[str, imports.Entry] = {}
    for entry in entries:
        key = entry.donor_email or entry.donor_name
        if key and entry.money.minor > 0:
            wanted.setdefault(key, entry)
    emails = [k for k, e in wanted.items() if e.donor_email]
    known: dict[str, int] = {}
    for start in range(0, len(emails), 900):
        chunk = emails[start : start + 900]
        for pk, email in Donor.objects.filter(email__in=chunk).values_list("pk", "email"):
            known.setdefault(email, pk)
    missing = [
        Donor(name=entry.donor_name[:300], email=entry.donor_email)
        for key, entry in wanted.items()
        if key not in known
    ]
    Donor.objects.bulk_create(missing, batch_size=BULK)
    for donor in missing:
        known[donor.email or donor.name] = donor.pk
    return known


def _subscriptions_for(entries: list[imports.Entry], donors: dict[str, int]) -> dict[str, int]:
    wanted = {e.subscription_ref: e for e in entries if e.subscription_ref}
    if not wanted:
        return {}
    found = dict(
        Subscription.objects.filter(reference__in=list(wanted)).values_list("reference", "pk")
    )
    for reference, entry in wanted.items():
        if reference in found:
            continue
        subscription = Subscription.objects.create(
            donor_id=donors.get(entry.donor_email or entry.donor_name),
            campaign_id=entry.campaign_id,
            amount_minor=abs(entry.money.minor),
            currency=entry.money.currency,
            channel=entry.channel,
            processor=entry.processor,
            reference=reference,
            started_on=entry.received_on,
        )
        found[reference] = subscription.pk
    return found


@transaction.atomic
def donations_import_discard(*, batch: DonationImport, acting_user) -> None:
    batch = DonationImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != DonationImport.Status.PREVIEWED:
        raise ImportRefused(_("This file was already imported or discarded."))
    batch.status = DonationImport.Status.DISCARDED
    batch.content = ""
    batch.save(update_fields=["status", "content", "updated_at"])
    _audit("donations_import_discard", batch, acting_user)


# Rates ------------------------------------------------------------------------------------


@transaction.atomic
def rate_set(
    *,
    date: dt.date,
    base: str,
    quote: str,
    rate: Decimal,
    note: str = "",
    origin: str = ExchangeRate.Origin.MANUAL,
    acting_user=None,
) -> ExchangeRate:
    """Enter (or change) the rate of a day, then re-convert the entries it may serve."""
    if not isinstance(rate, Decimal):
        raise TypeError("an exchange rate is a Decimal, never a float")
    record = ExchangeRate.objects.filter(date=date, base=base, quote=quote).first()
    record = record or ExchangeRate(date=date, base=base, quote=quote)
    old = record.rate
    record.rate, record.note, record.origin = rate, note, origin
    record.full_clean(validate_unique=False)
    record.save()
    _audit("rate_set", record, acting_user, changed={"rate": {"old": old, "new": rate}})
    conversions_refresh(start=date, end=date + max_age())
    return record


@dataclass
class RatesImported:
    saved: int
    kept_manual: int
    problems: list[str]
    skipped_currencies: list[str]
    first: dt.date | None
    last: dt.date | None
    reconverted: int


def rates_import_ecb(*, data: bytes, acting_user=None) -> RatesImported:
    """Import an ECB reference-rate CSV (daily or historical). A rate entered by hand is kept."""
    from unheard.core.imports import csv as uploaded_csv

    try:
        parsed = ecb_parse(uploaded_csv.decode(data)[0])
    except RateFileError as error:
        raise ValidationError(str(error)) from error
    records = [("EUR", quote, date, rate) for date, quote, rate in parsed.rates if quote != "EUR"]
    return _rates_store(
        parsed,
        records,
        origin=ExchangeRate.Origin.ECB,
        action="rates_import_ecb",
        acting_user=acting_user,
    )


def rates_import_cbr(*, data: bytes, acting_user=None) -> RatesImported:
    """Import a Central Bank of Russia XML file (XML_daily.asp or XML_dynamic.asp): roubles for
    one unit of each currency, stored as "1 EUR = x RUB". A rate entered by hand is kept."""
    try:
        parsed = cbr_parse(data)
    except RateFileError as error:
        raise ValidationError(str(error)) from error
    records = [(code, "RUB", date, rate) for date, code, rate in parsed.rates if code != "RUB"]
    return _rates_store(
        parsed,
        records,
        origin=ExchangeRate.Origin.CBR,
        action="rates_import_cbr",
        acting_user=acting_user,
    )


def rates_import(*, data: bytes, acting_user=None) -> RatesImported:
    """Import a rate file, recognised by its content: the CBR's XML, else the ECB's CSV."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return rates_import_cbr(data=data, acting_user=acting_user)
    return rates_import_ecb(data=data, acting_user=acting_user)


@transaction.atomic
def _rates_store(
    parsed,
    records: list[tuple[str, str, dt.date, Decimal]],
    *,
    origin: str,
    action: str,
    acting_user,
) -> RatesImported:
    if parsed.problems:
        raise ValidationError(parsed.problems)
    if not records:
        raise ValidationError(_("The file holds no rates."))
    first = min(date for _b, _q, date, _r in records)
    last = max(date for _b, _q, date, _r in records)
    manual = set(
        ExchangeRate.objects.filter(
            date__range=(first, last), origin=ExchangeRate.Origin.MANUAL
        ).values_list("date", "base", "quote")
    )
    kept = [r for r in records if (r[2], r[0], r[1]) not in manual]
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(date=date, base=base, quote=quote, rate=rate, origin=origin)
            for base, quote, date, rate in kept
        ],
        batch_size=BULK,
        update_conflicts=True,
        unique_fields=["date", "base", "quote"],
        update_fields=["rate", "origin", "updated_at"],
    )
    reconverted = conversions_refresh(start=first, end=last + max_age())
    summary = {"saved": len(records), "first": first, "last": last}
    _audit(action, None, acting_user, **summary)
    return RatesImported(
        saved=len(kept),
        kept_manual=len(records) - len(kept),
        problems=[],
        skipped_currencies=parsed.unknown_currencies,
        first=first,
        last=last,
        reconverted=reconverted,
    )


@transaction.atomic
def conversions_refresh(*, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Re-convert stored entries dated from `start` to `end` at the rates stored now.

    Donations and costs are converted at their own date; refunds and corrections that point at a
    donation follow its rate (pro rata). An entry without a rate keeps no conversion and the
    report names it. Returns the number of entries whose conversion changed.
    """
    target = reporting_currency()

    def within(field: str) -> Q:
        condition = Q()
        if start:
            condition &= Q(**{f"{field}__gte": start})
        if end:
            condition &= Q(**{f"{field}__lte": end})
        return condition

    def dated(queryset, field):
        return queryset.filter(within(field))

    book = RateBook.load(start, end)
    changed = 0
    donations = dated(Donation.objects.filter(corrects__isnull=True), "received_on")
    updates = []
    for donation in donations.select_related("campaign").iterator(chunk_size=BULK):
        money = donation.money
        try:
            reporting = _convert(money, target, donation.received_on, book)
        except RateMissing:
            reporting = None
        campaign = None
        if donation.campaign:
            try:
                campaign = _convert(money, donation.campaign.currency, donation.received_on, book)
            except RateMissing:
                campaign = None
        if (donation.reporting_currency, donation.reporting_minor, donation.campaign_minor) != (
            target,
            reporting,
            campaign,
        ):
            donation.reporting_currency = target
            donation.reporting_minor = reporting
            donation.campaign_minor = campaign
            updates.append(donation)
    fields = ["reporting_currency", "reporting_minor", "campaign_minor"]
    Donation.objects.bulk_update(updates, fields, batch_size=BULK)
    changed += len(updates)
    # Refunds and corrections follow their donation's rate, wherever either date falls.
    adjustments = (
        Donation.objects.filter(corrects__isnull=False)
        .filter(within("received_on") | within("corrects__received_on"))
        .select_related("corrects")
    )
    follow = []
    for entry in adjustments.iterator(chunk_size=BULK):
        share = _share_of(entry.corrects, -entry.amount_minor)
        current = (entry.reporting_currency, entry.reporting_minor, entry.campaign_minor)
        wanted = (share["reporting_currency"], share["reporting_minor"], share["campaign_minor"])
        if current != wanted:
            entry.reporting_currency, entry.reporting_minor, entry.campaign_minor = wanted
            follow.append(entry)
    Donation.objects.bulk_update(follow, fields, batch_size=BULK)
    changed += len(follow)
    for model, date_field, amount_field in (
        (AidRecord, "given_on", "cost_minor"),
        (RunningCost, "spent_on", "amount_minor"),
    ):
        costs = []
        for record in dated(model.objects.all(), date_field).iterator(chunk_size=BULK):
            money = Money(getattr(record, amount_field), record.currency)
            try:
                value = _convert(money, target, getattr(record, date_field), book)
            except RateMissing:
                value = None
            if (record.reporting_currency, record.reporting_minor) != (target, value):
                record.reporting_currency, record.reporting_minor = target, value
                costs.append(record)
        model.objects.bulk_update(costs, ["reporting_currency", "reporting_minor"], batch_size=BULK)
        changed += len(costs)
    return changed


# Aid and costs ----------------------------------------------------------------------------


@transaction.atomic
def cost_save(*, record: AidRecord | RunningCost, acting_user=None) -> AidRecord | RunningCost:
    """Save aid given or an organisational cost with its conversion at its date."""
    on = record.given_on if isinstance(record, AidRecord) else record.spent_on
    minor = record.cost_minor if isinstance(record, AidRecord) else record.amount_minor
    record.full_clean()
    target = reporting_currency()
    try:
        record.reporting_minor = _convert(
            Money(minor, record.currency), target, on, RateBook.load(on, on)
        )
    except RateMissing as error:
        raise _rate_missing_error(error) from error
    record.reporting_currency = target
    with reversion.create_revision():
        if acting_user is not None:
            reversion.set_user(acting_user)
        record.save()
    amount = format_money(Money(minor, record.currency))
    _audit("cost_save", record, acting_user, amount=amount, on=on)
    return record
