"""Reads of the statistics section: the declared figures counted on a date (kept in the cache
until the record changes, see cache.py), people held on 1 January of each year, the map of
Russia's regions, and the published figures counted by others."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unheard.core import plugins
from unheard.core.record_cache import cached
from unheard.stats.figures import Figure, FigureOnDate, figure_by_key, figure_on, figures
from unheard.stats.models import ExternalFigure
from unheard.stats.record import RecordOnDate

# The map's choices: ?map=<by>&per=<measure>, each key → (figure, its title on the map).
MAP_BY = {
    "detention": ("detention-regions", _("People held by region of detention")),
    "home": ("home-regions", _("People held by home region")),
    "investigation": ("investigation-regions", _("People held by region of investigation")),
}
# The part of the record the section's own figures read (core/record_cache.py).
REGISTRY = ("registry",)
MAP_PER = {"people": (0, _("people held")), "100k": (1, _("per 100,000 inhabitants"))}


class UnknownFigure(LookupError):
    pass


class UnknownDimension(LookupError):
    """A map's region or measure that is not one of MAP_BY / MAP_PER."""


def figure_count(*, key: str, as_of: dt.date | None = None) -> FigureOnDate:
    """One figure counted on `as_of` (today when None); `UnknownFigure` for a key not declared."""
    figure = figure_by_key(key)
    if figure is None:
        raise UnknownFigure(key)
    return _counted(figure, RecordOnDate(as_of))


def figures_count(*, as_of: dt.date | None = None) -> list[FigureOnDate]:
    """Every figure counted on `as_of`, reading the record once for all of them."""
    record = RecordOnDate(as_of)
    return [_counted(figure, record) for figure in figures()]


def _counted(figure: Figure, record: RecordOnDate) -> FigureOnDate:
    def count() -> tuple:
        counted = figure_on(figure, record)
        return counted.lines, counted.summary

    key = f"figure:{figure.key}:{record.as_of.isoformat()}"
    lines, summary = cached(key, count, parts=_parts_read(figure))
    return FigureOnDate(figure, record.as_of, lines, summary)


def held_each_new_year(*, as_of: dt.date | None = None) -> list[tuple[int, int]]:
    """(year, people held on 1 January of it), from the year after the record's first custody
    to the year of `as_of`, each counted as "People held" counts on that date."""
    record = RecordOnDate(as_of)

    def count() -> list[tuple[int, int]]:
        first = record.first_custody
        if first is None:
            return []
        dates = [dt.date(year, 1, 1) for year in range(first.year + 1, record.as_of.year + 1)]
        return [(date.year, held) for date, held in record.held_on_each(dates).items()]

    return cached(f"new-years:{record.as_of.isoformat()}", count, parts=REGISTRY)


def _parts_read(figure: Figure) -> tuple[str, ...]:
    """The parts of the record (core/record_cache.py) a figure reads: the registry, and the
    records of the app that declares it, if another app does (letters counts letters to
    published people)."""
    declaring = {source.key: app.label for app, source in plugins.figure_sources()}
    return (*REGISTRY, declaring[figure.key]) if figure.key in declaring else REGISTRY


@dataclass(frozen=True)
class RegionMap:
    by: str
    per: str
    title: str
    measure: str
    values: dict[str, float | None]  # map area → figure
    other_names: dict[str, str]  # rows not on the map: their label
    counted: FigureOnDate


def region_map(*, by: str, per: str, as_of: dt.date | None = None) -> RegionMap:
    """People held by region on the map of Russia; `UnknownDimension` for a choice not offered."""
    if by not in MAP_BY or per not in MAP_PER:
        raise UnknownDimension(by if by not in MAP_BY else per)
    key, title = MAP_BY[by]
    index, measure = MAP_PER[per]
    counted = figure_count(key=key, as_of=as_of or timezone.localdate())
    values, other_names = {}, {}
    for line in counted.lines:
        code = line.code or f"other:{line.label}"
        if line.code is None:
            other_names[code] = line.label
        values[code] = line.values[index]
    return RegionMap(by, per, str(title), str(measure), values, other_names, counted)


def external_figures_public() -> QuerySet[ExternalFigure]:
    return ExternalFigure.objects.public().prefetch_related("sources")


def external_figures_beside(*, keys: list[str]) -> dict[str, list[ExternalFigure]]:
    """Published figures counted by others, grouped by the registry figure they sit beside."""
    beside: dict[str, list[ExternalFigure]] = {key: [] for key in keys}
    for figure in external_figures_public().filter(beside__in=keys):
        beside[figure.beside].append(figure)
    return beside
