"""core.output.charts: accessible SVG with its data table, text readable on a phone."""

import re
import xml.etree.ElementTree as ET

from unheard.core.output.charts import FONT_SIZE, WIDTH, Bar, bar_chart, wrap

SVG = "{http://www.w3.org/2000/svg}"
BARS = [
    Bar("legal assistance", 1200, "1 200 €"),
    Bar("help with detention conditions", 300, "300 €"),
    Bar("family support", None, "fewer than 5"),
]


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(html[html.index("<svg") : html.index("</svg>") + len("</svg>")])


def test_the_chart_is_an_image_with_a_title_a_description_and_a_table():
    html = str(bar_chart(BARS, title="Money spent <by purpose>", chart_id="spent"))
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "spent-title spent-desc"
    assert svg.find(f"{SVG}title").text == "Money spent <by purpose>"
    assert svg.find(f"{SVG}desc").text == (
        "Legal assistance: 1 200 €; Help with detention conditions: 300 €; Family support: fewer than 5."
    )
    table = ET.fromstring(html[html.index("<table") :])
    assert table.find("caption").text == "Money spent <by purpose>"
    cells = [(tr.find("th").text, tr.find("td").text) for tr in table.iter("tr")]
    assert cells == [
        ("Legal assistance", "1 200 €"),
        ("Help with detention conditions", "300 €"),
        ("Family support", "fewer than 5"),
    ]
    assert "<script" not in html


def test_a_chart_beside_the_pages_own_table_points_at_it():
    html = str(bar_chart(BARS, title="Spent", chart_id="spent", table_id="spent-table"))
    assert "<table" not in html
    assert svg_of(html).get("aria-describedby") == "spent-table"


def test_a_figure_that_may_not_be_published_gets_no_bar():
    svg = svg_of(str(bar_chart(BARS, title="t", chart_id="c")))
    widths = [int(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert len(widths) == 2 and widths[0] > widths[1] > 0
    assert "fewer than 5" in [text.text for text in svg.iter(f"{SVG}text")]


def test_text_stays_readable_on_a_375_px_phone():
    svg = svg_of(str(bar_chart(BARS, title="t", chart_id="c")))
    # Drawn at its own width, never stretched: 335 px fit inside the page margins on a phone.
    assert svg.get("width") == str(WIDTH) and svg.get("viewBox").startswith(f"0 0 {WIDTH} ")
    assert WIDTH <= 335
    # Scaled down by site.css (svg.chart): the CSP (style-src 'self') blocks an inline style.
    assert svg.get("style") is None and svg.get("class") == "chart"
    assert int(svg.get("font-size")) == FONT_SIZE >= 12
    smallest_scale = 280 / WIDTH  # even on a 320 px phone (280 px of content)
    assert FONT_SIZE * smallest_scale >= 12
    for text in svg.iter(f"{SVG}text"):
        assert len(text.text) * 0.6 * FONT_SIZE <= WIDTH or " " not in text.text


def test_long_labels_wrap():
    label = "помощь в связи с условиями содержания под стражей и в колонии"
    lines = wrap(label)
    assert len(lines) > 1 and " ".join(lines) == label
    assert all(len(line) * 0.6 * FONT_SIZE <= WIDTH for line in lines)


def test_nothing_to_draw_leaves_only_the_table():
    html = str(bar_chart([Bar("a", None, "fewer than 5")], title="t", chart_id="c"))
    assert "<svg" not in html and "<table" in html
    assert str(bar_chart([Bar("a", 0, "0")], title="t", chart_id="c", table_id="x")) == ""
    assert re.search(r"<td>0</td>", str(bar_chart([Bar("a", 0, "0")], title="t", chart_id="c")))


def test_every_bar_of_the_one_series_has_the_same_colour():
    bars = [Bar(str(year), count, str(count)) for year, count in [(2021, 3), (2022, 5), (2023, 8)]]
    svg = svg_of(str(bar_chart(bars, title="t", chart_id="c")))
    assert len({rect.get("fill") for rect in svg.iter(f"{SVG}rect")}) == 1
