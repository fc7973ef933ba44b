"""The recipient's name on an envelope, as Russian post expects it: in the dative case.

An envelope to a prisoner reads "Кому: Белоусову Ярославу Игоревичу, 1991 г. р.": surname, given
name and patronymic in the dative case, then the year of birth (the facility tells namesakes apart
by it). pytrovich declines each part by its grammatical gender; surnames that do not decline
("Скочиленко", "Дурново", "Шевчук" for a woman) are left as they are by its rules. The gender comes
from the record, or is guessed from the patronymic and given name; when neither tells, the name
is written in the nominative case, which the post accepts, rather than declined wrongly.
"""

from __future__ import annotations

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

_maker = PetrovichDeclinationMaker()
_detector = PetrovichGenderDetector()
GENDERS = {"male": Gender.MALE, "female": Gender.FEMALE}


def _gender(gender: str, given_name: str, patronymic: str) -> Gender | None:
    if gender in GENDERS:
        return GENDERS[gender]
    try:
        guessed = _detector.detect(firstname=given_name or None, middlename=patronymic or None)
    except (KeyError, ValueError, AttributeError):
        return None
    return guessed if guessed in (Gender.MALE, Gender.FEMALE) else None


def name_dative(*, surname: str, given_name: str, patronymic: str = "", gender: str = "") -> str:
    """ "Белоусов Ярослав Игоревич" → "Белоусову Ярославу Игоревичу"."""
    parts = [
        (NamePart.LASTNAME, surname.strip()),
        (NamePart.FIRSTNAME, given_name.strip()),
        (NamePart.MIDDLENAME, patronymic.strip()),
    ]
    grammatical = _gender(gender, given_name.strip(), patronymic.strip())
    if grammatical is None:
        return " ".join(text for _part, text in parts if text)
    return " ".join(
        _maker.make(part, grammatical, Case.DATIVE, text) for part, text in parts if text
    )
