"""Template helpers of the statistics pages: a figure's chart, a figure counted by others."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from unheard.core.output import charts
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
