"""The envelope names the recipient in the dative case, as Russian post expects."""

import datetime as dt

import pytest

from tests import factories as f
from unheard.letters.dative import name_dative
from unheard.letters.selectors import envelope_for


@pytest.mark.parametrize(
    ("surname", "given_name", "patronymic", "gender", "dative"),
    [
        ("Белоусов", "Ярослав", "Игоревич", "male", "Белоусову Ярославу Игоревичу"),
        # An indeclinable surname keeps its form; the given name and patronymic decline.
        ("Скочиленко", "Александра", "Юрьевна", "female", "Скочиленко Александре Юрьевне"),
        # Feminine surnames decline as adjectives.
        ("Смирнова", "Ольга", "", "female", "Смирновой Ольге"),
        ("Крылова", "Мария", "Сергеевна", "", "Крыловой Марии Сергеевне"),
        # A surname in -ук declines for a man, not for a woman.
        ("Шевчук", "Мария", "Ивановна", "female", "Шевчук Марии Ивановне"),
        ("Шевчук", "Иван", "Петрович", "male", "Шевчуку Ивану Петровичу"),
        # The gender is guessed from the patronymic when the record does not state it.
        ("Белоусов", "Ярослав", "Игоревич", "", "Белоусову Ярославу Игоревичу"),
    ],
)
def test_names_in_the_dative_case(surname, given_name, patronymic, gender, dative):
    assert (
        name_dative(surname=surname, given_name=given_name, patronymic=patronymic, gender=gender)
        == dative
    )


def test_a_name_whose_gender_cannot_be_told_stays_in_the_nominative():
    assert name_dative(surname="Ли", given_name="Саша", patronymic="") == "Ли Саша"


@pytest.mark.django_db
def test_the_envelope_writes_the_dative_name_and_the_year_of_birth():
    person = f.writable_person(
        surname="Скочиленко",
        given_name="Александра",
        patronymic="Юрьевна",
        gender="female",
        birth_date=dt.date(1990, 9, 13),
    )
    envelope = envelope_for(person=person)
    assert envelope.recipient == "Скочиленко Александре Юрьевне, 1990 г. р."
    assert envelope.postcode == "625000"
