"""The public search over the demo registry: spellings, ranking, kinds of record, publication."""

import pytest

from tests.factories import PersonFactory, published
from unheard.core.models import PublicationState
from unheard.registry.models import Person, PersonAlias
from unheard.search.selectors import search

pytestmark = pytest.mark.usefixtures("demo")


def top(query: str, lang: str = "en", **kwargs):
    results = search(query, lang, 5, **kwargs)
    return results[0] if results else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "Miftakhov",
        "Miftachow",
        "Miftakhov Azat",
        "Azat Miftakhov",
        "Мифтахов",
        "Мифтахов Азат",
        "Азат Мифтахов",
        "Azat Miftahov",  # ISO-like "h", as typed by ear
        "Azat Miftkhov",  # one typo
        "Azta Miftakohv",  # two typos
        "Mифтахов Azat",  # mixed scripts, a Latin M
        "мифтах",  # partial
        "miftakh",
    ],
)
def test_azat_miftakhov_under_any_spelling(query):
    result = top(query)
    assert result is not None and result.type == "person"
    assert result.slug == "azat-miftakhov"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["Олейник", "Oleinik", "Olejnik", "Oleïnik", "Oleynik", "Nikita Olejnik"]
)
def test_nikita_oleynik_in_every_convention(query):
    assert top(query).slug == "nikita-oleynik"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "Lyubov Lizunova",
        "Ljubow Lisunowa",
        "Lioubov Lizounova",
        "Lyubov' Lizunova",
        "Lyubov’ Lizunova",
        "Любовь Лизунова",
        "Любов Лизунова",
        "Liubov Lizunova",  # passport (ICAO)
        "Lûbovʹ Lizunova",  # ISO 9
        "Lizunova Lyubov",
        "Lizunova",
    ],
)
def test_lyubov_lizunova_in_every_convention(query):
    assert top(query).slug == "lyubov-lizunova"


@pytest.mark.django_db
def test_results_carry_the_name_in_the_language_asked_and_the_original():
    result = top("Miftachow", "de")
    assert result.name == "Asat Miftachow"
    assert result.name_original == "Мифтахов Азат"
    assert result.url == "/de/people/azat-miftakhov/"
    assert top("Miftakhov", "ru").url == "/ru/people/azat-miftakhov/"


@pytest.mark.django_db
def test_exact_spelling_ranks_before_typos_and_prefixes():
    near = published(
        PersonFactory(surname="Лизунов", given_name="Любомир", display_name_en="Lyubomir Lizunov")
    )
    results = search("Lizunova", "en", 5)
    assert [r.slug for r in results[:2]] == ["lyubov-lizunova", near.slug]
    results = search("Lizunov", "en", 5)
    assert results[0].slug == near.slug


@pytest.mark.django_db
def test_the_person_ranks_before_cases_named_after_them():
    results = search("Azat Miftakhov", "en", 10)
    assert results[0].type == "person"
    assert {r.type for r in results[1:]} >= {"case"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, kind, slug",
    [
        ("Network case", "case", "network-case"),
        ("дело Сети", "case", "network-case"),
        ("network-case", "case", "network-case"),
        ("SIZO-1 Tyumen", "facility", "sizo-1-tyumen"),
        ("СИЗО-1 Тюмень", "facility", "sizo-1-tyumen"),
        ("сизо 1 тюмени", "facility", "sizo-1-tyumen"),
        ("205.2", "article", "uk-rf-205.2"),
        ("205.2 УК РФ", "article", "uk-rf-205.2"),
        ("205.2 CC RF", "article", "uk-rf-205.2"),
    ],
)
def test_cases_facilities_and_articles_are_found(query, kind, slug):
    result = top(query)
    assert (result.type, result.slug) == (kind, slug)


@pytest.mark.django_db
def test_article_result_names_number_code_and_title():
    result = top("205.2", "en")
    assert result.name.startswith("205.2 CC RF — ")
    assert result.name_original.startswith("205.2 УК РФ")
    assert result.url == "/en/articles/uk-rf/205.2/"


@pytest.mark.django_db
def test_unpublished_people_are_never_returned():
    person = Person.objects.get(slug="lyubov-lizunova")
    person.publication_state = PublicationState.DRAFT
    person.save()
    assert all(r.slug != "lyubov-lizunova" for r in search("Lyubov Lizunova", "en", 50))
    draft = PersonFactory(
        surname="Черновикова", given_name="Ирина", display_name_en="Irina Chernovikova"
    )
    assert search("Черновикова", "en", 50) == []
    assert search("Irina Chernovikova", "en", 50) == []
    published(draft)
    assert top("Irina Chernovikova").slug == draft.slug


@pytest.mark.django_db
def test_synthetic_people_are_left_out_of_the_public_search():
    person = published(
        PersonFactory(surname="Синтетиков", given_name="Семён", display_name_en="Semyon Sintetikov")
    )
    Person.objects.filter(pk=person.pk).update(is_synthetic=True)
    person.refresh_from_db()
    person.save()  # re-indexed, marked synthetic
    assert search("Sintetikov", "en", 10) == []
    assert top("Sintetikov", include_synthetic=True).slug == person.slug


@pytest.mark.django_db
def test_aliases_are_indexed_when_added_and_forgotten_when_removed():
    person = Person.objects.get(slug="nikita-oleynik")
    alias = PersonAlias.objects.create(person=person, name="Буревестников", kind="nickname")
    assert top("Burevestnikov").slug == "nikita-oleynik"
    alias.delete()
    assert search("Burevestnikov", "en", 10) == []


@pytest.mark.django_db
def test_internal_notes_are_not_searchable():
    person = Person.objects.get(slug="nikita-oleynik")
    person.internal_notes = "Конфиденциальнозаметка"
    person.save()
    assert search("Конфиденциальнозаметка", "en", 10) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!! ??? ...",
        "'; DROP TABLE registry_person; --",
        "<script>alert(1)</script>",
        "x" * 10_000,
        "Miftakhov " * 1000,
        "Azat 😀 Мифтахов ☭",
        "\x00\x01",
        "%_%",
    ],
)
def test_bad_queries_give_a_sensible_answer(query):
    results = search(query, "en", 10)
    assert isinstance(results, list)
    assert Person.objects.filter(slug="azat-miftakhov").exists()
