"""A password validator that needs no network: bundled lists of words an attacker tries first.

Django's CommonPasswordValidator refuses the 20,000 passwords most common in breaches as they
are. This one also refuses a password that is only such a word — or a word of the cause, in
`data/words.txt` ("prisoner", "svoboda", "navalny") — dressed up: in capitals, with digits or
symbols around it, with 0/1/3/4/5/@/$ for letters, or said twice ("Pr1soner2024!",
"svobodasvoboda"). Nothing leaves the server: no breach-checking service is asked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WORDS_FILE = Path(__file__).resolve().parent / "data" / "words.txt"
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
SHORTEST_WORD = 4


@lru_cache(maxsize=1)
def bundled_words() -> frozenset[str]:
    words = set(CommonPasswordValidator().passwords)
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    return frozenset(word for word in words if len(word) >= SHORTEST_WORD)


def core_words(password: str) -> set[str]:
    """What is left of a password once capitals and decoration are removed, read two ways:
    digits and symbols dropped ("Navalny-2024-Navalny" → "navalnynavalny"), or, once the
    decoration around it is cut off, read as the letters they stand for ("Pr1s0ner2024!!" →
    "prisoner")."""
    lower = password.lower()
    dropped = _letters(lower)
    trimmed = re.sub(r"^[^a-zа-яё]+|[^a-zа-яё]+$", "", lower)
    return {word for word in (dropped, _letters(trimmed.translate(LEET))) if word}


def _letters(text: str) -> str:
    return "".join(character for character in text if character.isalpha())


def is_dressed_up_word(password: str) -> bool:
    words = bundled_words()
    for core in core_words(password):
        if core in words:
            return True
        for repeat in (2, 3):  # "svobodasvoboda"
            size, rest = divmod(len(core), repeat)
            if not rest and core[:size] * repeat == core and core[:size] in words:
                return True
    return False


class BundledWordsValidator:
    def validate(self, password: str, user=None) -> None:
        if is_dressed_up_word(password):
            raise ValidationError(
                _(
                    "This password is a common word with a few changes; attackers try those "
                    "first. Choose a phrase of several unrelated words."
                ),
                code="password_common_word",
            )

    def get_help_text(self) -> str:
        return _("Your password can’t be a common word or a word of our cause with a few changes.")
