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


@register.simple_tag
def sourced_amount(figure) -> str:
    """A sourced figure in its own currency with the equivalent its source cites:
    "at least 20,000,000 ₽ (~ at least €212,000)"."""
    from django.utils.translation import gettext

    from unheard.funds.report import qualified

    amount = qualified(figure.money, figure.qualifier)
    if figure.equivalent is None:
        return amount
    return gettext("%(amount)s (~ %(equivalent)s, as the source gives it)") % {
        "amount": amount,
        "equivalent": qualified(figure.equivalent, figure.qualifier),
    }
