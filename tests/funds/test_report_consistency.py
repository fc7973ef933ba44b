"""The report adds up: sourced figures keep their currency and cited equivalent, spending and
people helped say where they come from, held and recognised are counted as on the home page."""

import datetime as dt

import pytest

from tests import factories as f
from tests.funds.conftest import DAY
from unheard.funds import services
from unheard.funds.demo_loader import demo_load
from unheard.funds.models import AidCategory, AidRecord, Beneficiary
from unheard.funds.money import Money
from unheard.funds.report import Period, report_build, report_rows
from unheard.registry.demo_loader import demo_load as registry_demo_load
from unheard.registry.models import Organisation, Person, Recognition
from unheard.registry.selectors import people_held_count, people_recognised_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    registry_demo_load()
    demo_load()


def test_sourced_figures_show_their_own_currency_and_the_equivalent_they_cite(demo, client):
    html = client.get("/en/report/").content.decode().replace("\xa0", " ")
    assert "at least RUB 20,000,000 (~ at least €212,000, as the source gives it)" in html or (
        "(~ at least €212,000, as the source gives it)" in html
    )
    report = report_build(period=Period())
    rub = next(line for line in report.raised if line.currency == "RUB")
    assert rub.in_reporting is None and rub.converted_part == Money.of("212000", "EUR")
    assert "for the part that can be converted" in html


def test_no_spent_zero_next_to_people_helped_from_sources(demo, client):
    report = report_build(period=Period())
    assert {line.basis for line in report.helped if line.count.value} == {"sources"}
    assert report.spent_total_display == "not recorded"
    assert all(line.display == "not recorded" for line in report.spent)
    assert report.chart_spent() == []
    html = client.get("/en/report/").content.decode()
    assert "€0" not in html
    assert "No amount spent is recorded for this period" in html
    assert "the sources cited" in html
    # The CSV leaves the amount empty where the page says "not recorded": 0.00 would claim it.
    spent = [row for row in report_rows(report) if row.shown == "not recorded"]
    assert spent and all(row.amount == "" for row in spent)


def test_recorded_aid_is_counted_from_records_and_spending_shows_its_amount(rates):
    person = f.published(f.PersonFactory())
    beneficiary = Beneficiary.objects.create(name="B", person=person)
    services.cost_save(
        record=AidRecord(
            beneficiary=beneficiary,
            category=AidCategory.LEGAL,
            legal_stage=AidRecord.LegalStage.APPEAL,
            given_on=DAY,
            cost_minor=100_00,
            currency="EUR",
        )
    )
    report = report_build(period=Period())
    legal = next(line for line in report.helped if line.category == AidCategory.LEGAL)
    assert legal.basis == "records"
    assert report.spent_total == Money.of("100", "EUR") and report.spent_recorded
    other = next(line for line in report.spent if line.category == "humanitarian")
    assert other.display == "not recorded"


def test_held_and_recognised_are_counted_as_on_the_home_page(demo, client):
    report = report_build(period=Period())
    assert report.held_now.value == people_held_count()
    assert report.recognised.value == people_recognised_count()
    home = client.get("/en/").content.decode()
    assert f"{people_held_count()} people are held" in home


def test_recognised_in_a_period_counts_recognitions_dated_in_it(db):
    organisation = Organisation.objects.create(
        name="Memorial", slug="memorial", kind=Organisation.Kind.HUMAN_RIGHTS
    )
    dated = f.published(f.PersonFactory(status=Person.Status.SERVING))
    undated = f.published(f.PersonFactory(status=Person.Status.SERVING))
    for person, date in ((dated, dt.date(2024, 5, 1)), (undated, None)):
        f.published(Recognition.objects.create(person=person, organisation=organisation, date=date))
    assert people_recognised_count() == 2
    assert people_recognised_count(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)) == 1
    report = report_build(period=Period.parse(year="2024"))
    assert report.recognised.value == 1
