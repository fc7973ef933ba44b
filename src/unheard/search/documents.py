"""What each kind of record contributes to the search index, and whether it may be found.

Policy: only what `unheard.core.visibility` makes public is indexed: published people, cases and
facilities, and articles of law (public reference data). Synthetic people (benchmarks) are
indexed too but marked, and the public search leaves them out. A person is found by the canonical name in the original script
(surname, given name, patronymic), the display names in every language and the aliases; a case
by its names and slug; a facility by its names, its kind and number ("СИЗО-1"), its town and,
with less weight, its region; an article by its number and code ("205.2 УК РФ") and, with less
weight, its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from unheard.registry.models import Article, Case, Facility, Person
from unheard.search.keys import normalise

RAW_WORD = re.compile(r"\d+(?:\.\d+)*|[^\W\d_]+")
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# How facilities are abbreviated in Russian: "СИЗО-1", "ИК-6", "ИВС". The Latin forms
# ("SIZO", "IK") come from the transliterations of these words.
FACILITY_KIND_WORDS = {
    Facility.Kind.SIZO: "СИЗО",
    Facility.Kind.COLONY: "ИК",
    Facility.Kind.COLONY_SETTLEMENT: "КП",
    Facility.Kind.PRISON: "тюрьма",
    Facility.Kind.EDUCATIONAL_COLONY: "ВК",
    Facility.Kind.PSYCHIATRIC: "ПБ",
    Facility.Kind.POLICE: "ИВС",
}


@dataclass(frozen=True)
class Term:
    """One word of a record as written in its source, its role and its weight."""

    text: str
    role: str
    weight: float = 1.0

    @property
    def key(self) -> str:
        return normalise(self.text)


def raw_words(text: str) -> list[str]:
    """Words as written (soft signs and ё kept, for transliteration); single letters dropped."""
    return [w for w in RAW_WORD.findall(text or "") if len(w) > 1 or w.isdigit()]


def translated(record, field_name: str) -> list[str]:
    return [getattr(record, f"{field_name}_{code}", "") or "" for code in LANGUAGES]


def person_terms(person: Person, aliases: list[str], variants_of) -> list[Term]:
    """`variants_of(raw)` gives the normalised spellings of a word (cached by the caller)."""
    terms = []
    covered: set[str] = set()
    for role, value in (("s", person.surname), ("g", person.given_name), ("p", person.patronymic)):
        for word in raw_words(value):
            terms.append(Term(word, role))
            covered |= variants_of(word)
    for role, weight, texts in (
        ("d", 1.0, translated(person, "display_name")),
        ("a", 0.95, aliases),
    ):
        for text in texts:
            for word in raw_words(text):
                if normalise(word) not in covered:
                    terms.append(Term(word, role, weight))
                    covered |= variants_of(word)
    return terms


def case_terms(case: Case) -> list[Term]:
    texts = [*translated(case, "name"), case.slug.replace("-", " ")]
    return [Term(word, "n") for text in texts for word in raw_words(text)]


def facility_terms(facility: Facility) -> list[Term]:
    texts = [
        *translated(facility, "name"),
        FACILITY_KIND_WORDS.get(facility.kind, ""),
        facility.number,
        facility.town,
    ]
    terms = [Term(word, "n") for text in texts for word in raw_words(text)]
    region = facility.region
    terms += [
        Term(word, "r", 0.7) for text in translated(region, "name") for word in raw_words(text)
    ]
    return terms


def article_terms(article: Article) -> list[Term]:
    code = article.code
    terms = [Term(article.number, "k")]
    terms += [
        Term(word, "k", 0.9)
        for text in [*translated(code, "short_name"), code.slug.replace("-", " ")]
        for word in raw_words(text)
    ]
    terms += [
        Term(word, "t", 0.6) for text in translated(article, "title") for word in raw_words(text)
    ]
    return terms


def published_people(*, with_synthetic: bool = True):
    """People to index (synthetic ones included and marked) or, without them, to show."""
    return Person.objects.public(with_synthetic=with_synthetic)


def published_cases():
    return Case.objects.public()


def published_facilities():
    return Facility.objects.public().select_related("region")


def public_articles():
    return Article.objects.public().select_related("code")
