"""Template helpers of the statistics pages: a figure's chart, a figure counted by others."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from unheard.core.output import charts, maps
from unheard.registry.templatetags.registry_display import number
from unheard.stats.models import ExternalFigure

register = template.Library()


@register.simple_tag
def figure_chart(counted):
    """The figure's chart; its numbers are in the table `figure-<key>-table` beside it."""
    chart_id = f"figure-{counted.figure.key}"
    return charts.bar_chart(
        counted.bars, title=counted.chart_title, chart_id=chart_id, table_id=f"{chart_id}-table"
    )


@register.simple_tag
def years_chart(held):
    """The chart of people held on 1 January of each year, beside the table `years-table`."""
    bars = [charts.Bar(str(year), count, number(count)) for year, count in held]
    title = _("People held on 1 January of each year")
    return charts.bar_chart(bars, title=title, chart_id="years", table_id="years-table")


@register.simple_tag
def region_map_drawing(region_map):
    """The map of Russia's regions with its legend and the table of every figure."""
    return maps.choropleth(
        maps.russia_regions(),
        region_map.values,
        title=f"{region_map.title}: {region_map.measure}",
        legend=region_map.measure[:1].upper() + region_map.measure[1:],
        area_label=_("Region"),
        map_id="region-map-drawing",
        number_format=lambda value: "—" if value is None else number(value),
        other_names=region_map.other_names,
        notes=_population_notes(region_map),
    )


def _population_notes(region_map) -> dict[str, str]:
    """Per 100,000: a mapped region with people held but no rate lacks a population figure."""
    if region_map.per != "100k":
        return {}
    why = _("no population figure for this region")
    return {
        code: why
        for code, value in region_map.values.items()
        if value is None and code not in region_map.other_names
    }


@register.filter
def qualified_value(figure: ExternalFigure) -> str:
    """The number as the source gives it: "about 3,300", "at least 1,198"."""
    if figure.qualifier == ExternalFigure.Qualifier.AT_LEAST:
        return _("at least %(number)s") % {"number": number(figure.value)}
    if figure.qualifier == ExternalFigure.Qualifier.MORE_THAN:
        return _("more than %(number)s") % {"number": number(figure.value)}
    if figure.qualifier == ExternalFigure.Qualifier.ABOUT:
        return _("about %(number)s") % {"number": number(figure.value)}
    return number(figure.value)
