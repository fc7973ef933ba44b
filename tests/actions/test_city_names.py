"""A city's name in the reader's language (`city_name_<lang>`), while `city` stays the key that
links, filters and the city calendars take, the same in every language."""

import icalendar
import pytest

from tests.actions.conftest import make_action
from unheard.actions import services
from unheard.core.models import PublicationState

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "ru", "de", "fr")
COLOGNE = {"city_name_en": "Cologne", "city_name_ru": "Кёльн", "city_name_de": "Köln"}


@pytest.fixture
def cologne(db):
    return make_action(
        slug="may-day-cologne", title_en="May Day", city="Cologne", country="DE", **COLOGNE
    )


def _location(client, language: str, slug: str) -> str:
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/{language}/actions/{slug}/event.ics").content
    )
    return str(next(iter(calendar.walk("VEVENT")))["LOCATION"])


def test_the_action_page_names_the_city_in_its_language(client, cologne):
    assert "Köln (Deutschland)" in client.get("/de/actions/may-day-cologne/").content.decode()
    assert "Кёльн (Германия)" in client.get("/ru/actions/may-day-cologne/").content.decode()
    assert "Cologne (Germany)" in client.get("/en/actions/may-day-cologne/").content.decode()
    assert _location(client, "de", "may-day-cologne") == "Köln, Deutschland"
    assert _location(client, "ru", "may-day-cologne") == "Кёльн, Германия"


def test_without_a_name_in_the_language_the_key_is_shown(client, cologne):
    """No French name given: the key, not the English or the Russian name."""
    make_action(slug="picket-almaty", city="Almaty", country="KZ", city_name_ru="Алматы")
    assert "Cologne (Allemagne)" in client.get("/fr/actions/may-day-cologne/").content.decode()
    page = client.get("/de/actions/picket-almaty/").content.decode()
    assert "Almaty (Kasachstan)" in page and "Алматы" not in page


def test_the_list_filters_by_the_key_in_every_language(client, cologne):
    make_action(slug="picket-berlin", title_en="Picket in Berlin")
    for language in LANGUAGES:
        page = client.get(f"/{language}/actions/?city=Cologne").content.decode()
        assert "May Day" in page and "Picket in Berlin" not in page, language
    german = client.get("/de/actions/").content.decode()
    assert '<option value="Cologne">Köln</option>' in german
    assert '<option value="Berlin">Berlin</option>' in german
    russian = client.get("/ru/actions/?city=cologne").content.decode()
    assert '<option value="Cologne" selected>Кёльн</option>' in russian
    assert ", Кёльн (Германия)" in russian


def test_a_city_asked_for_but_without_actions_stays_chosen(client, cologne):
    page = client.get("/de/actions/?city=Lyon").content.decode()
    assert '<option value="Lyon" selected>Lyon</option>' in page
    assert "Keine Aktion entspricht diesen Filtern." in page


def test_a_day_of_action_lists_its_cities_by_their_names(client, day, cologne):
    make_action(slug="day-cologne", title_en="Rally", day=day, city="Cologne", **COLOGNE)
    page = client.get(f"/ru/days/{day.slug}/").content.decode()
    assert "<li>Кёльн: <a" in page


def test_the_city_calendar_has_one_address_and_speaks_its_language(client, cologne):
    locations = {}
    for language in LANGUAGES:
        response = client.get(f"/{language}/calendar/cities/Cologne.ics")
        calendar = icalendar.Calendar.from_ical(response.content)
        (event,) = calendar.walk("VEVENT")
        locations[language] = (str(event["LOCATION"]), str(calendar["X-WR-CALNAME"]))
    assert locations["de"][0] == "Köln" and locations["de"][1].endswith(": Köln")
    assert locations["ru"][0] == "Кёльн" and locations["ru"][1].endswith(": Кёльн")
    assert locations["fr"][0] == "Cologne"
    assert "Köln" in client.get("/de/calendar/?month=" + _month(cologne)).content.decode()


def _month(action) -> str:
    return action.local_start.strftime("%Y-%m")


def test_the_api_gives_the_key_and_the_name_in_the_asked_language(client, cologne):
    body = client.get("/api/v1/actions/may-day-cologne", {"lang": "ru"}).json()
    assert (body["place"]["city"], body["place"]["city_name"]) == ("Cologne", "Кёльн")
    listed = client.get("/api/v1/actions", {"city": "Cologne", "lang": "de"}).json()
    assert [a["place"]["city_name"] for a in listed["results"]] == ["Köln"]


def test_groups_show_their_city_in_the_language(client):
    services.group_create(
        data={
            "slug": "autonomous-action-moscow",
            "name": "Autonomous Action – Moscow",
            "city": "Moscow",
            "city_name_de": "Moskau",
            "city_name_ru": "Москва",
            "country": "RU",
            "publication_state": PublicationState.PUBLISHED,
        },
        acting_user=None,
    )
    assert "Moskau, Russland" in client.get("/de/groups/").content.decode()
    assert "Москва, Россия" in client.get("/ru/groups/autonomous-action-moscow/").content.decode()
    group = client.get("/api/v1/groups/autonomous-action-moscow", {"lang": "de"}).json()
    assert (group["city"], group["city_name"]) == ("Moscow", "Moskau")


def test_the_back_office_form_takes_a_name_per_language(admin_client, cologne):
    page = admin_client.get(f"/admin/actions/action/{cologne.pk}/change/").content.decode()
    for language in LANGUAGES:
        assert f'name="city_name_{language}"' in page
