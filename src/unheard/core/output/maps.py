"""Choropleth maps as accessible SVG drawn on the server: no script, no tiles, no other origin.

Policy:
* The geometry is bundled under `geo/` (sources and licences in geo/README.md), already projected
  and simplified by scripts/build_map_geometry.py: drawing a map only writes its paths.
* A map is an image (`role="img"`) with a `<title>` and a `<desc>` that names the highest values
  in words, each area carries its own `<title>` (its name and figure, shown on hover), and the
  map is always followed by its legend, the geometry's attribution and a data table with every
  figure: the table, not the colour, is where a reader finds a number.
* The map scales down to the page's width (no text is drawn inside it, so nothing shrinks to an
  unreadable size on a 375 px phone); the legend and the table are HTML text.
* Colours: five equal classes from light to dark. An area with no figure, a zero, or a figure
  that may not be published (`None`: a small count) gets the neutral colour, since a class would
  give the number away; its text in the table is whatever `number_format` says for it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

GEO = Path(__file__).with_name("geo")
CLASS_COLOURS = ("#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f")
NEUTRAL = "#e8e8e8"
BORDER = "#ffffff"


@dataclass(frozen=True)
class Shape:
    code: str  # ISO 3166-2 for a region of Russia, ISO 3166-1 alpha-2 for a country
    names: Mapping[str, str]  # en, ru, de, fr
    path: str  # SVG path data in the map's frame

    def name(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        return self.names.get(language) or self.names["en"]


@dataclass(frozen=True)
class Shapes:
    key: str
    width: int
    height: int
    source: str
    licence: str
    shapes: tuple[Shape, ...]

    def __iter__(self) -> Iterator[Shape]:
        return iter(self.shapes)

    def __len__(self) -> int:
        return len(self.shapes)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Shape:
        return self._by_code[code]

    @cached_property
    def _by_code(self) -> dict[str, Shape]:
        return {shape.code: shape for shape in self.shapes}


@cache
def russia_regions() -> Shapes:
    """Russia's 83 federal subjects of geoBoundaries (Crimea and Sevastopol are not in it)."""
    return _load("russia-regions")


@cache
def world_countries() -> Shapes:
    """The countries of Natural Earth at 1:110m (Antarctica left out), keyed by ISO alpha-2."""
    return _load("world-countries")


def _load(key: str) -> Shapes:
    data = json.loads((GEO / f"{key}.json").read_text(encoding="utf-8"))
    return Shapes(
        key=key,
        width=data["width"],
        height=data["height"],
        source=data["source"],
        licence=data["licence"],
        shapes=tuple(Shape(s["code"], s["names"], s["path"]) for s in data["shapes"]),
    )


def plain_number(value: float | None) -> str:
    """The default `number_format`: the number in the page's language, a dash where there is none."""
    if value is None:
        return "—"
    places = 0 if float(value).is_integer() else 1
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def choropleth(
    shapes: Shapes,
    values: Mapping[str, float | None],
    *,
    title: str,
    legend: str,
    map_id: str,
    area_label: str | None = None,
    number_format: Callable[[float | None], str] = plain_number,
    other_names: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
) -> SafeString:
    """The map of `values` (area code → figure) drawn over `shapes`, with legend and data table.

    `legend` names the figure (the table's value column), `area_label` the areas ("Region").
    A code that `shapes` has no geometry for is still listed in the table, marked as not drawn,
    under its name in `other_names` (or its code), and named with its figure in a line under the
    map; the colour classes are drawn from the mapped areas only. `notes` (area code → text) says
    in the table why an area's figure is what it is (e.g. why there is none).
    """
    names = {shape.code: shape.name() for shape in shapes} | dict(other_names or {})
    breaks = class_breaks([v for code, v in values.items() if v and code in shapes])
    areas = format_html_join(
        "",
        '<path d="{}" fill="{}" data-code="{}"><title>{}: {}</title></path>',
        (
            (
                shape.path,
                colour(values.get(shape.code), breaks),
                shape.code,
                shape.name(),
                number_format(values.get(shape.code)),
            )
            for shape in shapes
        ),
    )
    table_id = f"{map_id}-table"
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="map-drawing" role="img" '
        'aria-labelledby="{id}-title {id}-desc" aria-describedby="{table_id}" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'stroke="{border}" stroke-width="0.6" '
        'stroke-linejoin="round"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{areas}</svg>',
        id=map_id,
        table_id=table_id,
        width=shapes.width,
        height=shapes.height,
        border=BORDER,
        title=title,
        desc=description(names, values, number_format=number_format),
        areas=areas,
    )
    return format_html(
        '<div class="map" id="{}">{}{}{}<p class="map-source">{}</p></div>{}',
        map_id,
        svg,
        legend_list(breaks, number_format=number_format),
        not_on_the_map(names, values, drawn=shapes, number_format=number_format),
        _("Map data: %(source)s; licence: %(licence)s.")
        % {"source": shapes.source, "licence": shapes.licence},
        data_table(
            names,
            values,
            drawn=shapes,
            table_id=table_id,
            title=title,
            legend=legend,
            area_label=area_label or _("Area"),
            number_format=number_format,
            notes=notes or {},
        ),
    )


