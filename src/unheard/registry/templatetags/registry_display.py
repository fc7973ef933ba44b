"""Small display helpers for the public pages: partial dates, sentence terms, money, release."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import quote

from babel.dates import format_skeleton
from babel.numbers import format_currency, format_decimal
from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, ngettext, pgettext, to_locale
from django.utils.translation import gettext as _

from unheard.core import plugins
from unheard.core.dates import DatePrecision, PartialDate, normalise_partial
from unheard.registry.release import ASSUMPTION_TEXTS

register = template.Library()


@register.filter
def partial_date(value: PartialDate | None) -> str:
    """A partial date as words in the active language: "14 March 2024", "autumn 2023"."""
    return str(value) if value else ""


@register.filter
def partial_of(value: dt.date | None, precision: str | None) -> PartialDate | None:
    """Pair a date column with its precision column: {{ case.started_on|partial_of:case.started_on_precision }}."""
    return PartialDate.of(value, precision)


@register.filter
def release_date(person) -> PartialDate | None:
    """The expected release date, as precisely as the computation knows it.

    The computation stores the last possible day even when it knows only the month, so the
    date is moved to the start of its period before it becomes a `PartialDate`.
    """
    precision = (person.release_computation or {}).get("precision") or DatePrecision.DAY
    return PartialDate.of(normalise_partial(person.expected_release, precision), precision)


@register.filter
def release_assumptions(person) -> list[str]:
    """The texts of the assumptions the release computation made, in its order."""
    codes = (person.release_computation or {}).get("assumptions") or []
    return [str(ASSUMPTION_TEXTS[code]) for code in codes if code in ASSUMPTION_TEXTS]


@register.filter
def assumption_text(code: str) -> str:
    text = ASSUMPTION_TEXTS.get(code)
    return str(text) if text else ""


@register.filter
def sentence_term(verdict) -> str:
    """The length of a sentence in words: "3 years and 6 months", "life imprisonment"."""
    if verdict.life_sentence:
        return _("life imprisonment")
    return _term_words(verdict.term_years, verdict.term_months)


def _term_words(years: int, months: int) -> str:
    years_text = ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    months_text = ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    if years and months:
        return pgettext("sentence term", "%(years)s and %(months)s") % {
            "years": years_text,
            "months": months_text,
        }
    if years:
        return years_text
    if months:
        return months_text
    return ""


@register.filter
def money(amount: Decimal | None, currency: str = "RUB") -> str:
    """An amount with its currency, formatted for the active language."""
    if amount is None:
        return ""
    locale = to_locale(get_language() or "en")
    try:
        return format_currency(amount, currency or "RUB", locale=locale)
    except (ValueError, LookupError):
        return f"{amount} {currency}"


@register.simple_tag(takes_context=True)
def person_help_boxes(context, person) -> str:
    """The "how to help" boxes the apps declare (`person_help_boxes`, see `core.plugins`).

    The registry does not know the letters, funds or actions apps; each declares a template
    that receives the person and the request.
    """
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    boxes = [
        render_to_string(box.template, {"person": person}, request=context.get("request"))
        for box in plugins.person_help_boxes()
    ]
    return mark_safe("".join(box for box in boxes if box.strip()))


def _locale() -> str:
    return to_locale(get_language() or "en")


@register.filter
def number(value) -> str:
    """A number with the active language's digit grouping: 1,234 / 1 234 / 1.234."""
    if value is None or value == "":
        return ""
    try:
        return format_decimal(value, locale=_locale())
    except (ValueError, TypeError, ArithmeticError):
        return str(value)


@register.filter
def month_day(value: dt.date | None) -> str:
    """Day and month in the active language, with the right grammatical case: "5 января"."""
    if not value:
        return ""
    return format_skeleton("MMMMd", value, locale=_locale())


@register.filter
def term_months(months: int | None) -> str:
    """A sentence length given in months, in words ("life imprisonment" for a life term)."""
    from unheard.registry.people_filters import LIFE_IN_MONTHS

    if not months:
        return ""
    if months >= LIFE_IN_MONTHS:
        return _("life imprisonment")
    return _term_words(*divmod(months, 12))


