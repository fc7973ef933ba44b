"""CSV files that are safe to open, written from declared columns.

Policy:
* A text cell beginning with =, +, -, @, a tab or a carriage return is what spreadsheet programs
  run as a formula ("CSV injection"); it is written with a leading apostrophe. A number we write
  ourselves (an amount, a count) is written as it is, so a refund stays -10.00.
* Files start with a UTF-8 byte-order mark by default, so Excel reads Cyrillic; `bom=False` for
  programs that want plain UTF-8 (open data).
* An export declares its columns once, as a table of `Column`s (header, how to fetch the value
  from a row, how to format it), like YNR's `data_exports/csv_fields.py`; the same table serves
  the HTML table of a page (`header_row`, `table_rows`), the CSV download and open data.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (lazy translatable text), where its value comes from
    (an attribute path such as "person.surname", or a function of the row) and, optionally, a
    formatter applied to that value."""

    header: Any
    value: str | Callable[[Any], object]
    formatter: Callable[[object], object] | None = None

    def fetch(self, row: Any) -> object:
        if callable(self.value):
            found = self.value(row)
        else:
            found = row
            for name in self.value.split("."):
                found = None if found is None else getattr(found, name)
        return self.formatter(found) if self.formatter else found


def header_row(columns: Sequence[Column]) -> list[str]:
    return [str(column.header) for column in columns]


def table_rows(columns: Sequence[Column], rows: Iterable[Any]) -> list[list[object]]:
    return [[column.fetch(row) for column in columns] for row in rows]


def escape_cell(value: object) -> str:
    """A value for a CSV cell that no spreadsheet will run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_START) and not NUMBER.match(text):
        return "'" + text
    return text


def write(header: Iterable[object], body: Iterable[Iterable[object]], *, bom: bool = True) -> str:
    """CSV text with every cell escaped, lines ended by CRLF."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(cell) for cell in header])
    for line in body:
        writer.writerow([escape_cell(cell) for cell in line])
    return buffer.getvalue()


def write_table(columns: Sequence[Column], rows: Iterable[Any], *, bom: bool = True) -> str:
    return write(header_row(columns), table_rows(columns, rows), bom=bom)


def csv_response(text: str, *, file_name: str) -> HttpResponse:
    """A download of CSV text as an attachment named `file_name`."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