def class_breaks(figures: list[float]) -> list[float]:
    """Upper bounds of five equal classes over (0, largest]; whole numbers when the figures are."""
    if not figures:
        return []
    largest = max(figures)
    if all(float(f).is_integer() for f in figures):
        step = max(1, math.ceil(largest / len(CLASS_COLOURS)))
        return [step * (i + 1) for i in range(min(len(CLASS_COLOURS), math.ceil(largest / step)))]
    step = largest / len(CLASS_COLOURS)
    return [step * (i + 1) for i in range(len(CLASS_COLOURS))]


def colour(value: float | None, breaks: list[float]) -> str:
    if not value or value < 0:
        return NEUTRAL
    for upper, fill in zip(breaks, CLASS_COLOURS, strict=False):
        if value <= upper + 1e-9:
            return fill
    return CLASS_COLOURS[len(breaks) - 1]


def legend_list(breaks: list[float], *, number_format: Callable[[float | None], str]) -> SafeString:
    whole = all(float(b).is_integer() for b in breaks)
    items = [(NEUTRAL, _("none, or too few to show"))]
    lower = 0.0
    for upper, fill in zip(breaks, CLASS_COLOURS, strict=False):
        low = lower + 1 if whole else lower
        shown = (
            number_format(upper)
            if whole and low == upper
            else f"{number_format(low)}–{number_format(upper)}"
        )
        items.append((fill, shown))
        lower = upper
    return format_html(
        '<ul class="map-legend">{}</ul>',
        format_html_join(
            "",
            '<li><svg width="14" height="14" aria-hidden="true" focusable="false">'
            '<rect width="14" height="14" fill="{}" stroke="#767676"></rect></svg> {}</li>',
            items,
        ),
    )


def not_on_the_map(
    names: Mapping[str, str],
    values: Mapping[str, float | None],
    *,
    drawn: Shapes,
    number_format: Callable[[float | None], str],
) -> SafeString:
    """The line under the map naming the figures it cannot show (no geometry, place unknown)."""
    others = [(code, v) for code, v in values.items() if code not in drawn and v is not None]
    if not others:
        return SafeString("")
    listed = "; ".join(f"{names.get(code, code)}: {number_format(v)}" for code, v in others)
    return format_html(
        '<p class="map-unmapped">{}</p>', _("Not on the map: %(areas)s.") % {"areas": listed}
    )


def description(
    names: Mapping[str, str],
    values: Mapping[str, float | None],
    *,
    number_format: Callable[[float | None], str],
) -> str:
    ranked = sorted(((v, code) for code, v in values.items() if v), reverse=True)[:5]
    if not ranked:
        return _("No area has a figure.")
    highest = "; ".join(f"{names.get(code, code)}: {number_format(v)}" for v, code in ranked)
    return _("Highest: %(highest)s. The table below the map lists every figure.") % {
        "highest": highest
    }


def data_table(
    names: Mapping[str, str],
    values: Mapping[str, float | None],
    *,
    drawn: Shapes,
    table_id: str,
    title: str,
    legend: str,
    area_label: str,
    number_format: Callable[[float | None], str],
    notes: Mapping[str, str],
) -> SafeString:
    ordered = sorted(values, key=lambda code: (-(values[code] or 0), names.get(code, code)))
    not_drawn = _("(not on the map)")
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}{}</th><td>{}{}</td></tr>',
        (
            (
                names.get(code, code),
                "" if code in drawn else f" {not_drawn}",
                number_format(values[code]),
                f" ({notes[code]})" if code in notes else "",
            )
            for code in ordered
        ),
    )
    return format_html(
        '<table class="chart-table map-table" id="{}"><caption>{}</caption><thead><tr>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        table_id,
        title,
        area_label,
        legend,
        rows,
    )