@register.inclusion_tag("registry/includes/translated.html", takes_context=True)
def translated_text(context, record, field_name: str, style: str = "block") -> dict:
    """A translated field, marked when it is shown in another language than the page's.

    `style` is "block" (paragraphs), "lead" (one highlighted paragraph) or "compact" (short text
    such as a timeline entry: a brief note instead of the full notice). Signed-in staff who may
    change the record get a link to the field in the back office.
    """
    from unheard.core.translation_state import field_in_language

    translated = field_in_language(record, field_name)
    help_url = ""
    request = context.get("request")
    user = getattr(request, "user", None)
    if translated.is_fallback and user is not None and user.is_authenticated and user.is_staff:
        meta = record._meta
        if user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            try:
                help_url = reverse(
                    f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]
                )
                help_url += f"#id_{field_name}_{translated.requested}"
            except NoReverseMatch:
                help_url = ""
    return {
        "translated": translated,
        "style": style,
        "help_url": help_url,
        "target_name": _language_name(translated.requested),
        "source_name": _language_name(translated.language),
    }


def _language_name(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@register.simple_tag
def help_link(way: str) -> str:
    """Where one of the three ways to help leads (`help_links` the apps declare): the first URL
    name that resolves, so a link never points at a page that does not exist yet."""

    for link in plugins.help_links(way):
        target, _sep, fragment = link.url_name.partition("#")
        try:
            return reverse(target) + (f"#{fragment}" if fragment else "")
        except NoReverseMatch:
            continue
    return reverse("registry:person_list")


SHARE_TARGETS = [
    ("email", "E-mail", "mailto:?subject={title}&body={title}%0A{url}"),
    ("telegram", "Telegram", "https://t.me/share/url?url={url}&text={title}"),
    ("whatsapp", "WhatsApp", "https://wa.me/?text={title}%20{url}"),
    ("vk", "VK", "https://vk.com/share.php?url={url}&title={title}"),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("x", "X (Twitter)", "https://twitter.com/intent/tweet?url={url}&text={title}"),
    ("bluesky", "Bluesky", "https://bsky.app/intent/compose?text={title}%20{url}"),
]


@register.simple_tag(takes_context=True)
def share_links(context, title: str) -> list[dict]:
    """Plain links that share this page; built here, so the page loads nothing from those sites."""
    request = context.get("request")
    if request is None:
        return []
    url = quote(request.build_absolute_uri(request.path), safe="")
    text = quote(str(title), safe="")
    links = []
    for key, name, pattern in SHARE_TARGETS:
        label = _("E-mail") if key == "email" else name
        links.append({"key": key, "name": label, "url": pattern.format(url=url, title=text)})
    return links


@register.simple_tag
def og_locale(code: str) -> str:
    """OpenGraph wants a territory: en_GB, ru_RU, de_DE, fr_FR."""
    territories = {"en": "en_GB", "ru": "ru_RU", "de": "de_DE", "fr": "fr_FR"}
    return territories.get(code, to_locale(code))


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The people list's query string with changes: {% query_with page=2 %}."""
    people_query = context.get("people_query")
    if people_query is None:
        return "?"
    return people_query.query_string(
        **{k: (None if v == "" else str(v)) for k, v in changes.items()}
    )


@register.simple_tag
def coordinates(latitude, longitude) -> dict:
    """A position as text in the active language ("55.7558° N, 37.6173° E") and as a geo: URI.

    No map is embedded: a map would load tiles from another server.
    """
    if latitude is None or longitude is None:
        return {}
    lat, lon = Decimal(latitude), Decimal(longitude)

    def degrees(value: Decimal) -> str:
        return format_decimal(abs(value), format="0.0000", locale=_locale())

    lat_text = (
        pgettext("latitude", "%(degrees)s° N")
        if lat >= 0
        else pgettext("latitude", "%(degrees)s° S")
    ) % {"degrees": degrees(lat)}
    lon_text = (
        pgettext("longitude", "%(degrees)s° E")
        if lon >= 0
        else pgettext("longitude", "%(degrees)s° W")
    ) % {"degrees": degrees(lon)}
    return {"text": f"{lat_text}, {lon_text}", "geo": f"{lat},{lon}"}
