"""Ways to give: a campaign is open only when someone can give to it; bank accounts show the
campaign's reference; an example account says so; the marathon of seed 000 has ended."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.funds.conftest import make_campaign
from unheard.funds.models import PaymentMethod
from unheard.funds.selectors import campaigns_public

pytestmark = pytest.mark.django_db


def bank_account(**extra):
    values = {
        "kind": PaymentMethod.Kind.BANK_TRANSFER,
        "name_en": "Bank transfer",
        "account_holder": "Support Fund e.V.",
        "iban": "de89 3704 0044 0532 0130 00",
        "bic": "cobadeffxxx",
    }
    method = PaymentMethod(**(values | extra))
    method.full_clean()
    method.save()
    return method


def test_a_campaign_without_a_way_to_give_is_not_listed_as_open(client):
    make_campaign(slug="nothing", title="No way to give", donate_url="")
    open_campaigns, _past = campaigns_public()
    assert open_campaigns == []
    assert "No way to give" not in client.get("/en/campaigns/").content.decode()
    bank_account()
    assert [c.slug for c in campaigns_public()[0]] == ["nothing"]


def test_a_campaigns_own_list_of_ways_to_give_counts_only_its_active_ones(db):
    campaign = make_campaign(donate_url="")
    bank_account()
    hidden = bank_account(name_en="Closed account", is_active=False)
    campaign.payment_methods.set([hidden])
    assert campaigns_public()[0] == []


def test_a_bank_transfer_shows_the_account_and_the_campaigns_reference(client):
    campaign = make_campaign(donate_url="")
    bank_account()
    for language in ("ru", "en", "de", "fr"):
        html = client.get(f"/{language}/campaigns/{campaign.slug}/").content.decode()
        assert "DE89 3704 0044 0532 0130 00" in html and "COBADEFFXXX" in html
        assert "Support Fund e.V." in html
        assert campaign.payment_reference in html


def test_a_bank_transfer_needs_a_holder_and_an_account(db):
    with pytest.raises(ValidationError):
        bank_account(account_holder="")
    with pytest.raises(ValidationError):
        bank_account(iban="", account_details="")
    assert bank_account(iban="", account_details="Сбербанк, р/с 40702810000000000000").pk


def test_an_example_account_is_marked_as_such(client):
    campaign = make_campaign(donate_url="")
    bank_account(is_example=True)
    html = client.get(f"/en/campaigns/{campaign.slug}/").content.decode()
    assert "Example account (demo data): do not send money to it." in html


def test_an_ended_campaign_offers_no_way_to_give_but_keeps_its_link(client):
    bank_account()
    campaign = make_campaign(ended=True, website="https://campaign.example.org/")
    assert campaigns_public() == ([], [campaign])
    html = client.get(f"/en/campaigns/{campaign.slug}/").content.decode()
    assert "This campaign has ended." in html
    assert campaign.payment_reference not in html and "pay.example.org" not in html
    assert "https://campaign.example.org/" in html
    past = make_campaign(slug="past", ends_on=dt.date(2020, 1, 1))
    assert past in campaigns_public()[1]


def test_demo_data_shows_the_marathon_ended_and_a_banner(client):
    call_command("loaddemo", verbosity=0)
    html = client.get("/en/campaigns/you-are-not-alone-marathon/").content.decode()
    assert "This campaign has ended." in html
    assert "https://12june.online/" in html
    assert "33,000,000" in html  # the sourced total, "more than 33 million roubles"
    listing = client.get("/en/campaigns/").content.decode()
    assert listing.index("Past campaigns") < listing.index("You are not alone")
    assert listing.index("Open campaigns") < listing.index("Support Political Prisoners")
    assert 'class="demo-banner"' in listing
    memorial = client.get("/en/campaigns/memorial-organisational-expenses/").content.decode()
    assert "Example account (demo data): do not send money to it." in memorial
    assert "DE89 3704 0044 0532 0130 00" in memorial


def test_no_banner_without_demo_data(client):
    assert 'class="demo-banner"' not in client.get("/en/campaigns/").content.decode()
