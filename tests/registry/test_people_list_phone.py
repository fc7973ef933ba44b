"""The people list: names in the reader's order, a page past the end, the filter disclosure."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from unheard.registry import people_filters
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db

NAMES = [
    # (English, Russian, German) display names; surnames in Cyrillic sort differently.
    ("Émile Zorin", "Эмиль Зорин", "Émile Sorin"),
    ("Eve Adams", "Ева Адамс", "Eva Adams"),
    ("zoe Babel", "Зоя Бабель", "Zoë Babel"),
    ("Yegor Yolkin", "Ёлкин Егор", "Ägidius Jolkin"),
    ("Andrey Zhukov", "Жуков Андрей", "Andrei Schukow"),
    ("de Gaulle", "Егоров Пётр", "de Gaulle"),
]


@pytest.fixture
def people():
    for index, (en, ru, de) in enumerate(NAMES):
        f.published(
            f.PersonFactory(
                surname=f"Я{index}", display_name_en=en, display_name_ru=ru, display_name_de=de
            )
        )


def sorted_names(language: str) -> list[str]:
    with translation.override(language):
        people = people_filters.people_sorted(people_filters.published_people(), "name")
        return [getattr(p, f"display_name_{language}") for p in people]


def test_names_sort_by_the_display_name_collated_for_each_language(people):
    assert sorted_names("en") == [
        "Andrey Zhukov",
        "de Gaulle",
        "Émile Zorin",
        "Eve Adams",
        "Yegor Yolkin",
        "zoe Babel",
    ]
    # Ё sorts with Е, not before А as in byte order.
    assert sorted_names("ru") == [
        "Ева Адамс",
        "Егоров Пётр",
        "Ёлкин Егор",
        "Жуков Андрей",
        "Зоя Бабель",
        "Эмиль Зорин",
    ]
    assert sorted_names("de") == [
        "Ägidius Jolkin",
        "Andrei Schukow",
        "de Gaulle",
        "Émile Sorin",
        "Eva Adams",
        "Zoë Babel",
    ]


def test_a_missing_display_name_falls_back_as_the_page_does(people):
    person = Person.objects.get(display_name_en="Eve Adams")
    Person.objects.filter(pk=person.pk).update(display_name_fr="")
    with translation.override("fr"):
        people = list(people_filters.people_sorted(people_filters.published_people(), "name"))
    assert str(people[0]) == "Andrey Zhukov"  # French falls back to the English names
    assert [p.pk for p in people].index(person.pk) == 3


def test_a_page_past_the_end_shows_the_last_page_with_a_notice(client):
    for _ in range(55):
        f.published(f.PersonFactory())
    people = reverse("registry:person_list")
    page = client.get(people + "?page=7")
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is no page “7” in this list. This is page 2 of 2." in html
    assert 'rel="prev"' in html and 'rel="next"' not in html
    assert "There is no page" in client.get(people + "?page=abc").content.decode()
    assert "There is no page" not in client.get(people + "?page=2").content.decode()


def test_filters_sit_behind_a_filter_button_that_counts_those_in_use(client):
    people = reverse("registry:person_list")
    html = client.get(people).content.decode()
    assert '<summary class="disclosure__button">Filter</summary>' in html
    assert html.index("<summary") < html.index('<form class="filters"') < html.index('id="results"')
    html = client.get(people + "?status=held&q=a").content.decode()
    assert "Filter (2 in use)" in html


def test_without_pyicu_sqlite_still_sorts_letters_with_their_base_letters():
    from functools import cmp_to_key

    from unheard.core.collation import transliterated_compare

    names = ["Жуков", "Ёлкин", "Егоров", "Émile", "de Gaulle", "Eve", "Zoe"]
    assert sorted(names, key=cmp_to_key(transliterated_compare)) == [
        "de Gaulle",
        "Егоров",
        "Ёлкин",
        "Émile",
        "Eve",
        "Жуков",
        "Zoe",
    ]
    assert transliterated_compare("Alpha", "alpha") != 0  # equal keys fall back to the text
