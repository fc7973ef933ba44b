"""Whether the demo records are loaded (for the banner every page shows then)."""

from django import template

from unheard.core import batch
from unheard.core.models import DemoData

register = template.Library()


@register.simple_tag
def demo_data_loaded() -> bool:
    return batch.shared("core.demo_data_loaded", DemoData.is_loaded)
