"""`{% load visibility %}`: templates ask the visibility policy, never compare states themselves.

{% if event.facility|is_public %}<a href="…">{{ event.facility.name }}</a>{% endif %}
{% if person|is_public:"photo" %}<img src="{{ person.photo.url }}" alt="">{% endif %}
"""

from django import template

from unheard.core import visibility

register = template.Library()


@register.filter(name="is_public")
def is_public(record, field_name: str = "") -> bool:
    return visibility.is_public(record, field_name)
