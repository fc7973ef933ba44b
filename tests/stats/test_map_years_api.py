"""Per 100,000 inhabitants, the map of Russia's regions, the year-over-year page, the cache and
the API, each counted by hand."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import CaseFactory, PersonFactory, RegionFactory, defendant, published
from unheard.core.output.maps import russia_regions
from unheard.registry.models import Person, Region
from unheard.stats.figures import figures
from unheard.stats.regions import population
from unheard.stats.selectors import figure_count, held_each_new_year

pytestmark = pytest.mark.django_db
SERVING = Person.Status.SERVING


@pytest.fixture
def regional(db):
    kostroma = RegionFactory(slug="kostroma-oblast", name_en="Kostroma Oblast")
    moscow = RegionFactory(slug="moscow", name_en="Moscow")
    crimea = RegionFactory(slug="crimea", name_en="Crimea")
    for region, people in ((kostroma, 3), (moscow, 1), (crimea, 1)):
        for _ in range(people):
            published(PersonFactory(status=SERVING, home_region=region))


def test_per_100k_comes_from_the_bundled_population_table(regional):
    lines = figure_count(key="home-regions").lines
    # Kostroma: 3 × 100,000 / 633,392; Moscow: 1 × 100,000 / 12,692,466 (Rosstat, 1.1.2020).
    assert [(line.label, line.values, line.code) for line in lines] == [
        ("Kostroma Oblast", (3, 0.47), "RU-KOS"),
        ("Crimea", (1, None), None),
        ("Moscow", (1, 0.01), "RU-MOW"),
    ]


def test_the_statistics_page_draws_every_region_named_with_a_table(client, regional):
    page = client.get("/ru/statistics/?map=home&per=people").content.decode()
    drawing = page[
        page.index('class="map-drawing"') : page.index("</svg>", page.index("map-drawing"))
    ]
    assert drawing.count("<path ") == 83
    assert "<title>Костромская область: 3</title>" in drawing
    assert "<title>Республика Адыгея: —</title>" in drawing
    table = page[page.index('id="region-map-drawing-table"') :]
    assert "(нет на карте)</th><td>1</td>" in table
    per_100k = client.get("/ru/statistics/?map=home&per=100k").content.decode()
    assert "<title>Костромская область: 0,47</title>" in per_100k


@pytest.mark.parametrize("query", ["map=prison", "per=million", "map=home&per="])
def test_an_unknown_map_choice_is_refused_with_the_choices(client, db, query):
    response = client.get(f"/en/statistics/?{query}")
    assert response.status_code == 400
    assert "(map=detention)" in response.content.decode()
    api = client.get(f"/api/v1/statistics/map?{query}")
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "unknown_dimension"


def test_held_on_each_new_year_counted_by_hand(client, record):
    this_year = timezone.localdate().year
    # Vera held from 15 January 2020 to 15 January 2022; Anna from 10 March 2021; Boris from
    # June 2023; Gleb's house arrest is not custody.
    expected = [(2021, 1), (2022, 2), (2023, 1)] + [(y, 2) for y in range(2024, this_year + 1)]
    assert held_each_new_year() == expected
    for year, held in expected:
        on_the_day = figure_count(key="held", as_of=dt.date(year, 1, 1))
        assert sum(line.values[0] for line in on_the_day.lines) == held
    assert held_each_new_year(as_of=dt.date(2022, 6, 1)) == [(2021, 1), (2022, 2)]
    page = client.get("/en/statistics/years/").content.decode()
    assert '<tr><th scope="row">2022</th><td>2</td></tr>' in page
    api = client.get("/api/v1/statistics/years?as_of=2022-06-01").json()
    assert api["years"] == [
        {"year": 2021, "held_on_1_january": 1},
        {"year": 2022, "held_on_1_january": 2},
    ]


def test_a_change_to_the_record_changes_the_cached_figure(record, django_assert_num_queries):
    assert sum(line.values[0] for line in figure_count(key="held").lines) == 2
    with django_assert_num_queries(0):
        figure_count(key="held")
    record.gleb.status = SERVING
    record.gleb.save()
    assert sum(line.values[0] for line in figure_count(key="held").lines) == 3


def test_the_api_lists_every_figure_and_gives_each_as_the_page_counts_it(client, record):
    listed = client.get("/api/v1/statistics").json()
    assert [item["key"] for item in listed] == [figure.key for figure in figures()]
    held = client.get("/api/v1/statistics/held?lang=en").json()
    assert held["as_of"] == timezone.localdate().isoformat()
    assert held["lines"] == [
        {"label": "in pre-trial detention", "values": [1], "region": None},
        {"label": "serving a sentence in a colony or prison", "values": [1], "region": None},
    ]
    assert held["summary"] == ["In all, 2 people held."]
    assert held["csv_url"].startswith("/en/statistics/held.csv?as_of=")
    cells = client.get("/api/v1/statistics/punishment-cells?as_of=2023-12-31&lang=en").json()
    assert cells["measures"] == ["people", "placements", "days"]
    assert cells["lines"] == [{"label": "2023", "values": [1, 2, 25], "region": None}]


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/api/v1/statistics/held?as_of=2999-01-01", "bad_date"),
        ("/api/v1/statistics/held?as_of=1989-12-31", "bad_date"),
        ("/api/v1/statistics/held?as_of=2024-13-01", "bad_date"),
        ("/api/v1/statistics/held?as_of=yesterday", "bad_date"),
        ("/api/v1/statistics/no-such-figure", "unknown_figure"),
    ],
)
def test_the_api_refuses_what_it_cannot_count_with_a_json_reason(client, db, path, code):
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_every_region_on_the_map_has_a_population():
    assert all(population(shape.code) for shape in russia_regions())
    assert population("RU-NEN") == 44110 and population("RU-ARK") == 1092277


def test_the_map_draws_people_held_by_region_of_investigation(client, regional):
    kostroma = Region.objects.get(slug="kostroma-oblast")
    case = published(CaseFactory(region=kostroma))
    for person in Person.objects.filter(home_region__slug="moscow"):
        defendant(person, case)
    page = client.get("/en/statistics/?map=investigation&per=people").content.decode()
    assert "<title>Kostroma Oblast: 1</title>" in page
    api = client.get("/api/v1/statistics/map?map=investigation&per=100k").json()
    assert api["title"] == "People held by region of investigation"
    # Kostroma: 1 × 100,000 / 633,392; four people held in no case with a region.
    assert api["regions"] == [
        {"region": "RU-KOS", "on_map": True, "value": 0.16},
        {"region": "no case with a recorded region", "on_map": False, "value": None},
    ]
