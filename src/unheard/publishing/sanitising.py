"""What a news body may contain: text, paragraphs, emphasis, lists, quotes and links.

Policy: a body is refused, with the reason, when it holds anything that could run in a reader's
browser or make it call another server (scripts, styles, frames, forms, images, event handlers,
`javascript:` links). What remains is cleaned with nh3 (an allow-list) before it is stored, so a
tag the list does not know is dropped, never shown.
"""

from __future__ import annotations

import re

import nh3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

REFUSED = (
    (re.compile(r"<\s*script\b", re.I), gettext_lazy("a script")),
    (re.compile(r"<\s*(style|link)\b", re.I), gettext_lazy("a style sheet")),
    (
        re.compile(r"<\s*(iframe|frame|object|embed)\b", re.I),
        gettext_lazy("an embedded frame or object"),
    ),
    (re.compile(r"<\s*form\b", re.I), gettext_lazy("a form")),
    (
        re.compile(r"<\s*(img|picture|video|audio|source)\b", re.I),
        gettext_lazy("an image or other media"),
    ),
    (re.compile(r"\son[a-z]+\s*=", re.I), gettext_lazy("an event handler")),
    (re.compile(r"javascript\s*:", re.I), gettext_lazy("a javascript: link")),
)


def body_problems(html: str) -> list[str]:
    """Why the body is refused (empty when it may be stored)."""
    return [
        _("The text contains %(what)s, which news posts may not hold.") % {"what": what}
        for pattern, what in REFUSED
        if pattern.search(html or "")
    ]


def body_sanitised(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
