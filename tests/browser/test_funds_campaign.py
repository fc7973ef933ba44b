"""A treasurer imports a bank's CSV file in the back office; the campaign page shows the progress."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.funds.conftest import generic, make_campaign

pytestmark = pytest.mark.django_db(transaction=True)


def test_campaign_progress_after_a_csv_import(page, live_server, tmp_path):
    User.objects.create_superuser("treasurer", "treasurer@example.org", "a-long-pass-phrase")
    campaign = make_campaign(slug="lawyer-fund", title="Lawyer fund", goal="400.00")
    day = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    rows = [
        {
            "transaction_id": "BANK-1",
            "date": day,
            "amount": "100.00",
            "currency": "EUR",
            "campaign": campaign.slug,
        },
        {
            "transaction_id": "BANK-2",
            "date": day,
            "amount": "50,00",
            "currency": "EUR",
            "campaign": campaign.slug,
        },
    ]
    export = tmp_path / "bank-export.csv"
    export.write_bytes(generic(rows))

    page.goto("/en/campaigns/lawyer-fund/")
    assert page.locator("progress").get_attribute("value") == "0"

    page.goto("/admin/login/")
    page.fill("#id_username", "treasurer")
    page.fill("#id_password", "a-long-pass-phrase")
    page.click("input[type=submit]")
    page.goto("/admin/funds/donationimport/upload/")
    page.set_input_files("#id_file", str(export))
    page.click("input[type=submit]")
    expect(page.get_by_text("New entries to import")).to_be_visible()
    page.get_by_role("button", name="Import 2 entries").click()
    expect(page.get_by_text("2 entries imported.")).to_be_visible()

    page.goto("/en/campaigns/lawyer-fund/")
    bar = page.locator("progress")
    assert bar.get_attribute("max") == "40000"
    assert bar.get_attribute("value") == "15000"
    label = page.locator("#" + bar.get_attribute("aria-labelledby"))
    assert label.inner_text() == "€150 raised of €400 (37%)"
    assert page.evaluate("document.querySelector('progress').position") == pytest.approx(0.375)
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


def test_funds_pages_have_no_serious_accessibility_problem(page, live_server):
    from tests.browser.test_site_accessibility import AXE, axe_violations
    from unheard.funds.demo_loader import demo_load as funds_demo_load
    from unheard.registry.demo_loader import demo_load

    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make test` (npm install into .cache/npm)")
    demo_load()
    funds_demo_load()
    problems = {}
    for path in [
        "/en/campaigns/",
        "/en/campaigns/memorial-organisational-expenses/",
        "/ru/campaigns/you-are-not-alone-marathon/",
        "/en/report/",
        "/de/report/?year=2024",
        "/fr/report/?from=2030-01-01&to=2020-01-01",
    ]:
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
