"""core.output.csv: formula escaping, the byte-order mark, declared columns."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from unheard.core.output.csv import (
    Column,
    csv_response,
    escape_cell,
    header_row,
    table_rows,
    write,
    write_table,
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://evil.example/","x")', '\'=HYPERLINK("http://evil.example/","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-10.00", "-10.00"),
        (Decimal("-10.00"), "-10.00"),
        (-3, "-3"),
        ("Горинов", "Горинов"),
        (None, ""),
    ],
)
def test_cells_that_would_run_as_formulas_are_escaped(value, written):
    assert escape_cell(value) == written


def test_a_byte_order_mark_unless_asked_not_to():
    with_bom = write(["имя"], [["Горинов"]])
    assert with_bom.startswith("\ufeff")
    assert with_bom.encode("utf-8")[:3] == b"\xef\xbb\xbf"
    plain = write(["имя"], [["Горинов"]], bom=False)
    assert plain == "имя\r\nГоринов\r\n"


@dataclass
class Facility:
    name: str


@dataclass
class Prisoner:
    surname: str
    facility: Facility | None
    letters: int


COLUMNS = (
    Column(gettext_lazy("surname"), "surname"),
    Column(gettext_lazy("facility"), "facility.name"),
    Column(gettext_lazy("letters"), lambda row: row.letters, formatter=lambda n: f"{n} ✉"),
)
ROWS = [
    Prisoner("Горинов", Facility("ИК-3"), 12),
    Prisoner("=cmd", None, 0),
]


def test_declared_columns_serve_a_page_table_and_a_csv_alike():
    assert header_row(COLUMNS) == ["surname", "facility", "letters"]
    assert table_rows(COLUMNS, ROWS) == [["Горинов", "ИК-3", "12 ✉"], ["=cmd", None, "0 ✉"]]
    text = write_table(COLUMNS, ROWS)
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["surname", "facility", "letters"],
        ["Горинов", "ИК-3", "12 ✉"],
        ["'=cmd", "", "0 ✉"],
    ]


def test_headers_are_translated_when_written():
    with translation.override("ru"):
        assert header_row((Column(gettext_lazy("amount"), "x"),)) == ["сумма"]


def test_a_csv_download():
    response = csv_response(write(["a"], [["b"]]), file_name="report.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert response.content.decode("utf-8-sig") == "a\r\nb\r\n"
