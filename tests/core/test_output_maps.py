"""core.output.maps: bundled geometry named in four languages, an accessible choropleth with its table."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from unheard.core.output.maps import (
    CLASS_COLOURS,
    NEUTRAL,
    choropleth,
    class_breaks,
    russia_regions,
    world_countries,
)

SVG = "{http://www.w3.org/2000/svg}"
LANGUAGES = ("en", "ru", "de", "fr")


def svg_of(html: str) -> ET.Element:
    start = html.index('<svg xmlns="http://www.w3.org/2000/svg" class="map-drawing"')
    return ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])


def table_of(html: str) -> ET.Element:
    return ET.fromstring(html[html.index("<table") : html.index("</table>") + len("</table>")])


def fills(html: str) -> dict[str, str]:
    return {path.get("data-code"): path.get("fill") for path in svg_of(html).iter(f"{SVG}path")}


def test_russia_has_its_83_regions_each_named_in_four_languages():
    regions = russia_regions()
    assert len(regions) == 83
    assert {"RU-MOW", "RU-SPE", "RU-CHU", "RU-KGD", "RU-SA"} <= {r.code for r in regions}
    for language in LANGUAGES:
        names = [region.names[language] for region in regions]
        assert all(names) and len(set(names)) == 83, language
    assert regions["RU-SVE"].names == {
        "en": "Sverdlovsk Oblast",
        "ru": "Свердловская область",
        "de": "Oblast Swerdlowsk",
        "fr": "Oblast de Sverdlovsk",
    }
    assert all(region.path.startswith("M") and region.path.endswith("Z") for region in regions)


def test_the_world_has_its_countries_named_in_four_languages():
    countries = world_countries()
    assert len(countries) > 170
    assert countries["RU"].names == {
        "en": "Russia",
        "ru": "Россия",
        "de": "Russland",
        "fr": "Russie",
    }
    assert countries["DE"].name("fr") == "Allemagne"
    assert all("," not in name for country in countries for name in country.names.values()), (
        "inverted official forms such as 'Corée, République de' are replaced by short names"
    )


def test_the_map_is_an_image_naming_every_area_with_a_description_and_a_table():
    html = str(
        choropleth(
            russia_regions(),
            {"RU-MOW": 120, "RU-SVE": 30, "RU-TYU": 7, "crimea": 12},
            title="People held <by home region>",
            legend="People",
            area_label="Region",
            map_id="held",
            other_names={"crimea": "Crimea"},
        )
    )
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "held-title held-desc"
    assert svg.get("aria-describedby") == "held-table"
    assert svg.find(f"{SVG}title").text == "People held <by home region>"
    assert svg.find(f"{SVG}desc").text == (
        "Highest: Moscow: 120; Sverdlovsk Oblast: 30; Crimea: 12; Tyumen Oblast: 7. "
        "The table below the map lists every figure."
    )
    titles = [path.find(f"{SVG}title").text for path in svg.iter(f"{SVG}path")]
    assert len(titles) == 83
    assert "Moscow: 120" in titles and "Republic of Adygea: —" in titles
    table = table_of(html)
    assert table.get("id") == "held-table"
    assert [th.text for th in table.find("thead").iter("th")] == ["Region", "People"]
    rows = [(tr.find("th").text, tr.find("td").text) for tr in table.find("tbody").iter("tr")]
    assert rows == [
        ("Moscow", "120"),
        ("Sverdlovsk Oblast", "30"),
        ("Crimea (not on the map)", "12"),
        ("Tyumen Oblast", "7"),
    ]
    assert "geoBoundaries" in html
    assert "<script" not in html and "<image" not in html and "href" not in html


def test_colours_rise_with_the_figure_and_zero_or_hidden_figures_stay_neutral():
    values = {"RU-MOW": 100, "RU-SPE": 50, "RU-SVE": 1, "RU-TYU": 0, "RU-BA": None}
    coloured = fills(str(choropleth(russia_regions(), values, title="t", legend="l", map_id="m")))
    assert coloured["RU-MOW"] == CLASS_COLOURS[-1]
    assert coloured["RU-SPE"] == CLASS_COLOURS[2]
    assert coloured["RU-SVE"] == CLASS_COLOURS[0]
    assert coloured["RU-TYU"] == coloured["RU-BA"] == coloured["RU-ALT"] == NEUTRAL


def test_a_hidden_figure_shows_as_its_formatter_says_and_gives_no_colour_away():
    def shown(value):
        return "fewer than 5" if value is None else str(int(value))

    html = str(
        choropleth(
            world_countries(),
            {"DE": None, "FR": 9},
            title="t",
            legend="l",
            map_id="w",
            number_format=shown,
        )
    )
    rows = [
        (tr.find("th").text, tr.find("td").text) for tr in table_of(html).find("tbody").iter("tr")
    ]
    assert rows == [("France", "9"), ("Germany", "fewer than 5")]
    assert fills(html)["DE"] == NEUTRAL


@pytest.mark.parametrize(
    ("language", "moscow", "label"),
    [("ru", "Москва", "Территория"), ("de", "Moskau", "Gebiet"), ("fr", "Moscou", "Territoire")],
)
def test_names_follow_the_active_language(language, moscow, label):
    with translation.override(language):
        html = str(
            choropleth(russia_regions(), {"RU-MOW": 1234}, title="t", legend="l", map_id="m")
        )
    rows = [
        (tr.find("th").text, tr.find("td").text) for tr in table_of(html).find("tbody").iter("tr")
    ]
    assert rows[0][0] == moscow
    assert rows[0][1].replace("\xa0", " ").replace(",", " ").replace(".", " ") == "1 234"
    assert table_of(html).find("thead").find("tr").find("th").text == label


def test_class_breaks_are_whole_numbers_for_counts_and_cover_the_largest():
    assert class_breaks([]) == []
    assert class_breaks([1, 2, 3]) == [1, 2, 3]
    assert class_breaks([7, 120]) == [24, 48, 72, 96, 120]
    breaks = class_breaks([0.5, 2.5])
    assert len(breaks) == 5 and breaks[-1] == pytest.approx(2.5)


def test_a_map_with_no_figure_says_so():
    html = str(choropleth(world_countries(), {}, title="t", legend="l", map_id="m"))
    assert svg_of(html).find(f"{SVG}desc").text == "No area has a figure."
    assert set(fills(html).values()) == {NEUTRAL}


def test_areas_not_on_the_map_neither_set_the_scale_nor_vanish():
    # 45 people whose place is not recorded, against 1 in each mapped region: the classes come
    # from the mapped regions only, and a line under the map gives the others.
    values = {"RU-MOW": 1, "RU-TYU": 1, "other:unknown": 45}
    html = str(
        choropleth(
            russia_regions(),
            values,
            title="t",
            legend="l",
            map_id="m",
            other_names={"other:unknown": "Place not recorded"},
        )
    )
    legend = re.search(r'<ul class="map-legend">.*?</ul>', html).group(0)
    assert "45" not in legend and "–" not in legend
    assert fills(html)["RU-MOW"] == CLASS_COLOURS[0]
    unmapped = re.search(r'<p class="map-unmapped">(.*?)</p>', html).group(1)
    assert unmapped == "Not on the map: Place not recorded: 45."
    assert svg_of(html).get("style") is None


def test_a_note_says_in_the_table_why_an_area_has_no_figure():
    html = str(
        choropleth(
            russia_regions(),
            {"RU-MOW": 2.5, "RU-TYU": None},
            title="t",
            legend="l",
            map_id="m",
            notes={"RU-TYU": "no population figure"},
        )
    )
    rows = dict(
        (tr.find("th").text, tr.find("td").text) for tr in table_of(html).find("tbody").iter("tr")
    )
    assert rows["Tyumen Oblast"] == "— (no population figure)"
    assert rows["Moscow"] == "2.5"
