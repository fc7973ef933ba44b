"""Numbered source citations: every fact on a page points to an entry in the page's source list.

    {% citations person person.public_charges person.public_verdicts as cite %}
    ... {% cite cite charge %} ...
    {% include "includes/source_list.html" with citations=cite %}

Sources are numbered in the order given to `{% citations %}`; a record cited later that was not
collected adds its sources at the end. Each source appears once, however many facts cite it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


class Citations:
    def __init__(self) -> None:
        self._numbers: dict[int, int] = {}
        self._sources: list = []

    def collect(self, record) -> list[int]:
        """Number the record's sources (if new) and return their numbers, in order."""
        if record is None or not hasattr(record, "sources"):
            return []
        numbers = []
        for source in record.sources.all():
            if source.pk not in self._numbers:
                self._sources.append(source)
                self._numbers[source.pk] = len(self._sources)
            numbers.append(self._numbers[source.pk])
        return sorted(set(numbers))

    @property
    def numbered(self) -> list[tuple[int, object]]:
        return list(enumerate(self._sources, start=1))

    def __bool__(self) -> bool:
        return bool(self._sources)


@register.simple_tag
def citations(*groups) -> Citations:
    """Collect the sources of records, or of lists of records, in the order given."""
    collected = Citations()
    for group in groups:
        records: Iterable = [group] if hasattr(group, "sources") else (group or [])
        for record in records:
            collected.collect(record)
    return collected


@register.simple_tag
def cite(collected: Citations, record) -> str:
    """Footnote links to the sources a record cites, e.g. [1, 3]."""
    numbers = collected.collect(record) if isinstance(collected, Citations) else []
    if not numbers:
        return ""
    links = format_html_join(
        ", ",
        '<a href="#source-{0}" aria-label="{1}">{0}</a>',
        ((n, _("Source %(number)s") % {"number": n}) for n in numbers),
    )
    return format_html('<sup class="cite">[{}]</sup>', links)
