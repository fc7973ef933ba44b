"""The report's charts on a 375 px phone: text at 12 px or more, nothing wider than the screen."""

import datetime as dt

import pytest

from unheard.funds import services
from unheard.funds.models import AidCategory, AidRecord, Beneficiary, RunningCost
from unheard.funds.money import Money

pytestmark = pytest.mark.django_db(transaction=True)

MEASURE = """() => [...document.querySelectorAll("svg.chart text")].map(text => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * text.ownerSVGElement.getScreenCTM().a,
    right: text.getBoundingClientRect().right,
}))"""


def test_report_charts_are_readable_on_a_phone(browser, live_server):
    day = dt.date.today() - dt.timedelta(days=3)
    services.donation_record(money=Money(7400_00, "EUR"), received_on=day, channel="cash")
    services.cost_save(
        record=RunningCost(spent_on=day, amount_minor=150_00, currency="EUR", description="rent")
    )
    for name in "ABCDEF":
        beneficiary = Beneficiary.objects.create(name=name)
        services.cost_save(
            record=AidRecord(
                beneficiary=beneficiary,
                category=AidCategory.DETENTION,
                given_on=day,
                cost_minor=100_00,
                currency="EUR",
            )
        )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto("/ru/report/")
    texts = page.evaluate(MEASURE)
    context.close()
    assert len(texts) >= 6
    for text in texts:
        assert text["px"] >= 12, text
        assert text["right"] <= 375, text
