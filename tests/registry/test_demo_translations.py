"""Every public text of the demo data reads in Russian, English, German and French.

A translated field that has text in one language is shown on some public page, feed or export,
so every published demo record must give it in all four: otherwise German and French readers
get the English text with a "not yet translated" note.
"""

import html

import pytest
from modeltranslation.translator import translator

from unheard.actions.demo_loader import demo_load as actions_demo_load
from unheard.core.models import PublicationState
from unheard.funds.demo_loader import demo_load as funds_demo_load
from unheard.funds.models import Campaign
from unheard.registry.demo_loader import demo_load
from unheard.registry.models import Case, Person

pytestmark = pytest.mark.django_db
LANGUAGES = ("ru", "en", "de", "fr")


@pytest.fixture
def demo():
    demo_load()
    actions_demo_load()
    funds_demo_load()


def published(model):
    records = model.objects.all()
    if any(f.name == "publication_state" for f in model._meta.get_fields()):
        records = records.filter(publication_state=PublicationState.PUBLISHED)
    return records


def untranslated():
    """Per model: how many texts the demo shows, and which lack a language."""
    texts, gaps = {}, []
    for model in translator.get_registered_models(abstract=False):
        fields = translator.get_options_for_model(model).fields
        for record in published(model):
            for name in fields:
                values = {lang: getattr(record, f"{name}_{lang}") or "" for lang in LANGUAGES}
                if not any(value.strip() for value in values.values()):
                    continue
                texts[model.__name__] = texts.get(model.__name__, 0) + 1
                missing = [lang for lang, value in values.items() if not value.strip()]
                if missing:
                    gaps.append(f"{model.__name__} {record.pk} {name}: no {', '.join(missing)}")
    return texts, gaps


# The texts each model shows, counted by hand from the demo files (a text is one field of one
# record): e.g. a person has a display name and a summary, 37 give an occupation, 15 interests and
# 4 a note on support; a case has a name and a summary, 9 name the investigating body; 129 events
# are described and 61 have a place; 21 verdicts name the court and 4 an additional penalty.
EXPECTED_TEXTS = {
    "Region": 26,
    "Organisation": 47 * 2,
    "PoliticalView": 6,
    "Facility": 12,
    "LegalCode": 3 * 2,
    "Article": 82,
    "Person": 63 * 2 + 37 + 15 + 4,
    "Case": 38 * 2 + 9,
    "Verdict": 21 + 4,
    "TimelineEvent": 129 + 62,  # 62: with Kagarlitsky's release in 1983
    "Action": 22 * 2 + 21,  # 21: the city of each action held in a city (one is online)
    "DayOfAction": 2 * 2,
    "Group": 1 + 1,  # its city
    "DayStatement": 1 + 5 * 2 + 4,
    "Campaign": 2 * 2,
    "AggregateFigure": 3 + 9,
    "PaymentMethod": 1,  # the example bank account
}


def test_every_public_demo_text_is_in_four_languages(demo):
    texts, gaps = untranslated()
    assert gaps == [], f"{len(gaps)} of {sum(texts.values())} texts lack a language"
    texts.pop("LetterRules", None)  # the site's own rules, not demo data
    assert texts == EXPECTED_TEXTS


@pytest.mark.parametrize("language", ["de", "fr"])
def test_demo_pages_in_german_and_french_have_no_untranslated_block(demo, client, language):
    """Person, case, home and campaign pages: no text shown in another language with a note."""
    pages = [f"/{language}/", f"/{language}/campaigns/"]
    pages += [f"/{language}/people/{p.slug}/" for p in published(Person)]
    pages += [f"/{language}/cases/{c.slug}/" for c in published(Case)]
    campaigns = list(published(Campaign))
    pages += [f"/{language}/campaigns/{c.slug}/" for c in campaigns]
    untranslated_pages = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if 'class="untranslated' in response.content.decode():
            untranslated_pages.append(url)
    assert untranslated_pages == []
    # Campaign texts have no note to look for: their text itself must be the page's language.
    for campaign in campaigns:
        body = html.unescape(client.get(f"/{language}/campaigns/{campaign.slug}/").content.decode())
        assert getattr(campaign, f"title_{language}") in body, campaign.slug
        assert getattr(campaign, f"summary_{language}").split("\n")[0][:40] in body, campaign.slug
