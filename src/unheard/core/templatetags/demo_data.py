"""Whether the demo records are loaded (for the banner every page shows then)."""

from django import template

from unheard.core.models import DemoData

register = template.Library()


@register.simple_tag
def demo_data_loaded() -> bool:
    return DemoData.is_loaded()
