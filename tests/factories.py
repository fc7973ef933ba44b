"""Factories for registry records. Names are invented and marked synthetic where it matters."""

import datetime as dt

import factory

from unheard.core.models import PublicationState, Source
from unheard.registry import models


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = Source.Kind.WEB
    title = factory.Sequence(lambda n: f"Report {n}")
    url = factory.Sequence(lambda n: f"https://example.org/report/{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ("slug",)

    slug = "test-oblast"
    name_en = "Test Oblast"
    name_ru = "Тестовая область"


class LegalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalCode
        django_get_or_create = ("slug",)

    slug = "uk-rf"
    name_en = "Criminal Code of the Russian Federation"
    short_name_en = "CC RF"
    short_name_ru = "УК РФ"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article
        django_get_or_create = ("code", "number")

    code = factory.SubFactory(LegalCodeFactory)
    number = "205.4"
    title_en = "Organising a terrorist community and participating in it"
    category = models.ArticleCategory.TERRORISM


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Facility

    kind = models.Facility.Kind.SIZO
    number = factory.Sequence(lambda n: str(n + 1))
    name_en = factory.LazyAttribute(lambda f: f"SIZO-{f.number}")
    slug = factory.LazyAttribute(lambda f: f"sizo-{f.number}")
    region = factory.SubFactory(RegionFactory)
    postal_address = "625000, г. Тюмень, ул. Тестовая, д. 1, ФКУ СИЗО-1"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Case

    name_en = factory.Sequence(lambda n: f"Test case {n}")
    slug = factory.Sequence(lambda n: f"test-case-{n}")
    region = factory.SubFactory(RegionFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    surname = factory.Sequence(lambda n: f"Тестов{n}")
    given_name = "Иван"
    display_name_en = factory.Sequence(lambda n: f"Ivan Testov{n}")
    slug = factory.Sequence(lambda n: f"ivan-testov-{n}")
    status = models.Person.Status.PRE_TRIAL


def defendant(person, case, role=models.CaseDefendant.Role.DEFENDANT):
    return models.CaseDefendant.objects.create(person=person, case=case, role=role)


def charge(person, case, number="205.4", part="", **extra):
    return models.Charge.objects.create(
        person=person, case=case, article=ArticleFactory(number=number), part=part, **extra
    )


def event(person, kind, date, case=None, **extra):
    return models.TimelineEvent.objects.create(
        person=person, kind=kind, date=date, case=case, **extra
    )


def verdict(person, case, date, **extra):
    values = {
        "court_en": "Test District Court",
        "punishment": models.Verdict.Punishment.IMPRISONMENT,
        "regime": "strict",
        "term_years": 6,
    }
    values.update(extra)
    return models.Verdict.objects.create(person=person, case=case, date=date, **values)


def sourced(record, source=None):
    record.sources.add(source or SourceFactory())
    return record


def published(record):
    record.publication_state = PublicationState.PUBLISHED
    record.save()
    return record


TODAY = dt.date(2026, 11, 21)


# Letters -------------------------------------------------------------------------------------


def writable_person(**extra):
    """A published person held in a published facility with an envelope address."""
    facility = extra.pop("facility", None) or published(sourced(FacilityFactory()))
    values = {
        "status": models.Person.Status.SERVING,
        "current_facility": facility,
        "birth_date": dt.date(1990, 5, 17),
        "patronymic": "Петрович",
    }
    values.update(extra)
    return published(sourced(PersonFactory(**values)))


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "letters.Letter"

    person = factory.LazyFunction(writable_person)
    facility = factory.LazyAttribute(lambda letter: letter.person.current_facility)
    author_name = "Anna"
    author_email = factory.Sequence(lambda n: f"author{n}@example.org")
    author_ip = "192.0.2.10"
    language = "en"
    interface_language = "en"
    text = factory.Sequence(lambda n: f"Dear friend, this is letter number {n}. Stay strong.")
    text_sha256 = factory.Sequence(lambda n: f"{n:064d}")
    status = "confirmed"
    rules_accepted_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))
