"""Romanisations of Russian names, each from a library that implements the convention.

| convention | where it comes from |
| --- | --- |
| English (Wikipedia, the press) | iuliia `WIKIPEDIA` |
| BGN/PCGN | ICU `Russian-Latin/BGN` (PyICU) when installed, and iuliia `BGN_PCGN` |
| ISO 9 / GOST 7.79 system A | ICU `Cyrillic-Latin` when installed, and iuliia `GOST_779` |
| passport, ICAO Doc 9303 (Russian passports since 2013) | iuliia `ICAO_DOC_9303` |
| older passports (MVD 310-1997, MVD 782-2000) | iuliia `MVD_310`, `MVD_782` |
| French (the French column of MVD 310-1997: "Lioubov", "Joukov") | iuliia `MVD_310_FR` |
| German (Duden) | `german()` below: no library implements it |
| informal spellings | cyrtranslit (`ru`), Unidecode, iuliia `SCIENTIFIC`, `ALA_LC`, `TELEGRAM`, `YANDEX_MONEY` |

PyICU needs ICU's headers to build (apt `libicu-dev pkg-config`); without it the same
conventions still come from iuliia, so search works the same.
"""

from __future__ import annotations

import functools
import re

import cyrtranslit
import iuliia
from unidecode import unidecode

try:  # PyICU is optional: it builds from source against the system's ICU.
    import icu
except ImportError:  # pragma: no cover - depends on the machine
    icu = None

CYRILLIC = re.compile(r"[\u0400-\u04ff]")

IULIIA_SCHEMES = {
    "en": iuliia.WIKIPEDIA,
    "bgn": iuliia.BGN_PCGN,
    "iso9": iuliia.GOST_779,
    "passport": iuliia.ICAO_DOC_9303,
    "mvd310": iuliia.MVD_310,
    "mvd782": iuliia.MVD_782,
    "fr": iuliia.MVD_310_FR,
    "scientific": iuliia.SCIENTIFIC,
    "ala_lc": iuliia.ALA_LC,
    "telegram": iuliia.TELEGRAM,
    "yandex": iuliia.YANDEX_MONEY,
}
ICU_TRANSFORMS = {"icu_bgn": "Russian-Latin/BGN", "icu_iso9": "Cyrillic-Latin"}

# The German (Duden) transcription of Russian. No library implements it: ICU has no German
# transform for Russian and iuliia's schemes are English, French or ISO-like, yet German
# newspapers spell names this way ("Ljubow Lisunowa", "Miftachow", "Schukow"), so the one table
# lives here. Context rules are in `german()`.
GERMAN = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch",
    "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
VOWELS = set("аеёиоуыэюя")
HUSHING = set("жчшщ")


def german(word: str) -> str:
    """Duden transcription of one lower-case Russian word ("Юрий Щербаков" → "juri schtscherbakow")."""
    out = []
    for i, ch in enumerate(word):
        before = word[i - 1] if i else ""
        after = word[i + 1] if i + 1 < len(word) else ""
        if ch == "е" and (not before or before in VOWELS or before in {"ь", "ъ"}):
            out.append("je")
        elif ch == "ё" and before in HUSHING:
            out.append("o")
        elif ch == "й" and after and after in "яюеё":
            continue  # "Майя" → "Maja": the next letter already starts with j
        elif ch == "й" and (not before or after in VOWELS):
            out.append("j")
        elif ch == "й" and not after and before and before in "иы":
            continue  # "Дмитрий" → "Dmitri", "Грозный" → "Grosny"
        elif ch == "ь" and after == "и":
            out.append("j")  # "Ильин" → "Iljin"
        elif ch == "с" and before in VOWELS and after in VOWELS:
            out.append("ss")  # "Василий" → "Wassili"
        elif ch == "к" and after == "с":
            out.append("x")  # "Ксения" → "Xenija", "Алексей" → "Alexei"
        elif ch == "с" and before == "к":
            continue
        else:
            out.append(GERMAN.get(ch, ch))
    return "".join(out)


@functools.cache
def _icu(transform_id: str):
    return icu.Transliterator.createInstance(transform_id) if icu is not None else None


def icu_available() -> bool:
    return icu is not None


def romanisations(word: str) -> dict[str, str]:
    """Every romanisation of one Russian word we know of, by convention, not yet normalised."""
    word = word.lower()  # iuliia mishandles capitals in a few schemes ("Ё", "Кс")
    if not CYRILLIC.search(word):
        return {}
    spellings = {name: scheme.translate(word) for name, scheme in IULIIA_SCHEMES.items()}
    spellings["de"] = german(word)
    spellings["cyrtranslit"] = cyrtranslit.to_latin(word, "ru")
    spellings["unidecode"] = unidecode(word)
    for name, transform_id in ICU_TRANSFORMS.items():
        transliterator = _icu(transform_id)
        if transliterator is not None:
            spellings[name] = transliterator.transliterate(word)
    return {name: text for name, text in spellings.items() if not CYRILLIC.search(text)}


def romanise(text: str, convention: str = "en") -> str:
    """One text in one convention (names keep their capitals): used for display names."""
    if convention == "de":
        return re.sub(r"[\u0400-\u04ff]+", lambda m: _keep_case(m.group(), german), text)
    scheme = IULIIA_SCHEMES[convention]
    return re.sub(r"[\u0400-\u04ff]+", lambda m: _keep_case(m.group(), scheme.translate), text)


def _keep_case(word: str, translate) -> str:
    latin = translate(word.lower())
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin
