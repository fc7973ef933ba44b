"""Letter-writing evenings: whom to write to, and a PDF to take along."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests import factories as f
from unheard.letters import selectors, services
from unheard.registry.models import Person, TimelineEvent

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


def test_birthdays_in_the_next_30_days():
    soon = f.writable_person(birth_date=dt.date(1991, 3, 25))
    today = f.writable_person(birth_date=dt.date(1980, 3, 10))
    f.writable_person(birth_date=dt.date(1991, 4, 20))
    f.writable_person(birth_date=dt.date(1991, 3, 1))
    f.writable_person(birth_date=dt.date(1991, 1, 1), birth_date_precision="year")
    f.writable_person(birth_date=dt.date(1991, 3, 20), status=Person.Status.RELEASED)
    found = selectors.people_with_birthdays(today=TODAY)
    assert found == [today, soon]
    assert found[1].next_birthday == dt.date(2026, 3, 25)


def test_birthdays_across_the_new_year_and_29_february():
    new_year = f.writable_person(birth_date=dt.date(1990, 1, 5))
    leap = f.writable_person(birth_date=dt.date(1992, 2, 29))
    assert selectors.people_with_birthdays(today=dt.date(2026, 12, 20)) == [new_year]
    found = selectors.people_with_birthdays(today=dt.date(2027, 2, 20))
    assert found == [leap]
    # 29 February falls on 28 February in a common year, as on the public home page.
    assert found[0].next_birthday == dt.date(2027, 2, 28)


def test_recently_transferred_and_in_a_punishment_cell():
    moved = f.writable_person()
    f.published(f.event(moved, TimelineEvent.Kind.TRANSFER, TODAY - dt.timedelta(days=20)))
    long_ago = f.writable_person()
    f.published(f.event(long_ago, TimelineEvent.Kind.TRANSFER, TODAY - dt.timedelta(days=400)))
    unpublished = f.writable_person()
    f.event(unpublished, TimelineEvent.Kind.TRANSFER, TODAY - dt.timedelta(days=3))
    assert list(selectors.people_recently_transferred(today=TODAY)) == [moved]

    in_cell = f.writable_person()
    f.published(
        f.event(
            in_cell,
            TimelineEvent.Kind.PUNISHMENT_CELL,
            TODAY - dt.timedelta(days=3),
            end_date=TODAY + dt.timedelta(days=12),
        )
    )
    open_ended = f.writable_person()
    f.published(f.event(open_ended, TimelineEvent.Kind.PUNISHMENT_CELL, TODAY))
    out_again = f.writable_person()
    f.published(
        f.event(
            out_again,
            TimelineEvent.Kind.PUNISHMENT_CELL,
            TODAY - dt.timedelta(days=40),
            end_date=TODAY - dt.timedelta(days=25),
        )
    )
    assert set(selectors.people_in_punishment_cell(today=TODAY)) == {in_cell, open_ended}


def test_fewest_letters_first(moderator):
    many = f.writable_person()
    none = f.writable_person()
    letter = f.LetterFactory(person=many, language="ru")
    services.letter_approve(letter=letter, acting_user=moderator)
    services.letter_mark_sent_electronically(
        letter=letter, acting_user=moderator, service="X", confirmation="1"
    )
    fewest = selectors.people_few_letters()
    assert fewest.index(none) < fewest.index(many)
    assert fewest[fewest.index(many)].letters_sent == 1


def test_the_evening_pack_pdf(client, moderator):
    person = f.writable_person(
        surname="Кузнецов",
        given_name="Павел",
        summary_en="A teacher from Perm, held for a post about the war.",
        summary_de="Ein Lehrer aus Perm.",
        interests_en="Chess and birds.",
    )
    client.force_login(moderator)
    url = reverse("admin:letters_evening_pack")
    page = client.get(url)
    assert page.status_code == 200
    assert "Кузнецов" in page.content.decode() or str(person) in page.content.decode()
    response = client.post(url, {"person": [person.pk], "language": "en"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "A teacher from Perm, held for a post about the war." in text
    assert "Chess and birds." in text
    assert "Кузнецову Павлу Петровичу, 1990 г. р." in text
    assert "625000, г. Тюмень" in text
    assert "Write in Russian if you can." in text
    german = client.post(url, {"person": [person.pk], "language": "de"})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(german.content)).pages)
    assert "Ein Lehrer aus Perm." in text and "Schreiben Sie auf Russisch" in text


def test_the_evening_pack_needs_its_permission(client, make_staff):
    client.force_login(make_staff("editor-3", "editor"))
    assert client.get(reverse("admin:letters_evening_pack")).status_code == 403


def test_no_author_contact_in_the_evening_pack(client, moderator):
    person = f.writable_person()
    f.LetterFactory(person=person, author_email="pack.secret@example.org")
    client.force_login(moderator)
    response = client.post(reverse("admin:letters_evening_pack"), {"person": [person.pk]})
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "pack.secret" not in text


def test_an_organiser_reaches_the_evening_pack_from_the_letter_rules(client, make_staff):
    from tests.letters.conftest import grant

    grant("organiser", [("letters", "prepare_evening_pack"), ("letters", "view_letterrules")])
    client.force_login(make_staff("organiser-1", "organiser"))
    rules = client.get(reverse("admin:letters_letterrules_changelist")).content.decode()
    assert reverse("admin:letters_evening_pack") in rules
    assert client.get(reverse("admin:letters_evening_pack")).status_code == 200
    assert client.get(reverse("admin:letters_letter_changelist")).status_code == 403
