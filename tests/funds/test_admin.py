"""The treasurer's back office: imports with preview, the append-only ledger, rates, aid.

TREASURER_PERMISSIONS is what this app asks the "treasurer" role to hold (core/roles.py).
"""

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.funds.conftest import DAY, SECRET, generic, make_campaign
from tests.funds.test_rates import ECB_DAILY
from unheard.funds.models import AidRecord, Beneficiary, Donation, DonationImport, ExchangeRate

pytestmark = pytest.mark.django_db

TREASURER_PERMISSIONS = {
    ("funds", f"{action}_{model}")
    for model, actions in {
        "campaign": ["view", "add", "change", "publish"],
        "campaignupdate": ["view", "add", "change", "delete"],
        "paymentmethod": ["view", "add", "change"],
        "donor": ["view", "add", "change"],
        "subscription": ["view", "add", "change"],
        "donation": ["view", "add"],
        "donationimport": ["view", "add"],
        "exchangerate": ["view", "add", "change"],
        "beneficiary": ["view", "add", "change"],
        "aidrecord": ["view", "add", "change"],
        "runningcost": ["view", "add", "change"],
        "aggregatefigure": ["view", "add", "change"],
    }.items()
    for action in actions
} | {
    ("core", "view_source"),
    ("core", "add_source"),
    ("registry", "view_person"),
    ("registry", "view_case"),
}


@pytest.fixture
def treasurer(db):
    user = User.objects.create_user("treasurer", password="pw", is_staff=True)
    for app_label, codename in TREASURER_PERMISSIONS:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def treasurer_client(client, treasurer):
    client.force_login(treasurer)
    return client


def upload(client, data, name="export.csv", **fields):
    return client.post(
        "/admin/funds/donationimport/upload/",
        {
            "file": SimpleUploadedFile(name, data, "text/csv"),
            "layout": "auto",
            "channel": "bank_transfer",
            "date_order": "auto",
            **fields,
        },
    )


def test_the_permissions_asked_for_exist():
    for app_label, codename in TREASURER_PERMISSIONS:
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists()


def test_upload_preview_then_import(treasurer_client, rates):
    campaign = make_campaign()
    data = generic(
        [
            {
                "transaction_id": "B-1",
                "date": DAY.isoformat(),
                "amount": "30.00",
                "currency": "EUR",
                "campaign": campaign.slug,
            },
            {
                "transaction_id": "B-2",
                "date": DAY.isoformat(),
                "amount": "1,234.5.6",
                "currency": "EUR",
            },
            {"transaction_id": "B-3", "date": DAY.isoformat(), "amount": "5", "currency": "XYZ"},
        ]
    )
    response = upload(treasurer_client, data)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = treasurer_client.get(preview_url).content.decode()
    assert "“1,234.5.6” is not an amount" in page
    assert "“XYZ” is not a known ISO 4217 currency code." in page
    assert "Import only the 1 valid entry" in page
    assert not Donation.objects.exists()
    response = treasurer_client.post(preview_url, {"apply": "1"})
    assert not Donation.objects.exists(), "errors stop the whole file"
    response = treasurer_client.post(preview_url, {"valid_only": "1"})
    assert Donation.objects.get().transaction_id == "B-1"
    assert DonationImport.objects.get().status == DonationImport.Status.APPLIED


def test_the_error_report_downloads_as_csv_with_formulas_escaped(treasurer_client, rates):
    data = generic(
        [{"transaction_id": "=1+1", "date": "2025-02-30", "amount": "3", "currency": "EUR"}]
    )
    upload(treasurer_client, data)
    batch = DonationImport.objects.get()
    response = treasurer_client.get(f"/admin/funds/donationimport/{batch.pk}/problems.csv")
    text = response.content.decode("utf-8-sig")
    assert "'=1+1" in text and "“2025-02-30” is not a date" in text


