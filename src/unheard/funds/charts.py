"""Horizontal bar charts as inline SVG, drawn on the server: no script, no outside library.

Each bar has its label above it and the value as shown in the report beside it. A value that
may not be published (a small count shown as "fewer than 5") gets no bar at all, since a bar's
length would give the number away. The chart is an image with a title; the table next to it in
the report carries the same figures for screen readers and for copying.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 18
GAP = 12
BAR_MAX = 440
PALETTE = ("#8a1c1c", "#0a4b8c", "#5a6b1c", "#7a4a00", "#5a2d82")


def bar_chart(items: list[tuple[str, int | None, str]], *, title: str, chart_id: str) -> SafeString:
    """items: (label, value or None when it may not be drawn, value as shown)."""
    values = [value for _, value, _ in items if value is not None and value > 0]
    if not values:
        return SafeString("")
    largest = max(values)
    row = LABEL_HEIGHT + BAR_HEIGHT + GAP
    height = max(row * len(items), row)
    parts = []
    for index, (label, value, shown) in enumerate(items):
        top = index * row
        width = 0
        if value is not None and value > 0 and largest:
            width = max(2, round(BAR_MAX * value / largest))
        parts.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>',
                top + LABEL_HEIGHT - 4,
                label[:1].upper() + label[1:],
            )
        )
        if width:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    top + LABEL_HEIGHT,
                    width,
                    BAR_HEIGHT,
                    PALETTE[index % len(PALETTE)],
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                width + 6,
                top + LABEL_HEIGHT + BAR_HEIGHT - 4,
                shown,
            )
        )
    body = format_html_join("", "{}", ((part,) for part in parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-labelledby="{}-title" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" font-family="DejaVu Sans, sans-serif" '
        'font-size="13"><title id="{}-title">{}</title>{}</svg>',
        chart_id,
        WIDTH,
        height,
        chart_id,
        title,
        body,
    )
