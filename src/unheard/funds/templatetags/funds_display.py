"""Template helpers for the funds pages: money, charts, a person's open campaigns."""

from __future__ import annotations

from django import template

from unheard.core.output import charts
from unheard.funds import selectors
from unheard.funds.money import Money, format_money

register = template.Library()


@register.filter
def money(value: Money | None) -> str:
    """An amount in the active language with its minor digits: "7 400,00 €"."""
    return format_money(value)


@register.filter
def money_whole(value: Money | None) -> str:
    """An amount without minor digits when they are zero: "7 400 €"."""
    return format_money(value, whole=True)


@register.simple_tag
def bar_chart(items, title, chart_id):
    """The report's chart; its figures are in the table `<chart_id>-table` above it."""
    return charts.bar_chart(
        items, title=str(title), chart_id=chart_id, table_id=f"{chart_id}-table"
    )


@register.simple_tag
def person_open_campaigns(person):
    return selectors.person_open_campaigns(person=person)


@register.simple_tag
def public_beneficiary(campaign):
    return selectors.beneficiary_public(campaign)
