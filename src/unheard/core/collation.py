"""Names sorted as the readers of each language expect, in the database, on SQLite and PostgreSQL.

Byte order is wrong for every language the site speaks: it puts "Ё" before "А", "Émile" after
"Zoe" and "de Gaulle" after "Dupont". ICU's collation for the language is right, so:

- PostgreSQL ships ICU collations: a name is sorted with ``COLLATE "ru-x-icu"`` (or de, fr, en;
  "und-x-icu", ICU's root order, for any other language).
- SQLite has no collations of its own beyond bytes: every new connection gets one collation
  function per site language ("unheard_ru", ...) that compares with PyICU's Collator, or, where
  PyICU is not installed, by the casefolded Latin transliteration (unidecode), which still puts
  accented and Cyrillic letters next to their base letters.

Sorting happens in the database so that a paginated list is in order across its pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.db.models import Expression
from django.db.models.functions import Collate
from unidecode import unidecode

POSTGRESQL_ICU_LANGUAGES = {"ru", "en", "de", "fr"}


def collation_name(*, language: str, vendor: str) -> str | None:
    """The database collation that sorts text for `language`, or None where there is none."""
    language = language.split("-")[0].lower()
    if vendor == "postgresql":
        return f"{language}-x-icu" if language in POSTGRESQL_ICU_LANGUAGES else "und-x-icu"
    if vendor == "sqlite":
        return f"unheard_{language}"
    return None


def collated(expression: Expression, *, language: str, vendor: str) -> Expression:
    """`expression` sorted in `language`'s order (unchanged on a database without collations)."""
    name = collation_name(language=language, vendor=vendor)
    return Collate(expression, name) if name else expression


@functools.cache
def compare_function(language: str) -> Callable[[str, str], int]:
    """A SQLite collation callable: negative, zero or positive, as `a` sorts before `b`."""
    try:
        import icu
    except ImportError:
        return transliterated_compare
    collator = icu.Collator.createInstance(icu.Locale(language))
    return collator.compare


def transliterated_compare(a: str, b: str) -> int:
    """The order without PyICU: by the casefolded Latin transliteration (ё read as е, as Russian
    dictionaries sort it), then as written."""
    key_a, key_b = _transliteration_key(a), _transliteration_key(b)
    return (key_a > key_b) - (key_a < key_b)


def _transliteration_key(text: str) -> tuple[str, str]:
    return unidecode(text.replace("ё", "е").replace("Ё", "Е")).casefold(), text


def sqlite_collations_register(sender, connection, **kwargs) -> None:
    """On each new SQLite connection, a collation per site language (signal connection_created)."""
    if connection.vendor != "sqlite":
        return
    for code, _name in settings.LANGUAGES:
        name = collation_name(language=code, vendor="sqlite")
        connection.connection.create_collation(name, compare_function(code))
