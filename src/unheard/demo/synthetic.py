"""Synthetic people for benchmarks and load tests.

Policy:
* Synthetic people are invented (Faker's Russian names), marked `is_synthetic`, and never shown
  on a public page: the registry's public selectors leave them out, and the public search leaves
  them out unless `UNHEARD_SEARCH_INCLUDE_SYNTHETIC` is on (benchmark instances only). They are
  "published" only so that they are indexed like real published people.
* Their cases and facilities (slugs starting `synthetic-`) stay drafts, so that no public page
  ever lists them; their charges stay drafts too and cite articles of the real catalogue.
* Generating refuses to run on a database that holds real published people, unless forced:
  synthetic people must not be mixed into a real registry by accident.
* Canonical names are unique: surname, given name and patronymic are combined until the triple
  is new (a number is added to the surname only if Faker's lists run out).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from faker import Faker

from unheard.core.models import PublicationState
from unheard.registry.models import (
    Article,
    Case,
    CaseDefendant,
    Charge,
    Facility,
    Person,
    PersonAlias,
    Region,
)
from unheard.search.models import SearchEntry
from unheard.search.services import search_entries_refresh
from unheard.search.transliteration import romanise

PREFIX = "synthetic-"
PEOPLE_PER_CASE = 10
PEOPLE_PER_FACILITY = 500
BATCH = 2000
STATUSES = [
    Person.Status.PRE_TRIAL,
    Person.Status.SERVING,
    Person.Status.SERVING,
    Person.Status.HOUSE_ARREST,
    Person.Status.RELEASED,
]


class SyntheticDataRefused(Exception):
    pass


@dataclass
class SynthReport:
    people: int = 0
    cases: int = 0
    facilities: int = 0
    charges: int = 0
    entries: int = 0


def real_people_published() -> bool:
    """Whether the public sees any real person: synthetic people are refused on such a site."""
    return Person.objects.public().exists()


def _names(fake: Faker, count: int, taken: set[tuple[str, str, str]]) -> list[tuple]:
    names = []
    while len(names) < count:
        female = fake.random.random() < 0.5
        for attempt in range(50):
            if female:
                name = (
                    fake.last_name_female(),
                    fake.first_name_female(),
                    fake.middle_name_female(),
                )
            else:
                name = (fake.last_name_male(), fake.first_name_male(), fake.middle_name_male())
            if attempt == 49:
                name = (f"{name[0]}-{len(taken) + 1}", *name[1:])
            if name not in taken:
                break
        taken.add(name)
        names.append((*name, Person.Gender.FEMALE if female else Person.Gender.MALE))
    return names


def _articles() -> list[Article]:
    if not Article.objects.exists():
        from unheard.registry.demo_loader import DemoLoader

        DemoLoader().load_articles()  # the real catalogue of code articles (public reference data)
    wanted = ["205.2", "280.3", "207.3", "275", "205.4", "212"]
    articles = list(Article.objects.filter(number__in=wanted, code__slug="uk-rf"))
    return articles or list(Article.objects.all()[:5])


def _facilities(count: int, region: Region) -> list[Facility]:
    existing = list(Facility.objects.filter(slug__startswith=PREFIX))
    start = len(existing)
    new = [
        Facility(
            slug=f"{PREFIX}facility-{start + i + 1}",
            kind=Facility.Kind.SIZO,
            number=str(start + i + 1),
            name_en=f"Synthetic facility {start + i + 1}",
            name_ru=f"Синтетический СИЗО-{start + i + 1}",
            region=region,
            town="Синтетиченск",
        )
        for i in range(max(0, count - start))
    ]
    Facility.objects.bulk_create(new, batch_size=BATCH)
    return list(Facility.objects.filter(slug__startswith=PREFIX))


@transaction.atomic
def people_synthesise(*, count: int, seed: int = 0, force: bool = False) -> SynthReport:
    """Add `count` synthetic people, each with a case, a facility and a charge, and index them."""
    if count < 1:
        raise ValueError("count must be positive")
    if not force and real_people_published():
        raise SyntheticDataRefused(
            "This database holds real published people; synthetic people are not added to a "
            "real registry. Use --force only on a copy made for benchmarks."
        )
    rng = random.Random(seed)
    fake = Faker("ru_RU")
    fake.seed_instance(seed)
    report = SynthReport()
    region, _created = Region.objects.get_or_create(
        slug=f"{PREFIX}region",
        defaults={"name_en": "Synthetic region", "name_ru": "Синтетическая область"},
    )
    articles = _articles()
    facilities = _facilities(max(1, count // PEOPLE_PER_FACILITY), region)
    report.facilities = len(facilities)
    taken = {
        tuple(row)
        for row in Person.objects.filter(is_synthetic=True).values_list(
            "surname", "given_name", "patronymic"
        )
    }
    offset = Person.objects.filter(slug__startswith=PREFIX).count()
    case_offset = Case.objects.filter(slug__startswith=PREFIX).count()
    cases = [
        Case(
            slug=f"{PREFIX}case-{case_offset + i + 1}",
            name_en=f"Synthetic case {case_offset + i + 1}",
            name_ru=f"Синтетическое дело {case_offset + i + 1}",
            region=region,
        )
        for i in range(-(-count // PEOPLE_PER_CASE))
    ]
    Case.objects.bulk_create(cases, batch_size=BATCH)
    report.cases = len(cases)
    people = []
    for i, (surname, given, patronymic, gender) in enumerate(_names(fake, count, taken)):
        short = f"{given} {surname}"
        people.append(
            Person(
                slug=f"{PREFIX}{offset + i + 1}",
                surname=surname,
                given_name=given,
                patronymic=patronymic,
                gender=gender,
                display_name_ru=short,
                display_name_en=romanise(short, "en"),
                display_name_de=romanise(short, "de"),
                display_name_fr=romanise(short, "fr"),
                status=rng.choice(STATUSES),
                current_facility=rng.choice(facilities),
                publication_state=PublicationState.PUBLISHED,
                is_synthetic=True,
            )
        )
    Person.objects.bulk_create(people, batch_size=BATCH)
    report.people = len(people)
    links, charges = [], []
    for i, person in enumerate(people):
        case = cases[i // PEOPLE_PER_CASE]
        links.append(CaseDefendant(case=case, person=person))
        charges.append(Charge(person=person, case=case, article=rng.choice(articles)))
    CaseDefendant.objects.bulk_create(links, batch_size=BATCH)
    Charge.objects.bulk_create(charges, batch_size=BATCH)
    report.charges = len(charges)
    report.entries = search_entries_refresh(
        kind=SearchEntry.Kind.PERSON, object_ids=[p.pk for p in people]
    )
    return report


@transaction.atomic
def synthetic_purge() -> int:
    """Remove every synthetic person with their facts, cases, facilities and index entries."""
    people = Person.objects.filter(is_synthetic=True)
    SearchEntry.objects.filter(kind=SearchEntry.Kind.PERSON, is_synthetic=True).delete()
    # Synthetic facts cite no source and have no history: delete them in bulk, without the
    # per-row signals (the release recomputation) a cascade would send for each one.
    sources = Charge.sources.through.objects.filter(charge__person__is_synthetic=True)
    sources._raw_delete(sources.db)
    for model in (Charge, CaseDefendant, PersonAlias):
        model.objects.filter(person__is_synthetic=True)._raw_delete(model.objects.db)
    count = 0
    ids = list(people.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        Person.objects.filter(pk__in=ids[start : start + BATCH]).delete()
        count += len(ids[start : start + BATCH])
    Case.objects.filter(slug__startswith=PREFIX).delete()
    Facility.objects.filter(slug__startswith=PREFIX).delete()
    Region.objects.filter(slug=f"{PREFIX}region").delete()
    return count
