"""An open campaign page shows a donation recorded meanwhile, without being reloaded."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.funds.conftest import make_campaign
from unheard.funds import services
from unheard.funds.money import Money

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_open_page_shows_a_new_donation_within_five_seconds(page, settings):
    settings.UNHEARD_PAGE_CACHE_SECONDS = 300
    campaign = make_campaign(slug="lawyer-fund", title="Lawyer fund", goal="400.00")
    page.goto("/en/campaigns/lawyer-fund/")
    label = page.locator("#campaign-progress-label")
    expect(label).to_have_text("€0 raised of €400 (0%)")
    page.evaluate("window.notReloaded = true")

    services.donation_record(
        money=Money.of("100.00", "EUR"),
        received_on=dt.date.today(),
        channel="cash",
        campaign=campaign,
    )

    expect(label).to_have_text("€100 raised of €400 (25%)", timeout=5000)
    assert page.locator("progress").get_attribute("value") == "10000"
    assert page.evaluate("window.notReloaded") is True
