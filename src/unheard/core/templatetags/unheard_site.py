"""Site-wide template helpers: the site's name, the header's navigation (declared by the apps,
see `core.plugins`) and links to this page in other languages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info

from unheard.core import plugins

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


@register.simple_tag
def home_url() -> str:
    """The home page the apps declare (`home_page`), or the site's root."""
    name = plugins.home_page_url_name()
    try:
        return reverse(name) if name else "/"
    except NoReverseMatch:
        return "/"


@register.simple_tag(takes_context=True)
def site_nav(context) -> list[dict]:
    """The header's links the apps declare (`nav_items`) and this request may see: label, path,
    and whether it leads to the current page."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    links = []
    for item in plugins.nav_items():
        if not item.is_shown(request):
            continue
        try:
            path = reverse(item.url_name)
        except NoReverseMatch:
            continue
        links.append({"label": item.label, "path": path, "is_current": item.is_current(view_name)})
    return links


@register.simple_tag(takes_context=True)
def record_panels(context, record) -> str:
    """The panels the apps declare for this kind of record (`record_panels`, see `core.plugins`),
    each rendered with `record` and the request."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    panels = [
        render_to_string(panel.template, {"record": record}, request=context.get("request"))
        for panel in plugins.record_panels(record._meta.label)
    ]
    return mark_safe("".join(panel for panel in panels if panel.strip()))
