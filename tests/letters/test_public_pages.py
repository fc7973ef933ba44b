"""Public pages of the letters app: how to write, the help box, the few-letters list, privacy."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from unheard.letters import services
from unheard.letters.models import Letter, LetterRules, Reply
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db
LANGUAGES = ["ru", "en", "de", "fr"]
RULES_OPENING = {
    "ru": "Пишите по-русски",
    "en": "Write in Russian if you can",
    "de": "Schreiben Sie auf Russisch",
    "fr": "Écrivez en russe",
}


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_how_to_write_shows_the_envelope_service_and_rules(client, person, lang):
    page = client.get(url("letters:how_to_write", lang, slug=person.slug))
    assert page.status_code == 200
    text = page.content.decode()
    assert f"{person.surname} Ивану Петровичу, 1990 г. р." in text
    assert "625000, г. Тюмень, ул. Тестовая, д. 1, ФКУ СИЗО-1" in text
    assert RULES_OPENING[lang] in text
    assert url("letters:letter_form", lang, slug=person.slug) in text


def test_how_to_write_says_whether_electronic_letters_reach_the_facility(client, person):
    page = client.get(url("letters:how_to_write", slug=person.slug)).content.decode()
    assert "No: no electronic letter service delivers to this facility" in page
    person.current_facility.electronic_letters = True
    person.current_facility.electronic_letters_service = "ФСИН-Письмо"
    person.current_facility.save()
    page = client.get(url("letters:how_to_write", slug=person.slug)).content.decode()
    assert "Yes: ФСИН-Письмо delivers letters to this facility" in page


def test_a_facility_can_override_the_rules(client, person):
    LetterRules.objects.create(
        facility=person.current_facility,
        text_en="In this colony, postcards only.",
        photos_allowed=False,
    )
    page = client.get(url("letters:how_to_write", slug=person.slug)).content.decode()
    assert "In this colony, postcards only." in page
    assert "Photos are not allowed." in page
    assert "specific to this facility" in page
    # A language the facility's rules leave empty falls back to the global rules.
    page = client.get(url("letters:how_to_write", "ru", slug=person.slug)).content.decode()
    assert RULES_OPENING["ru"] in page
    # The form then has no photo upload for "photo" pictures.
    form = client.get(url("letters:letter_form", slug=person.slug)).content.decode()
    assert 'type="file"' in form  # postcards still allowed


def test_the_how_to_help_box_on_the_person_page(client, person, moderator):
    letter = f.LetterFactory(person=person, status=Letter.Status.CONFIRMED, language="ru")
    services.letter_approve(letter=letter, acting_user=moderator)
    services.letter_mark_sent_electronically(
        letter=letter, acting_user=moderator, service="X", confirmation="1"
    )
    Reply.objects.create(person=person, transcription="…")
    page = client.get(url("registry:person_detail", slug=person.slug)).content.decode()
    assert "1 letter sent through this site" in page
    assert "1 reply received" in page
    assert url("letters:letter_form", slug=person.slug) in page
    assert url("letters:how_to_write", slug=person.slug) in page


def test_the_help_box_explains_when_letters_are_not_accepted(client, person):
    person.status = Person.Status.RELEASED
    person.save()
    page = client.get(url("registry:person_detail", slug=person.slug)).content.decode()
    assert "no longer in prison" in page
    assert url("letters:letter_form", slug=person.slug) not in page


def test_few_letters_lists_writable_people_fewest_first(client, moderator):
    busy = f.writable_person(display_name_en="Busy Person")
    f.writable_person(display_name_en="Quiet Person")
    f.writable_person(display_name_en="Released Person", status=Person.Status.RELEASED)
    f.PersonFactory(display_name_en="Draft Person", status=Person.Status.SERVING)
    for _ in range(2):
        letter = f.LetterFactory(person=busy, language="ru")
        services.letter_approve(letter=letter, acting_user=moderator)
        services.letter_mark_sent_electronically(
            letter=letter, acting_user=moderator, service="X", confirmation="1"
        )
    page = client.get(url("letters:few_letters")).content.decode()
    assert page.index("Quiet Person") < page.index("Busy Person")
    assert "Released Person" not in page and "Draft Person" not in page


def test_a_facility_in_draft_is_an_unknown_address(client):
    """Nobody learns a draft facility's name or address, and no letter is routed to it."""
    draft = f.FacilityFactory(name_en="Draft Colony", postal_address="000000, Draft street")
    person = f.writable_person(facility=draft)
    page = client.get(url("letters:how_to_write", slug=person.slug)).content.decode()
    assert "Draft street" not in page and "Draft Colony" not in page
    assert "We do not know where this person is held now" in page
    assert "Draft Colony" not in client.get(url("letters:few_letters")).content.decode()
    with pytest.raises(services.LetterRefused) as refused:
        services.letter_submit(
            person=person,
            author_name="Anna",
            author_email="anna@example.org",
            author_ip="192.0.2.1",
            language="en",
            interface_language="en",
            text="Dear friend, we remember you and we are waiting for you.",
            rules_accepted=True,
            attachments=[],
        )
    assert refused.value.code == "place_unknown"
    assert not Letter.objects.filter(person=person).exists()


def test_a_missing_person_is_a_404(client, db):
    assert client.get("/en/people/nobody/write/").status_code == 404
    assert client.get("/en/people/nobody/letter/").status_code == 404


def test_the_letters_page_claims_nobody_only_when_nobody_can_receive_letters(client, db):
    held_without_address = f.writable_person(display_name_en="No Address Yet")
    held_without_address.current_facility.postal_address = ""
    held_without_address.current_facility.save()
    page = client.get(url("letters:few_letters")).content.decode()
    assert "Nobody can receive letters" in page
    f.writable_person(display_name_en="Writable Person")
    page = client.get(url("letters:few_letters")).content.decode()
    assert "Writable Person" in page and "No Address Yet" not in page
    assert "Nobody can receive letters" not in page


def test_the_person_page_names_the_place_when_only_its_address_is_missing(client, db):
    person = f.writable_person()
    person.current_facility.postal_address = ""
    person.current_facility.save()
    page = client.get(person.get_absolute_url()).content.decode()
    assert "do not know where this person is held" not in page
    assert "do not have the postal address of that place" in page
