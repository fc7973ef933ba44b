"""The public report: periods, sourced figures, small counts, the page, the CSV and the PDF."""

import csv
import datetime as dt
import io

import pytest
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from tests.factories import PersonFactory, SourceFactory, published
from tests.funds.conftest import DAY
from unheard.funds import services
from unheard.funds.models import (
    AggregateFigure,
    AidCategory,
    AidRecord,
    Beneficiary,
    RunningCost,
)
from unheard.funds.money import Money
from unheard.funds.report import Period, PeriodError, report_build

pytestmark = pytest.mark.django_db
LANGUAGES = ["ru", "en", "de", "fr"]


def give(amount, currency="EUR", on=DAY, **extra):
    return services.donation_record(
        money=Money.of(amount, currency), received_on=on, channel="bank_transfer", **extra
    )


def aid(name, category=AidCategory.HUMANITARIAN, on=DAY, cost="100.00", currency="EUR", **extra):
    beneficiary, _ = Beneficiary.objects.get_or_create(name=name)
    record = AidRecord(
        beneficiary=beneficiary,
        category=category,
        given_on=on,
        cost_minor=Money.of(cost, currency).minor,
        currency=currency,
        **extra,
    )
    return services.cost_save(record=record)


def figure(metric, *, start=None, end=None, **values):
    item = AggregateFigure.objects.create(
        metric=metric, period_start=start, period_end=end, **values
    )
    item.full_clean()
    item.sources.add(SourceFactory(title=f"Annual report {metric}"))
    return item


def line(report, category):
    return next(h for h in report.helped if h.category == category)


def test_period_parsing():
    assert Period.parse("2025-01-01", "2025-12-31") == Period(
        dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )
    assert Period.parse(year="2024") == Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert Period.parse().all_time
    for bad in [("2025-13-01", ""), ("2025-02-01", "2025-01-01"), ("yesterday", "")]:
        with pytest.raises(PeriodError):
            Period.parse(*bad)
    with pytest.raises(PeriodError):
        Period.parse(year="20x5")


def test_itemised_records_count_by_their_own_date(rates):
    give("10.00", on=DAY)
    give("21.00", "USD", on=DAY + dt.timedelta(days=1))
    give("7.00", on=dt.date(2024, 6, 1))
    RunningCost.objects.create(
        spent_on=dt.date(2024, 6, 1),
        amount_minor=500,
        currency="EUR",
        description="rent",
        reporting_currency="EUR",
        reporting_minor=500,
    )
    aid("Person A", on=DAY, cost="30.00")
    march = report_build(period=Period(DAY, DAY + dt.timedelta(days=6)))
    assert march.raised_total == Money(3000, "EUR")
    assert {line.currency: line.total for line in march.raised} == {
        "EUR": Money(1000, "EUR"),
        "USD": Money(2100, "USD"),
    }
    assert march.spent_total == Money(3000, "EUR")
    year_2024 = report_build(period=Period.parse(year="2024"))
    assert year_2024.raised_total == Money(700, "EUR")
    assert year_2024.spent_total == Money(500, "EUR")
    everything = report_build(period=Period())
    assert everything.raised_total == Money(3700, "EUR")


def test_people_helped_are_counted_once_per_category_and_small_counts_hidden(rates):
    for name in ["A", "B", "C", "D", "E", "F"]:
        aid(name, AidCategory.HUMANITARIAN)
    aid("A", AidCategory.HUMANITARIAN, on=DAY + dt.timedelta(days=1))
    aid("A", AidCategory.LEGAL, legal_stage=AidRecord.LegalStage.APPEAL)
    aid("B", AidCategory.LEGAL, legal_stage=AidRecord.LegalStage.APPEAL)
    report = report_build(period=Period(DAY, DAY + dt.timedelta(days=3)))
    humanitarian = line(report, AidCategory.HUMANITARIAN).count
    assert (humanitarian.value, humanitarian.suppressed, str(humanitarian)) == (6, False, "6")
    legal = line(report, AidCategory.LEGAL).count
    assert legal.suppressed and legal.public_value is None
    assert str(legal) == "fewer than 5"
    assert str(line(report, AidCategory.FAMILY).count) == "0"
    stages = {label: count for label, count in report.legal_stages}
    assert str(stages["appeal"]) == "fewer than 5"


@override_settings(UNHEARD_FUNDS_SMALL_COUNT=10)
def test_the_threshold_is_a_setting(rates):
    for name in "ABCDEF":
        aid(name)
    count = line(report_build(period=Period()), AidCategory.HUMANITARIAN).count
    assert str(count) == "fewer than 10"


