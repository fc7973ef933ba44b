"""Build the compact map geometry bundled under src/unheard/core/output/geo/ (run by hand, rarely).

    python scripts/build_map_geometry.py RUSSIA_GEOJSON WORLD_ATLAS_TOPOJSON PYCOUNTRY_DIR [MAP ...]

RUSSIA_GEOJSON: geoBoundaries ADM1 of Russia (shared/data/russia-regions-geoboundaries.geojson).
WORLD_ATLAS_TOPOJSON: countries-110m.json of the npm package world-atlas 2.0.2 (Natural Earth 4.1.0).
PYCOUNTRY_DIR: an unpacked pycountry wheel, for the countries' ISO codes and their ru/de/fr names.
Russia is drawn in an Albers equal-area conic projection, the world in Equal Earth; both are
simplified (Douglas–Peucker) in projected units and written as SVG path data, so the site only
reads a small JSON file and never projects anything at run time.
"""

from __future__ import annotations

import csv
import gettext
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "src" / "unheard" / "core" / "output" / "geo"
WIDTH = 1000
LANGUAGES = ("ru", "de", "fr")
# Where iso-codes gives only the official or inverted form ("Corée, République de"), the short name.
COUNTRY_NAMES = {
    "BO": {"de": "Bolivien", "fr": "Bolivie"},
    "CD": {"en": "Democratic Republic of the Congo"},
    "FK": {
        "en": "Falkland Islands",
        "ru": "Фолклендские острова",
        "de": "Falklandinseln",
        "fr": "Îles Malouines",
    },
    "IR": {"de": "Iran", "fr": "Iran"},
    "KP": {"ru": "КНДР", "de": "Nordkorea", "fr": "Corée du Nord"},
    "KR": {"ru": "Южная Корея", "de": "Südkorea", "fr": "Corée du Sud"},
    "LA": {"ru": "Лаос", "de": "Laos", "fr": "Laos"},
    "MD": {"ru": "Молдавия", "de": "Moldau", "fr": "Moldavie"},
    "PS": {"en": "Palestine", "de": "Palästina", "fr": "Palestine"},
    "RU": {"en": "Russia", "ru": "Россия", "de": "Russland", "fr": "Russie"},
    "SB": {"fr": "Îles Salomon"},
    "SY": {"ru": "Сирия", "de": "Syrien", "fr": "Syrie"},
    "TW": {"ru": "Тайвань", "de": "Taiwan", "fr": "Taïwan"},
    "TZ": {"de": "Tansania", "fr": "Tanzanie"},
    "US": {"ru": "Соединённые Штаты"},
    "VE": {"ru": "Венесуэла", "de": "Venezuela", "fr": "Venezuela"},
}


def albers(lon: float, lat: float) -> tuple[float, float]:
    """Albers equal-area conic for Russia: parallels 52° and 64° N, central meridian 100° E."""
    phi1, phi2, phi0, lam0 = map(math.radians, (52, 64, 56, 100))
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho0 = math.sqrt(c - 2 * n * math.sin(phi0)) / n
    lon = lon + 360 if lon < 0 else lon  # Chukotka crosses the antimeridian
    theta = n * (math.radians(lon) - lam0)
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    return rho * math.sin(theta), -(rho0 - rho * math.cos(theta))


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    theta = math.asin(math.sqrt(3) / 2 * math.sin(math.radians(lat)))
    t2, t6 = theta**2, theta**6
    x = (
        2
        * math.sqrt(3)
        * math.radians(lon)
        * math.cos(theta)
        / (3 * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    )
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, -y


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, distance = 0, 0.0
        for index in range(first + 1, last):
            x, y = points[index]
            if length:
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                d = math.hypot(x - x1, y - y1)
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_area(points: list[tuple[float, float]]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)))
        / 2
    )


