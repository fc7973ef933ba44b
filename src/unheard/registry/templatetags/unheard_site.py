"""Site-wide template helpers: the site's name and links to this page in other languages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return settings.UNHEARD_SITE_NAME


def _path_in(path: str, current: str, code: str) -> str:
    translated = translate_url(path, code)
    if translated != path or code == current:
        return translated
    # Not a resolvable page (a 404, say): swap the language prefix by hand.
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{code}/{path[len(prefix) :]}"
    return f"/{code}/"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """This page in each of the site's languages: code, name (in that language), path, current."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language() or settings.LANGUAGE_CODE
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "path": _path_in(path, current, code),
                "is_current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def may_translate(context) -> bool:
    """Whether the signed-in user may use the translators' dashboard."""
    from unheard.core.translation_state import user_may_translate

    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user_may_translate(user))
