"""Reads of the statistics section: the declared figures counted on a date, and the published
figures counted by others."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from unheard.stats.figures import FIGURES, FIGURES_BY_KEY, FigureOnDate, figure_on
from unheard.stats.models import ExternalFigure
from unheard.stats.record import RecordOnDate


class UnknownFigure(LookupError):
    pass


def figure_count(*, key: str, as_of: dt.date | None = None) -> FigureOnDate:
    """One figure counted on `as_of` (today when None); `UnknownFigure` for a key not declared."""
    if key not in FIGURES_BY_KEY:
        raise UnknownFigure(key)
    return figure_on(FIGURES_BY_KEY[key], RecordOnDate(as_of))


def figures_count(*, as_of: dt.date | None = None) -> list[FigureOnDate]:
    """Every figure counted on `as_of`, reading the record once for all of them."""
    record = RecordOnDate(as_of)
    return [figure_on(figure, record) for figure in FIGURES]


def external_figures_public() -> QuerySet[ExternalFigure]:
    return ExternalFigure.objects.public().prefetch_related("sources")


def external_figures_beside(*, keys: list[str]) -> dict[str, list[ExternalFigure]]:
    """Published figures counted by others, grouped by the registry figure they sit beside."""
    beside: dict[str, list[ExternalFigure]] = {key: [] for key in keys}
    for figure in external_figures_public().filter(beside__in=keys):
        beside[figure.beside].append(figure)
    return beside
