"""Benchmark of the funds app: importing 100,000 donations and building the all-time report.

Run with `make bench-funds` (also part of `make bench`). Uses a fresh SQLite database in a
temporary directory, or the database named by DATABASE_URL (which must be disposable: it is
migrated and filled). The donations are synthetic (invented e-mail addresses under .invalid,
random amounts); results are printed and written to bench/RESULTS.md under "## Funds".
"""

import datetime as dt
import os
import platform
import random
import sys
import time
from pathlib import Path

from common import record_section, setup_django

DONATIONS = int(os.environ.get("FUNDS_BENCH_DONATIONS", "100000"))
START = dt.date(2023, 1, 2)
DAYS = 730


def timed(function):
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


def ecb_history() -> bytes:
    """A synthetic ECB history file (weekdays only) with USD, GBP and RUB per euro."""
    rng = random.Random(7)
    lines = ["Date,USD,GBP,RUB,"]
    day = START + dt.timedelta(days=DAYS)
    while day >= START - dt.timedelta(days=7):
        if day.weekday() < 5:
            usd = 1.05 + rng.random() / 10
            gbp = 0.83 + rng.random() / 20
            rub = 90 + rng.random() * 15
            lines.append(f"{day.isoformat()},{usd:.4f},{gbp:.5f},{rub:.4f},")
        day -= dt.timedelta(days=1)
    return ("\n".join(lines) + "\n").encode()


def donations_csv(campaigns: list[str]) -> bytes:
    rng = random.Random(42)
    currencies = ["EUR"] * 5 + ["RUB"] * 3 + ["USD", "GBP"]
    lines = [
        "transaction_id,date,amount,currency,channel,campaign,donor_name,donor_email,refund_of"
    ]
    refunds = []
    for number in range(DONATIONS):
        day = START + dt.timedelta(days=rng.randrange(DAYS))
        currency = rng.choice(currencies)
        amount = rng.randrange(100, 500_000) if currency == "RUB" else rng.randrange(100, 20_000)
        campaign = rng.choice(campaigns) if rng.random() < 0.8 else ""
        donor = rng.randrange(DONATIONS // 5)
        lines.append(
            f"BENCH-{number},{day.isoformat()},{amount // 100}.{amount % 100:02d},{currency},"
            f"bank_transfer,{campaign},Synthetic donor {donor},donor{donor}@example.invalid,"
        )
        if number % 100 == 0:
            refunds.append((number, day, amount, currency))
    for number, day, amount, currency in refunds:
        lines.append(
            f"BENCH-R{number},{day.isoformat()},-{amount // 200}.{(amount // 2) % 100:02d},"
            f"{currency},bank_transfer,,,,BENCH-{number}"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from unheard.core.models import PublicationState
    from unheard.funds import services
    from unheard.funds.models import Campaign, Donation
    from unheard.funds.report import Period, report_build

    call_command("migrate", verbosity=0)
    user = None
    campaigns = []
    for index, currency in enumerate(["EUR", "RUB", "USD", "EUR", "GBP"] * 4):
        slug = f"bench-campaign-{index}"
        Campaign.objects.get_or_create(
            slug=slug,
            defaults={
                "title_en": f"Benchmark campaign {index}",
                "purpose": "legal_aid",
                "currency": currency,
                "goal_minor": 10_000_000,
                "publication_state": PublicationState.PUBLISHED,
            },
        )
        campaigns.append(slug)
    rows = []
    rates_ms, rates = timed(lambda: services.rates_import_ecb(data=ecb_history()))
    rows.append((f"import ECB rate history ({rates.saved} rates)", rates_ms))
    data = donations_csv(campaigns)
    megabytes = len(data) / 1e6
    preview_ms, batch = timed(
        lambda: services.donations_import_preview(
            data=data, file_name="bench.csv", layout="generic", options={}, acting_user=user
        )
    )
    assert batch.summary["error"] == 0, batch.problems[:3]
    rows.append(
        (
            f"preview {batch.summary['new']:,} entries ({megabytes:.1f} MB CSV: read, check, convert)",
            preview_ms,
        )
    )
    apply_ms, counts = timed(lambda: services.donations_import_apply(batch=batch, acting_user=user))
    rows.append(
        (f"apply: save {counts['imported']:,} entries (checked again, one transaction)", apply_ms)
    )
    again_ms, again = timed(
        lambda: services.donations_import_preview(
            data=data, file_name="bench.csv", layout="generic", options={}, acting_user=user
        )
    )
    assert again.summary["new"] == 0 and again.summary["exists"] == counts["imported"]
    rows.append(("preview the same file again (all already imported)", again_ms))
    report_ms, report = timed(lambda: report_build(period=Period()))
    assert report.raised_total.minor == sum(
        Donation.objects.values_list("reporting_minor", flat=True)
    )
    rows.append(("build the all-time report", report_ms))
    year_ms, _ = timed(lambda: report_build(period=Period.parse(year="2024")))
    rows.append(("build the report for one year", year_ms))
    client = Client(HTTP_HOST="localhost")
    for label, url in (
        ("report page, all time (HTML)", "/en/report/"),
        ("report CSV, all time", "/en/report/csv/"),
        ("report PDF, all time", "/ru/report/pdf/"),
        ("campaign list page", "/en/campaigns/"),
    ):
        client.get(url)
        samples = [timed(lambda url=url: client.get(url))[0] for _ in range(3)]
        rows.append((f"{label} (median of 3)", sorted(samples)[1]))
    reconvert_ms, changed = timed(lambda: services.conversions_refresh())
    rows.append((f"re-convert every entry at stored rates ({changed} changed)", reconvert_ms))
    write_results(rows, connection.vendor, Donation.objects.count())


def write_results(rows, vendor: str, entries: int) -> None:
    lines = ["| measurement | ms |", "| --- | --- |"]
    lines += [f"| {name} | {ms:,.0f} |" for name, ms in rows]
    header = (
        f"## Funds ({vendor}, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores)\n\n{entries:,} ledger entries (synthetic donations in EUR, RUB,"
        " USD and GBP over two years, 1% partly refunded, 80% in 20 campaigns); times include all"
        " queries, in-process Django test client for pages.\n\n"
    )
    if vendor == "sqlite":
        header += (
            "Saving is bound by Django's bulk_create on SQLite: at most 999 parameters per"
            " statement, so 47 rows per INSERT, each value compiled by the ORM.\n\n"
        )
    text = header + "\n".join(lines) + "\n"
    print(text)
    record_section(f"## Funds ({vendor},", text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
