"""Campaign pages, the person's help box, and the proof that nothing confidential gets out."""

import re

import pytest

from tests.factories import CaseFactory, PersonFactory, defendant, published
from tests.funds.conftest import DAY, SECRET, make_campaign
from unheard.funds import services
from unheard.funds.models import (
    AidCategory,
    AidRecord,
    Beneficiary,
    CampaignUpdate,
    Donor,
    PaymentMethod,
    Subscription,
)
from unheard.funds.money import Money

pytestmark = pytest.mark.django_db
LANGUAGES = ["ru", "en", "de", "fr"]


def test_campaign_pages_show_progress_toward_the_goal(client, rates):
    campaign = make_campaign(goal="200.00")
    services.donation_record(
        money=Money.of("50.00", "EUR"), received_on=DAY, channel="cash", campaign=campaign
    )
    services.donation_record(
        money=Money.of("2 100", "RUB"), received_on=DAY, channel="cash", campaign=campaign
    )
    for language in LANGUAGES:
        html = client.get(f"/{language}/campaigns/{campaign.slug}/").content.decode()
        bar = re.search(r"<progress[^>]*>", html).group(0)
        assert 'max="20000"' in bar and 'value="7100"' in bar
        assert "aria-labelledby" in bar
        assert "(35%)" in html.replace("\xa0", " ").replace(" %", "%")
    listing = client.get("/en/campaigns/").content.decode()
    assert campaign.title_en in listing and "<progress" in listing


def test_progress_over_the_goal_is_capped_in_the_bar_not_in_the_words(client, rates):
    campaign = make_campaign(goal="10.00")
    services.donation_record(
        money=Money.of("25.00", "EUR"), received_on=DAY, channel="cash", campaign=campaign
    )
    html = client.get(f"/en/campaigns/{campaign.slug}/").content.decode()
    assert 'value="1000"' in html and "(250%)" in html


def test_drafts_are_not_public(client):
    draft = make_campaign(slug="draft", publication_state="draft")
    assert client.get(f"/en/campaigns/{draft.slug}/").status_code == 404
    assert "draft" not in client.get("/en/campaigns/").content.decode().split("<main")[1]


def test_ended_campaigns_are_listed_apart(client):
    import datetime as dt

    make_campaign(
        slug="old", title="Old appeal", starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 2, 1)
    )
    html = client.get("/en/campaigns/").content.decode()
    assert html.index("Past campaigns") < html.index("Old appeal")


def test_how_to_give_and_updates(client):
    campaign = make_campaign(donate_url="https://pay.example.org/legal")
    PaymentMethod.objects.create(
        name_en="Bank transfer (SEPA)", instructions_en="IBAN DE00 0000 0000"
    )
    PaymentMethod.objects.create(name_en="Hidden", is_active=False)
    CampaignUpdate.objects.create(
        campaign=campaign, title_en="Lawyer hired", body_en="Paid in full."
    )
    CampaignUpdate.objects.create(campaign=campaign, title_en="Internal", is_public=False)
    html = client.get(f"/en/campaigns/{campaign.slug}/").content.decode()
    assert "IBAN DE00 0000 0000" in html and "https://pay.example.org/legal" in html
    assert "Lawyer hired" in html
    assert "Hidden" not in html and "Internal" not in html


def test_person_page_lists_their_open_campaigns(client):
    person = published(PersonFactory())
    case = published(CaseFactory())
    defendant(person, case)
    mine = make_campaign(slug="for-person", title="Lawyer for them", beneficiary_person=person)
    for_case = make_campaign(slug="for-case", title="The whole case", beneficiary_case=case)
    import datetime as dt

    make_campaign(
        slug="ended", title="Ended appeal", beneficiary_person=person, ends_on=dt.date(2020, 1, 1)
    )
    make_campaign(
        slug="draft", title="Draft appeal", beneficiary_person=person, publication_state="draft"
    )
    html = client.get(f"/en/people/{person.slug}/").content.decode()
    box = html[html.index('id="how-to-help"') :]
    assert mine.title_en in box and for_case.title_en in box
    assert "Ended appeal" not in box and "Draft appeal" not in box
    detail = client.get(f"/en/campaigns/{mine.slug}/").content.decode()
    assert person.get_absolute_url() in detail


def _confidential_world(rates):
    person = published(PersonFactory())
    campaign = make_campaign(beneficiary_person=person, goal="100.00")
    donor = Donor.objects.create(
        name=f"{SECRET} donor", email="secret.donor@example.org", note=f"{SECRET} note"
    )
    subscription = Subscription.objects.create(
        donor=donor,
        amount_minor=500,
        currency="EUR",
        channel="card_processor",
        reference="I-SECRETREF",
        note=f"{SECRET} subscription",
    )
    services.donation_record(
        money=Money.of("40.00", "EUR"),
        received_on=DAY,
        channel="card_processor",
        campaign=campaign,
        donor=donor,
        subscription=subscription,
        transaction_id="tx-secret-123",
        note=f"{SECRET} ledger note",
    )
    for index in range(6):
        beneficiary = Beneficiary.objects.create(
            name=f"{SECRET} beneficiary {index}",
            person=person if index == 0 else None,
            contact=f"{SECRET} +7 900 000 00 0{index}",
            notes=f"{SECRET} family situation",
        )
        services.cost_save(
            record=AidRecord(
                beneficiary=beneficiary,
                category=AidCategory.LEGAL,
                legal_stage="appeal",
                given_on=DAY,
                cost_minor=10000,
                currency="EUR",
                campaign=campaign,
                outcome=f"{SECRET} released to house arrest",
                notes=f"{SECRET} lawyer's fee details",
            )
        )
    return person, campaign


def test_the_report_counts_confidential_records(client, rates):
    """That none of them is shown is the whole-site canary's check (tests/test_canary.py)."""
    _confidential_world(rates)
    csv = client.get("/en/report/csv/?year=2025").content.decode("utf-8-sig")
    assert "6" in csv
