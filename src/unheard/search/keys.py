"""Search keys: how names and titles are normalised, split into words and spelled in other scripts.

Policy:
* A key is compared in normal form: lower case, "ё" read as "е", soft and hard signs and every
  kind of apostrophe dropped ("Любовь", "Lyubov'", "Lyubov’" and "Ljubow" differ only by the
  convention), diacritics of Latin letters dropped ("Oleïnik" → "oleinik", "Ŝerbakov" →
  "serbakov"), Cyrillic letters otherwise kept as they are (й stays й).
* A name is a bag of words: surname first or last, with or without the patronymic, is the same
  bag. Hyphens, dots and brackets separate words; "205.2" stays one word.
* A Russian word is indexed with every romanisation of `transliteration.romanisations()`, each
  normalised; a Latin word as it is.
* The phonetic key folds what the conventions spell differently into one Latin skeleton:
  й/y/i/j, the hushing and hissing sounds (ш щ ж ч ц с з and х, written sh, sch, ch, tsch,
  zh, ts, z, kh, h...), "ou" for у, "w" for в, doubled letters, "ie"/"ye" for е. It is coarse on
  purpose: it only finds candidates; the spelling itself decides the rank.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

from unheard.search.transliteration import IULIIA_SCHEMES, romanisations

DROPPED = set("ьъ'’‘`´ʹʺʼʻ′″\u0301")
TOKEN = re.compile(r"\d+(?:\.\d+)*|[^\W\d_]+")
CYRILLIC = re.compile(r"[а-яё]")
LATIN = re.compile(r"[a-z]")
# Latin letters that look like Cyrillic ones, for words typed with the wrong keyboard layout.
HOMOGLYPHS = str.maketrans("aeopcxyktmb", "аеорсхуктмв")

MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    out = []
    for ch in text:
        if ch in DROPPED:
            continue
        if ch.isascii() or "\u0400" <= ch <= "\u04ff":
            out.append(ch)
        else:
            out.append(unidecode(ch).lower())
    return "".join(out)


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return TOKEN.findall(normalise(text or ""))


def is_cyrillic(word: str) -> bool:
    return bool(CYRILLIC.search(word))


PHONETIC_RULES = [
    (re.compile(r"x"), "ks"),
    (re.compile(r"(?:schtsch|shch|chtch|sch|tsch|tch|sh|zh|ch|kh|ts|tz|[szch])+"), "s"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"gu(?=[ei])"), "g"),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"ie"), "e"),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"ine$"), "in"),
]


def phonetic(word: str) -> str:
    """The phonetic skeleton of one normalised word, in Latin letters."""
    if word[:1].isdigit():
        return word
    if is_cyrillic(word):
        word = normalise(IULIIA_SCHEMES["en"].translate(word))
    for pattern, replacement in PHONETIC_RULES:
        word = pattern.sub(replacement, word)
    return word


def word_variants(word: str) -> set[str]:
    """The normalised spellings of one word as written in its source (with its soft signs)."""
    variants = {normalise(word)}
    for spelling in romanisations(word).values():
        parts = words(spelling)
        if len(parts) == 1:
            variants.add(parts[0])
    return {v for v in variants if v}


def deletions(word: str) -> set[str]:
    """The word with one letter left out, each way."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def query_words(query: str) -> list[str]:
    """The words of a query, with mixed-script words (a wrong keyboard layout) made one script."""
    result = []
    for word in words(query)[:MAX_QUERY_WORDS]:
        word = word[:MAX_WORD_LENGTH]
        if is_cyrillic(word) and LATIN.search(word):
            if len(CYRILLIC.findall(word)) >= len(LATIN.findall(word)):
                word = word.translate(HOMOGLYPHS)
            if LATIN.search(word):
                word = normalise(IULIIA_SCHEMES["en"].translate(word))
        result.append(word)
    return result
