"""On the demo data, as on a fresh install: the ways to help the home page promises work.

A supporter writes to Garry Azaryan (held in SIZO-1, Saint Petersburg, per the seed book) in each
of the four languages, confirms by the e-mailed link, and the letter reaches moderation with the
envelope in the dative case; a supporter opens an open campaign and finds a concrete way to give.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.letters.conftest import LETTER_MODERATOR, grant
from unheard.core import plugins
from unheard.funds.models import Campaign
from unheard.letters.dative import name_dative
from unheard.letters.models import Letter, RateLimitHit
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

LETTERS = {
    "ru": "Гарри, здравствуйте! Мы помним о вас и ждём вестей.",
    "en": "Dear Garry, we remember you and wait for your news.",
    "de": "Lieber Garry, wir denken an dich und warten auf Nachricht.",
    "fr": "Cher Garry, nous pensons à vous et attendons de vos nouvelles.",
}


@pytest.fixture
def demo():
    for loader in plugins.demo_loaders():
        loader.run()


def test_a_supporter_writes_to_azaryan_in_every_language(
    demo, page, live_server, smtp_server, settings, make_staff
):
    settings.UNHEARD_SITE_URL = live_server.url
    azaryan = Person.objects.get(slug="garry-azaryan")
    recipient = name_dative(
        surname=azaryan.surname,
        given_name=azaryan.given_name,
        patronymic=azaryan.patronymic,
        gender=azaryan.gender,
    )
    assert recipient == "Азаряну Гарри"
    grant("letter moderator", LETTER_MODERATOR)
    make_staff("moderator", "letter moderator")

    for number, (lang, text) in enumerate(LETTERS.items(), start=1):
        RateLimitHit.objects.all().delete()  # each language is another supporter, not a flood
        author = f"supporter-{lang}@example.org"
        page.goto(f"/{lang}/people/{azaryan.slug}/letter/")
        assert page.locator("html").get_attribute("lang") == lang
        page.fill("[name=author_name]", "Anna")
        page.fill("[name=author_email]", author)
        page.select_option("[name=language]", lang)
        page.fill("[name=text]", text)
        page.check("[name=accept_rules]")
        page.locator("form.letter-form button[type=submit]").click()
        page.wait_for_url(f"**/{lang}/people/{azaryan.slug}/letter/sent/")

        confirmation = smtp_server.wait_for(number)[-1]
        assert confirmation.envelope_recipients == [author]
        link = re.search(r"https?://\S+", smtp_server.body(confirmation)).group(0)
        page.goto(link)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        letter = Letter.objects.get(author_email=author)
        assert letter.status == Letter.Status.CONFIRMED and letter.language == lang

    # The letters wait in the moderators' queue, each with its envelope.
    page.goto("/admin/login/")
    page.fill("[name=username]", "moderator")
    page.fill("[name=password]", "pw")
    page.locator("input[type=submit]").click()
    for letter in Letter.objects.filter(person=azaryan):
        page.goto("/admin/letters/letter/?stage=queue")
        page.get_by_role("link", name=str(letter.pk), exact=True).click()
        assert LETTERS[letter.language] in page.locator("#letter-original").inner_text()
        envelope = page.locator("td.postal").inner_text()
        assert envelope.splitlines()[0].strip().startswith(recipient), envelope
        assert "Санкт-Петербург" in envelope, envelope
    assert Letter.objects.filter(person=azaryan).count() == 4
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


@pytest.mark.parametrize("lang", ["de"])
def test_a_supporter_finds_a_way_to_give_to_an_open_campaign(demo, page, live_server, lang):
    page.goto(f"/{lang}/campaigns/")
    open_campaigns = [c for c in Campaign.objects.all() if c.is_open()]
    assert open_campaigns
    for campaign in open_campaigns:
        page.goto(f"/{lang}/campaigns/{campaign.slug}/")
        methods = page.locator(".payment-method")
        assert methods.count() > 0, campaign.slug
        links = page.locator(".payment-method a[href^='http']")
        references = page.locator(".payment-method .payment-reference")
        assert links.count() or references.count(), campaign.slug
        if references.count():
            assert references.first.inner_text() == campaign.payment_reference
            expect(page.locator(".bank-account").first).to_be_visible()
