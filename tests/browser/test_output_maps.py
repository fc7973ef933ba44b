"""The map engine in a real browser: no serious axe finding, and it fits a 375 px phone."""

from pathlib import Path

import pytest
from django.utils import translation

import unheard
from unheard.core.output.maps import choropleth, russia_regions, world_countries

from .test_site_accessibility import AXE, axe_violations

SITE_CSS = Path(unheard.__file__).parent / "core" / "static" / "unheard" / "site.css"


def maps_page() -> str:
    with translation.override("ru"):
        russia = choropleth(
            russia_regions(),
            {"RU-MOW": 120, "RU-SVE": 30, "RU-SA": 15, "crimea": 12},
            title="Люди в заключении по региону",
            legend="Люди",
            area_label="Регион",
            map_id="held",
            other_names={"crimea": "Крым"},
        )
        world = choropleth(
            world_countries(), {"DE": 3, "FR": 2}, title="Дни действий", legend="Дни", map_id="days"
        )
    return (
        '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Карты</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{SITE_CSS.read_text(encoding='utf-8')}</style></head>"
        f"<body><main><h1>Карты</h1>{russia}{world}</main></body></html>"
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_maps_pass_axe_and_fit_the_screen(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_content(maps_page())
    drawings = page.evaluate(
        """() => [...document.querySelectorAll("svg.map-drawing")].map(svg => ({
            right: svg.getBoundingClientRect().right,
            height: svg.getBoundingClientRect().height,
            areas: svg.querySelectorAll("path").length,
        }))"""
    )
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    violations = axe_violations(page) if AXE.exists() else []
    context.close()
    assert [d["areas"] for d in drawings] == [83, len(world_countries())]
    assert all(d["right"] <= width and d["height"] > 100 for d in drawings), drawings
    assert scroll_width <= width
    assert violations == []
    assert requested == []
