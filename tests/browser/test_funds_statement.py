"""A supporter sees a concrete way to give (a bank account and the campaign's reference); the
treasurer imports the bank's CAMT.053 statement, the credit with that reference moves the
campaign's progress bar, and the credit without one is matched by hand."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.funds.conftest import make_campaign
from unheard.funds.models import PaymentMethod

pytestmark = pytest.mark.django_db(transaction=True)
CAMT = Path(__file__).parents[1] / "funds" / "data" / "camt053_sample.xml"


def test_a_statement_with_the_campaigns_reference_moves_its_progress_bar(page, tmp_path):
    User.objects.create_superuser("treasurer", "treasurer@example.org", "a-long-pass-phrase")
    campaign = make_campaign(slug="lawyer-fund", title="Lawyer fund", goal="400.00")
    PaymentMethod.objects.create(
        kind=PaymentMethod.Kind.BANK_TRANSFER,
        name_en="Bank transfer",
        account_holder="Lawyer Fund e.V.",
        iban="DE89370400440532013000",
        currencies="EUR",
    )
    day = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    statement = tmp_path / "camt053.xml"
    statement.write_text(
        CAMT.read_text()
        .replace("{reference}", campaign.payment_reference)
        .replace("2025-03-04", day)
    )

    page.goto("/en/campaigns/")
    page.get_by_role("link", name="Lawyer fund").click()
    assert page.locator(".payment-reference").inner_text() == campaign.payment_reference
    expect(page.get_by_text("DE89 3704 0044 0532 0130 00")).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "0"

    page.goto("/admin/login/")
    page.fill("#id_username", "treasurer")
    page.fill("#id_password", "a-long-pass-phrase")
    page.click("input[type=submit]")
    page.goto("/admin/funds/donationimport/upload/")
    page.set_input_files("#id_file", str(statement))
    page.click("input[type=submit]")
    expect(page.get_by_text("Bank statement (CAMT.053 XML)")).to_be_visible()
    page.get_by_role("button", name="Import 1 entry").click()
    expect(page.get_by_text("entries imported.")).to_be_visible()

    page.goto(f"/en/campaigns/{campaign.slug}/")
    bar = page.locator("progress")
    assert bar.get_attribute("value") == "5000"
    assert page.locator("#" + bar.get_attribute("aria-labelledby")).inner_text() == (
        "€50 raised of €400 (12%)"
    )

    # The credit whose reference named no campaign waits in the back office.
    page.goto("/admin/funds/statemententry/?donation__isempty=1")
    page.get_by_role("row", name="Jean Dupont").get_by_role("checkbox").check()
    page.select_option("select[name=action]", "assign")
    page.select_option("select[name=campaign]", label="Lawyer fund")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Credits recorded in the ledger: 1.")).to_be_visible()
    page.goto(f"/en/campaigns/{campaign.slug}/")
    assert page.locator("progress").get_attribute("value") == "7000"
