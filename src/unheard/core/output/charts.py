"""Bar charts as accessible SVG drawn on the server: no script, no outside library.

Policy:
* A chart is an image (`role="img"`) with a `<title>` and a `<desc>` that says every figure in
  words, and it is always paired with a data table: either one the page already shows (pass its
  id as `table_id`) or one drawn below the chart.
* Bars are horizontal, each with its label on its own line(s) above it and the value as shown
  beside it, so nothing is written inside a bar. The drawing is `WIDTH` units wide with
  `FONT_SIZE` text and is never scaled up: on a 375 px phone (335 px inside the page margins)
  and on a desktop alike, labels stay at 14 px, never the 6–7 px of a wide chart shrunk to fit.
  Long labels wrap.
* A value that may not be published (a small count shown as "fewer than 5") gets no bar at all,
  since a bar's length would give the number away; its shown text still appears.
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 320
FONT_SIZE = 14
LINE = 18
BAR_HEIGHT = 16
GAP = 12
# DejaVu Sans averages about 0.6 em per character; used to wrap labels and to leave room for values.
CHAR_WIDTH = 0.6 * FONT_SIZE
# A chart shows one series, so every bar has the same colour: a colour per bar would suggest
# categories that are not there.
BAR_COLOUR = "#8a1c1c"


class Bar(NamedTuple):
    label: str
    value: int | None  # None: the figure may not be drawn
    shown: str  # the figure as the page shows it


def bar_chart(
    bars: list[Bar | tuple[str, int | None, str]],
    *,
    title: str,
    chart_id: str,
    table_id: str | None = None,
) -> SafeString:
    """An SVG bar chart, followed by its data table unless `table_id` names one on the page."""
    bars = [Bar(*bar) for bar in bars]
    drawable = [bar.value for bar in bars if bar.value is not None and bar.value > 0]
    table = SafeString("") if table_id else data_table(bars, title=title)
    if not drawable:
        return table
    return format_html("{}{}", _svg(bars, max(drawable), title, chart_id, table_id), table)


def data_table(bars: list[Bar], *, title: str) -> SafeString:
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td></tr>',
        ((_capfirst(b.label), b.shown) for b in bars),
    )
    return format_html(
        '<table class="chart-table"><caption>{}</caption><tbody>{}</tbody></table>', title, rows
    )


def _svg(
    bars: list[Bar], largest: int, title: str, chart_id: str, table_id: str | None
) -> SafeString:
    value_room = max(len(bar.shown) for bar in bars) * CHAR_WIDTH + 6
    bar_max = max(WIDTH - value_room, WIDTH // 2)
    parts, top = [], 0
    for bar in bars:
        for line in wrap(_capfirst(bar.label)):
            top += LINE
            parts.append(
                format_html('<text x="0" y="{}" class="chart-label">{}</text>', top - 4, line)
            )
        width = 0
        if bar.value is not None and bar.value > 0:
            width = max(2, round(bar_max * bar.value / largest))
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>',
                    top,
                    width,
                    BAR_HEIGHT,
                    BAR_COLOUR,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                width + 6,
                top + BAR_HEIGHT - 3,
                bar.shown,
            )
        )
        top += BAR_HEIGHT + GAP
    description = "; ".join(f"{_capfirst(bar.label)}: {bar.shown}" for bar in bars) + "."
    described_by = format_html(' aria-describedby="{}"', table_id) if table_id else ""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-labelledby="{id}-title {id}-desc"{described_by} width="{width}" height="{height}" '
        'viewBox="0 0 {width} {height}" '
        'font-family="DejaVu Sans, sans-serif" font-size="{font}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>{body}</svg>',
        id=chart_id,
        described_by=described_by,
        width=WIDTH,
        height=top,
        font=FONT_SIZE,
        title=title,
        description=description,
        body=format_html_join("", "{}", ((part,) for part in parts)),
    )


def wrap(text: str, width: float = WIDTH) -> list[str]:
    """Words in lines no wider than `width` units (a single longer word gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and (len(lines[-1]) + 1 + len(word)) * CHAR_WIDTH <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _capfirst(text: str) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]
