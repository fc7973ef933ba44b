import datetime as dt

import pytest

from unheard.actions.demo_loader import demo_load as actions_demo_load
from unheard.actions.models import Action, DayOfAction, DayStatement, Group
from unheard.actions.selectors import day_overview
from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db

SEED_004_CITIES = {
    "GB": {"London"},
    "FR": {"Paris"},
    "DE": {"Berlin", "Frankfurt"},
    "IT": {"Milan"},
    "IE": {"Dublin"},
    "CH": {"Geneva"},
    "LK": {"Colombo"},
    "US": {"Seattle", "San Francisco", "Houston"},
    "LV": {"Riga"},
    "UA": {"Kyiv", "Kharkiv"},
    "KZ": {"Almaty"},
}


def test_the_seeds_days_actions_groups_and_statements_are_loaded_and_idempotent():
    demo_load()
    report = actions_demo_load()
    assert report.created == {"group": 4, "day": 2, "action": 22, "statement": 10}
    assert actions_demo_load().created == {}
    assert (Action.objects.count(), DayOfAction.objects.count()) == (22, 2)
    assert Group.objects.count() == 4 and DayStatement.objects.count() == 10
    cologne = Action.objects.get(slug="post-soviet-left-cologne")
    names = [getattr(cologne, f"city_name_{lang}") for lang in ("en", "ru", "de", "fr")]
    assert (cologne.city, names) == ("Cologne", ["Cologne", "Кёльн", "Köln", "Cologne"])
    assert Group.objects.get(slug="autonomous-action-moscow").city_name_de == "Moskau"
    assert not Action.objects.exclude(city="").filter(city_name_ru="").exists()


def test_seed_004_days_hold_the_fifteen_cities_in_their_countries():
    demo_load()
    actions_demo_load()
    day = DayOfAction.objects.get(slug="days-of-action-against-repression-2012")
    assert (day.starts_on, day.ends_on) == (dt.date(2012, 11, 29), dt.date(2012, 12, 2))
    overview = day_overview(day)
    assert {c.code: set(c.cities) for c in overview.countries} == SEED_004_CITIES
    assert overview.city_count == 15
    assert day.sources.get().url == "https://internationalviewpoint.org/spip.php?article2834"
    authors = set(day.statements.values_list("author", flat=True))
    assert {"Noam Chomsky", "Étienne Balibar", "Michael Levi", "Alex Callinicos"} <= authors
    assert {"Ken Loach"} <= authors
    letters = day.statements.filter(kind=DayStatement.Kind.LETTER)
    assert set(letters.values_list("country", flat=True)) == {"HU", "BE", "DE", "TR"}
    assert set(day.groups.values_list("slug", flat=True)) == {
        "russian-socialist-movement",
        "autonomous-action-moscow",
        "left-front",
    }


def test_the_other_seeds_are_loaded_without_invented_dates():
    demo_load()
    actions_demo_load()
    april = DayOfAction.objects.get(slug="solidarity-day-civil-society-russia")
    assert (april.recurring_date, april.starts_on) == ("04-30", None)
    assert {code for code, _name in day_overview(april).other_countries} == {"BY", "UA", "DE", "FR"}
    marathon = Action.objects.get(slug="you-are-not-alone-broadcast")
    assert marathon.online and marathon.kind == Action.Kind.STREAM
    assert (marathon.starts_at, marathon.recurring_date) == (None, "06-12")
    assert marathon.campaign_slug == "you-are-not-alone-marathon"
    cologne = Action.objects.get(slug="post-soviet-left-cologne")
    assert cologne.starts_on == dt.date(2024, 5, 1) and cologne.group.slug == "post-soviet-left"
    undated = Action.objects.filter(day__slug="days-of-action-against-repression-2012")
    assert not undated.exclude(starts_on=None).exists()
    assert not undated.exclude(venue="").exists()
