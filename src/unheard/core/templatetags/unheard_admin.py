"""Template helpers of the back office: what changed in a value, and the zone of its times."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from unheard.core.textdiff import inline_diff as _inline_diff

register = template.Library()


@register.filter
def inline_diff(old, new) -> SafeString:
    """{{ row.old|inline_diff:row.new }}: the change word by word, with <del> and <ins>."""
    return _inline_diff(str(old), str(new))


@register.simple_tag
def time_zone_name() -> str:
    """The zone the back office shows times in (`UNHEARD_TIME_ZONE`), with its UTC offset."""
    now = timezone.localtime()
    offset = now.strftime("%z")
    return f"{timezone.get_current_timezone_name()} (UTC{offset[:3]}:{offset[3:]})"
