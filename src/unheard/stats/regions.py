"""Russia's regions as the statistics section maps them: the map's area for a registry region and
the bundled, sourced population table (data/russia-regions.csv, sources in data/README.md).

Policy: a registry `Region` of Russia is drawn in the map's area whose slug is the region's slug
or its English name written as a slug; a region with no such area is listed beside the map,
never guessed. A figure per 100,000 inhabitants is given only where the table has a sourced
population; otherwise none.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.utils.text import slugify

from unheard.core.output.maps import russia_regions

TABLE = Path(__file__).with_name("data") / "russia-regions.csv"
PER = 100_000


@cache
def _table() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8") as table:
        return {row["iso"]: row for row in csv.DictReader(table)}


@cache
def _codes_by_slug() -> dict[str, str]:
    codes = {slugify(shape.names["en"]): shape.code for shape in russia_regions()}
    codes.update({row["slug"]: iso for iso, row in _table().items()})
    return codes


def map_code(*, slug: str, name_en: str = "", country: str = "RU") -> str | None:
    """The map's area (ISO 3166-2) for a registry region, or None when it is not on the map."""
    if country != "RU":
        return None
    codes = _codes_by_slug()
    return codes.get(slug) or codes.get(slugify(name_en))


def population(code: str) -> int | None:
    """The sourced population of the area (Rosstat, 1 January 2020), or None without one."""
    value = _table().get(code, {}).get("population_2020", "")
    return int(value) if value else None


def per_100k(count: int, code: str | None) -> float | None:
    """`count` per 100,000 inhabitants of the area, to two decimals; None without a population."""
    inhabitants = population(code) if code else None
    return round(count * PER / inhabitants, 2) if inhabitants else None