def test_russian_treasurer_sees_the_page_in_russian(treasurer_client, rates):
    upload(
        treasurer_client,
        generic([{"transaction_id": "x", "date": "nope", "amount": "1", "currency": "EUR"}]),
    )
    batch = DonationImport.objects.get()
    page = treasurer_client.get(
        f"/admin/funds/donationimport/{batch.pk}/preview/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert 'lang="ru"' in page


def test_the_ledger_can_be_added_to_but_not_changed_or_deleted(treasurer_client, rates):
    response = treasurer_client.post(
        "/admin/funds/donation/add/",
        {
            "kind": "donation",
            "amount": "1,234.5.6",
            "currency": "EUR",
            "received_on": DAY.isoformat(),
            "channel": "cash",
        },
    )
    assert response.status_code == 200 and "is not an amount" in response.content.decode()
    response = treasurer_client.post(
        "/admin/funds/donation/add/",
        {
            "kind": "donation",
            "amount": "1 500,50",
            "currency": "rub",
            "received_on": DAY.isoformat(),
            "channel": "cash",
            "note": SECRET,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    donation = Donation.objects.get()
    # 1 500,50 ₽ at 100 ₽/€ is 15.005 €: half a cent, rounded to the even cent.
    assert (donation.amount_minor, donation.currency, donation.reporting_minor) == (
        150050,
        "RUB",
        1500,
    )
    change = treasurer_client.post(
        f"/admin/funds/donation/{donation.pk}/change/", {"amount": "1.00", "currency": "RUB"}
    )
    assert change.status_code == 403
    assert treasurer_client.get(f"/admin/funds/donation/{donation.pk}/change/").status_code == 200
    assert treasurer_client.post(f"/admin/funds/donation/{donation.pk}/delete/").status_code == 403
    donation.refresh_from_db()
    assert donation.amount_minor == 150050
    # A refund by hand is a new entry.
    response = treasurer_client.post(
        "/admin/funds/donation/add/",
        {
            "kind": "refund",
            "amount": "500",
            "currency": "RUB",
            "received_on": DAY.isoformat(),
            "channel": "cash",
            "corrects": donation.pk,
        },
    )
    assert response.status_code == 302
    assert Donation.objects.get(kind="refund").amount_minor == -50000


def test_reversing_entries_through_the_admin_action(treasurer_client, rates):
    from unheard.funds import services
    from unheard.funds.money import Money

    donation = services.donation_record(money=Money(1000, "EUR"), received_on=DAY, channel="cash")
    url = "/admin/funds/donation/"
    page = treasurer_client.post(
        url, {"action": "reverse_as_correction", "_selected_action": [donation.pk]}
    )
    assert "Why these entries are reversed" in page.content.decode()
    treasurer_client.post(
        url,
        {
            "action": "reverse_as_correction",
            "_selected_action": [donation.pk],
            "apply": "1",
            "reason": "Duplicate of a bank line",
        },
    )
    reversal = Donation.objects.get(kind="correction")
    assert reversal.amount_minor == -1000 and reversal.note == "Duplicate of a bank line"


def test_a_missing_rate_is_a_form_error(treasurer_client):
    response = treasurer_client.post(
        "/admin/funds/donation/add/",
        {
            "kind": "donation",
            "amount": "10",
            "currency": "GBP",
            "received_on": "2024-01-05",
            "channel": "cash",
        },
    )
    assert "There is no exchange rate from GBP to EUR" in response.content.decode()
    assert not Donation.objects.exists()


def test_ecb_import_and_manual_rates(treasurer_client):
    response = treasurer_client.post(
        "/admin/funds/exchangerate/import-ecb/",
        {"file": SimpleUploadedFile("eurofxref.csv", ECB_DAILY.encode(), "text/csv")},
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.filter(origin="ecb").count() == 15
    response = treasurer_client.post(
        "/admin/funds/exchangerate/add/",
        {"date": "2025-03-07", "base": "EUR", "quote": "RUB", "rate": "96.4512", "note": "CBR"},
    )
    assert response.status_code == 302
    assert str(ExchangeRate.objects.get(quote="RUB").rate.normalize()) == "96.4512"


def test_aid_given_is_recorded_with_its_conversion(treasurer_client, rates):
    beneficiary = Beneficiary.objects.create(name="Family of a prisoner", relation="family")
    response = treasurer_client.post(
        "/admin/funds/aidrecord/add/",
        {
            "beneficiary": beneficiary.pk,
            "category": "legal",
            "legal_stage": "",
            "given_on": DAY.isoformat(),
            "cost": "30000",
            "currency": "RUB",
            "notes": SECRET,
        },
    )
    assert "Say at which stage" in response.content.decode()
    response = treasurer_client.post(
        "/admin/funds/aidrecord/add/",
        {
            "beneficiary": beneficiary.pk,
            "category": "legal",
            "legal_stage": "appeal",
            "given_on": DAY.isoformat(),
            "cost": "30000",
            "currency": "RUB",
            "outcome": "released to house arrest",
        },
    )
    assert response.status_code == 302
    record = AidRecord.objects.get()
    assert (record.cost_minor, record.reporting_minor) == (3_000_000, 30_000)


def test_staff_without_the_role_see_no_donors(client, rates):
    editor = User.objects.create_user("editor", is_staff=True)
    client.force_login(editor)
    assert client.get("/admin/funds/donation/").status_code == 403
    assert client.get("/admin/funds/donor/").status_code == 403
    assert client.get("/admin/funds/donationimport/upload/").status_code == 403


def test_campaigns_and_sourced_figures_through_the_admin(treasurer_client):
    from tests.factories import SourceFactory
    from unheard.funds.models import AggregateFigure, Campaign

    response = treasurer_client.post(
        "/admin/funds/campaign/add/",
        {
            "slug": "parcels-2025",
            "title_en": "Parcels for the winter",
            "purpose": "humanitarian",
            "currency": "EUR",
            "goal": "2 500,00",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    campaign = Campaign.objects.get(slug="parcels-2025")
    assert campaign.goal_minor == 250000 and campaign.publication_state == "draft"
    treasurer_client.post(
        "/admin/funds/campaign/",
        {"action": "publish", "_selected_action": [campaign.pk]},
    )
    campaign.refresh_from_db()
    assert campaign.is_published
    source = SourceFactory()
    unsourced = treasurer_client.post(
        "/admin/funds/aggregatefigure/add/",
        {"metric": "people_helped", "category": "legal", "qualifier": "exact", "count": "40"},
    )
    assert unsourced.status_code == 200 and not AggregateFigure.objects.exists()
    response = treasurer_client.post(
        "/admin/funds/aggregatefigure/add/",
        {
            "metric": "funds_raised",
            "qualifier": "at_least",
            "amount": "1 000 000",
            "currency": "RUB",
            "period_start": "2022-01-01",
            "period_end": "2022-12-31",
            "sources": [source.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    figure = AggregateFigure.objects.get()
    assert figure.amount_minor == 100_000_000 and figure.equivalent_minor is None
