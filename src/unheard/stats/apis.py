"""The statistics section's public API: every figure as JSON, counted on a date.

The same counts as the pages (the same selectors and cache), with each figure's definition and
date; `as_of` as on the pages (YYYY-MM-DD, from 1 January 1990 to today). A date that cannot be
counted on, an unknown figure or an unknown map choice answers 400 with the reason. Figures
counted by other organisations are listed beside the registry's own, never added to them.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from unheard.core.api.errors import ApiError
from unheard.core.api.schemas import PartialDateOut, partial_date
from unheard.core.visibility import small_count_threshold
from unheard.stats import selectors
from unheard.stats.as_of import AsOfError, as_of_parse
from unheard.stats.figures import FigureOnDate, figures
from unheard.stats.models import ExternalFigure

router = Router(tags=["statistics"])
AS_OF = "The date counted on, YYYY-MM-DD, from 1990-01-01 to today; today when absent."


class LineOut(Schema):
    label: str = Field(description="What the row counts: a status, a region, a year.")
    values: list[int | float | None] = Field(description="One value per measure, in order.")
    region: str | None = Field(None, description="ISO 3166-2 of a region on the map.")


class ExternalOut(Schema):
    organisation: str
    value: int
    qualifier: str
    counts: str = Field(description="What the other organisation counted.")
    when: PartialDateOut | None = Field(
        description="When the source counted, as precisely as it says."
    )
    method: str


class FigureOut(Schema):
    key: str
    title: str
    definition: str
    as_of: dt.date
    dimension: str
    measures: list[str]
    lines: list[LineOut]
    summary: list[str]
    small_counts_below: int | None = Field(
        description="In a figure counting people from confidential records (aid given), a "
        "number of people from 1 to this number minus one is null, shown as “fewer than” it."
    )
    csv_url: str
    embed_url: str
    counted_by_others: list[ExternalOut]


class FigureSummary(Schema):
    key: str
    title: str
    url: str


class YearOut(Schema):
    year: int
    held_on_1_january: int


class YearsOut(Schema):
    as_of: dt.date
    definition: str
    years: list[YearOut]


class MapRegionOut(Schema):
    region: str = Field(description="ISO 3166-2, or the row's label when it is not on the map.")
    on_map: bool
    value: int | float | None


class RegionMapOut(Schema):
    map: str
    per: str
    title: str
    as_of: dt.date
    regions: list[MapRegionOut]


def _as_of(text: str | None) -> dt.date:
    try:
        return as_of_parse((text or "")[:40], today=timezone.localdate())
    except AsOfError as error:
        raise ApiError("bad_date", str(error)) from None


def _external(figure: ExternalFigure) -> dict:
    return {
        "organisation": figure.organisation,
        "value": figure.value,
        "qualifier": figure.qualifier,
        "counts": figure.counts,
        "when": partial_date(figure.date, figure.date_precision),
        "method": figure.method,
    }


def figure_out(counted: FigureOnDate, others: list[ExternalFigure]) -> dict:
    figure, date = counted.figure, counted.as_of.isoformat()
    return {
        "key": figure.key,
        "title": str(figure.title),
        "definition": str(figure.definition),
        "as_of": counted.as_of,
        "dimension": str(figure.dimension),
        "measures": [str(measure) for measure in figure.measures],
        "lines": [
            {"label": line.label, "values": list(line.values), "region": line.code}
            for line in counted.lines
        ],
        "summary": counted.summary,
        "small_counts_below": small_count_threshold() if figure.people_measures else None,
        "csv_url": reverse("stats:figure_csv", args=[figure.key]) + f"?as_of={date}",
        "embed_url": reverse("stats:figure_embed", args=[figure.key]) + f"?as_of={date}",
        "counted_by_others": [_external(other) for other in others],
    }


@router.get("/statistics", response=list[FigureSummary], url_name="statistics")
def statistics_list(request):
    """The figures of the statistics section."""
    return [
        {
            "key": figure.key,
            "title": str(figure.title),
            "url": reverse("api-v1:statistics_figure", args=[figure.key]),
        }
        for figure in figures()
    ]


@router.get("/statistics/years", response=YearsOut, url_name="statistics_years")
def statistics_years(request, as_of: str | None = Query(None, description=AS_OF)):
    """People held on 1 January of each year, as the year-over-year page counts them."""
    date = _as_of(as_of)
    years = selectors.held_each_new_year(as_of=date)
    return {
        "as_of": date,
        "definition": _(
            "People the registry records as in custody on 1 January of each year, counted as "
            "“People held” counts on a past date, from the year after the record's first "
            "detention to the year of the date."
        ),
        "years": [{"year": year, "held_on_1_january": held} for year, held in years],
    }


@router.get("/statistics/map", response=RegionMapOut, url_name="statistics_map")
def statistics_map(
    request,
    map: str = "detention",  # noqa: A002 - the page's own parameter name
    per: str = "people",
    as_of: str | None = Query(None, description=AS_OF),
):
    """People held by region, as the map of Russia's regions draws them."""
    date = _as_of(as_of)
    try:
        drawn = selectors.region_map(by=map[:20], per=per[:20], as_of=date)
    except selectors.UnknownDimension:
        raise ApiError(
            "unknown_dimension",
            _(
                "The map shows people held by region of detention (map=detention), by home "
                "region (map=home) or by region of investigation (map=investigation), as "
                "people (per=people) or per 100,000 inhabitants (per=100k)."
            ),
        ) from None
    return {
        "map": drawn.by,
        "per": drawn.per,
        "title": drawn.title,
        "as_of": date,
        "regions": [
            {
                "region": drawn.other_names.get(code, code),
                "on_map": code not in drawn.other_names,
                "value": value,
            }
            for code, value in drawn.values.items()
        ],
    }


@router.get("/statistics/{key}", response=FigureOut, url_name="statistics_figure")
def statistics_figure(
    request,
    key: str,
    as_of: str | None = Query(None, description=AS_OF),
):
    """One figure counted on a date, with its definition and the figures others counted."""
    date = _as_of(as_of)
    try:
        counted = selectors.figure_count(key=key, as_of=date)
    except selectors.UnknownFigure:
        raise ApiError(
            "unknown_figure",
            _("The statistics have no figure “%(key)s”; /api/v1/statistics lists them.")
            % {"key": key[:60]},
        ) from None
    others = selectors.external_figures_beside(keys=[key])[key]
    return figure_out(counted, others)