def to_paths(
    shapes: dict[str, list[list[tuple[float, float]]]], *, tolerance: float, min_area: float
) -> tuple[dict[str, str], int, int]:
    """Projected rings → SVG path data in a WIDTH-wide frame, integers, small islands dropped."""
    xs = [x for rings in shapes.values() for ring in rings for x, _ in ring]
    ys = [y for rings in shapes.values() for ring in rings for _, y in ring]
    scale = (WIDTH - 2) / (max(xs) - min(xs))
    height = math.ceil((max(ys) - min(ys)) * scale) + 2
    paths = {}
    for code, rings in shapes.items():
        framed = [
            [((x - min(xs)) * scale + 1, (y - min(ys)) * scale + 1) for x, y in r] for r in rings
        ]
        largest = max(framed, key=ring_area)
        parts = []
        for ring in framed:
            if ring is not largest and ring_area(ring) < min_area:
                continue
            points = simplify(ring, tolerance)
            rounded = [(round(x), round(y)) for x, y in points]
            rounded = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
            if len(rounded) < 4 and ring is not largest:
                continue
            head, *tail = rounded
            parts.append(f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in tail) + "Z")
        paths[code] = "".join(parts)
    return paths, WIDTH, height


def russia(geojson: Path) -> dict:
    names = {
        row["iso"]: row
        for row in csv.DictReader((ROOT / "scripts/geo/russia-region-names.csv").open())
    }
    shapes = {}
    for feature in json.loads(geojson.read_text())["features"]:
        code = feature["properties"]["shapeISO"]
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        shapes[code] = [[albers(lon, lat) for lon, lat in polygon[0]] for polygon in polygons]
    paths, width, height = to_paths(shapes, tolerance=1.2, min_area=4)
    return {
        "source": "geoBoundaries (gbOpen), ADM1 of Russia",
        "licence": "CC BY 4.0, www.geoboundaries.org",
        "width": width,
        "height": height,
        "shapes": [
            {
                "code": code,
                "names": {lang: names[code][lang] for lang in ("en", *LANGUAGES)},
                "path": paths[code],
            }
            for code in sorted(paths)
        ],
    }


def arcs_of(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def world(topojson: Path, pycountry_dir: Path) -> dict:
    sys.path.insert(0, str(pycountry_dir))
    import pycountry  # noqa: PLC0415 - only this script needs it

    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in LANGUAGES
    }
    topology = json.loads(topojson.read_text())
    arcs = arcs_of(topology)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points += arc[1:] if points else arc
        return points

    def projected(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
        """A ring that crosses the antimeridian is drawn twice, each copy pinned to one edge."""
        if all(abs(a[0] - b[0]) <= 180 for a, b in zip(points, points[1:], strict=False)):
            return [[equal_earth(lon, lat) for lon, lat in points]]
        east = [(min(lon % 360, 180), lat) for lon, lat in points]
        west = [(max(lon % 360 - 360, -180), lat) for lon, lat in points]
        return [[equal_earth(lon, lat) for lon, lat in half] for half in (east, west)]

    shapes, names = {}, {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=geometry.get("id", ""))
        if country is None or country.alpha_2 == "AQ":
            continue  # Kosovo, Northern Cyprus, Somaliland have no ISO 3166 number; Antarctica is left out
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes[country.alpha_2] = [
            half for polygon in polygons for half in projected(ring(polygon[0]))
        ]
        english = getattr(country, "common_name", None) or country.name
        names[country.alpha_2] = (
            {"en": english}
            | {lang: translations[lang].gettext(country.name) for lang in LANGUAGES}
            | COUNTRY_NAMES.get(country.alpha_2, {})
        )
    paths, width, height = to_paths(shapes, tolerance=0.6, min_area=2)
    return {
        "source": "Natural Earth 1:110m (4.1.0), world-atlas 2.0.2, iso-codes",
        "licence": "public domain; ISC; LGPL-2.1-or-later",
        "width": width,
        "height": height,
        "shapes": [
            {"code": code, "names": names[code], "path": paths[code]} for code in sorted(paths)
        ],
    }


def main() -> None:
    russia_source, world_source, pycountry_dir = map(Path, sys.argv[1:4])
    maps = {
        "russia-regions": lambda: russia(russia_source),
        "world-countries": lambda: world(world_source, pycountry_dir),
    }
    for name in sys.argv[4:] or maps:
        data = maps[name]()
        target = GEO / f"{name}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(
            f"{target.relative_to(ROOT)}: {len(data['shapes'])} shapes, {target.stat().st_size // 1024} KB"
        )


if __name__ == "__main__":
    main()