def test_sourced_figures_count_only_when_their_period_lies_inside(rates):
    figure(
        AggregateFigure.Metric.PEOPLE_HELPED,
        category="legal",
        count=120,
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 12, 31),
    )
    figure(
        AggregateFigure.Metric.PEOPLE_HELPED,
        category="legal",
        count=7,
        start=dt.date(2023, 7, 1),
        end=dt.date(2024, 6, 30),
    )
    figure(AggregateFigure.Metric.PEOPLE_HELPED, category="legal", count=1000)
    figure(
        AggregateFigure.Metric.FUNDS_RAISED,
        amount_minor=5_000_000_00,
        currency="RUB",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 12, 31),
        equivalent_minor=50_000_00,
        equivalent_currency="EUR",
    )
    year = report_build(period=Period.parse(year="2023"))
    assert line(year, "legal").count.value == 120
    assert len(year.left_out_figures) == 1 and year.undated_left_out == 1
    assert year.raised_total == Money(50_000_00, "EUR")
    assert year.raised[0].total == Money(5_000_000_00, "RUB")
    all_time = report_build(period=Period())
    assert line(all_time, "legal").count.value == 1127
    assert report_build(period=Period.parse(year="2022")).raised == []


def test_a_figure_without_a_rate_or_equivalent_is_named_not_summed(rates):
    figure(
        AggregateFigure.Metric.FUNDS_RAISED,
        amount_minor=33_000_000_00,
        currency="RUB",
        qualifier="at_least",
    )
    give("10.00")
    report = report_build(period=Period())
    assert report.raised_total == Money(1000, "EUR")
    assert report.raised_left_out == [Money(33_000_000_00, "RUB")]
    rub = next(line for line in report.raised if line.currency == "RUB")
    assert rub.in_reporting is None and rub.qualifier == "at_least"


def test_registry_counts_in_the_period(rates):
    from unheard.registry.models import Organisation, Recognition

    memorial = Organisation.objects.create(slug="memorial", name_en="Memorial")
    person = published(PersonFactory())
    hidden = PersonFactory()
    Recognition.objects.create(
        person=person, organisation=memorial, date=DAY, publication_state="published"
    )
    Recognition.objects.create(
        person=hidden, organisation=memorial, date=DAY, publication_state="published"
    )
    report = report_build(period=Period(DAY, DAY))
    assert report.recognised.value == 1
    assert report_build(period=Period.parse(year="2020")).recognised.value == 0
    assert report_build(period=Period()).added.value == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_in_every_language(client, rates, language):
    give("10.00")
    for name in "AB":
        aid(name)
    response = client.get(f"/{language}/report/?from=2025-03-01&to=2025-03-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert "<svg" in html and "<script" not in html
    with translation.override(language):
        assert translation.gettext("fewer than %(number)s") % {"number": 5} in html


def test_a_bad_period_is_explained(client):
    response = client.get("/en/report/?from=2025-02-30")
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()
    assert client.get("/en/report/csv/?to=nope").status_code == 400


def test_no_bar_is_drawn_for_a_small_count(client, rates):
    for name in "ABCDEFG":
        aid(name, AidCategory.HUMANITARIAN)
    aid("H", AidCategory.FAMILY)
    html = client.get("/en/report/").content.decode()
    chart = html[html.index('id="chart-helped-title"') :]
    chart = chart[: chart.index("</svg>")]
    assert chart.count("<rect") == 1
    assert "fewer than 5" in chart


def test_csv_report(client, rates):
    give("10.00")
    aid("A", AidCategory.LEGAL, legal_stage="appeal")
    for name in "ABCDEF":
        aid(name, AidCategory.HUMANITARIAN)
    response = client.get("/en/report/csv/?from=2025-03-01&to=2025-03-31")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "item", "currency", "amount", "number", "shown as", "sources"]
    helped = {r[1]: r for r in rows if r[0] == "people helped"}
    assert helped["legal assistance"][4] == "" and helped["legal assistance"][5] == "fewer than 5"
    assert helped["humanitarian aid"][4] == "6"
    total = next(r for r in rows if r[0] == "raised in total")
    assert total[3] == "10.00"


def test_csv_report_escapes_formulas(client, rates):
    item = figure(
        AggregateFigure.Metric.OTHER, count=3, label_en="=cmd|' /C calc'!A0", qualifier="exact"
    )
    assert item.label_en.startswith("=")
    text = client.get("/en/report/csv/").content.decode("utf-8-sig")
    assert "'=cmd" in text
    assert ",=cmd" not in text


@pytest.mark.parametrize("language", ["ru", "en"])
def test_pdf_report(client, rates, language):
    give("10.00")
    for name in "ABCDEF":
        aid(name, AidCategory.HUMANITARIAN)
    aid("A", AidCategory.LEGAL, legal_stage="appeal")
    response = client.get(f"/{language}/report/pdf/?from=2025-03-01&to=2025-03-31")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    with translation.override(language):
        assert translation.gettext("Money raised") in text
        assert (translation.gettext("fewer than %(number)s") % {"number": 5}) in text
    assert "10" in text


def test_pdf_renders_cyrillic(client, rates):
    figure(
        AggregateFigure.Metric.OTHER,
        count=104,
        label_ru="граждан Украины",
        label_en="Ukrainian citizens",
    )
    response = client.get("/ru/report/pdf/")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Граждан Украины" in text
