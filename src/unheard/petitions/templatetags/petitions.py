from django import template
from django.utils.translation import get_language

from unheard.petitions.countries import country_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    """A country's name in the page's language, from its ISO 3166 code."""
    return country_name(code, (get_language() or "en")[:2])
