"""Reading uploaded CSV files: which encoding, which delimiter.

Policy:
* Encoding: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read
  as such. Anything else is checked for Windows-1251, the encoding of Russian bank exports and
  Excel on Russian Windows: if the bytes read as mostly Cyrillic letters in it, the file is read
  as Windows-1251 and the preview says so. Otherwise Windows-1252 (Western European Excel) is
  assumed and the preview says so too, so wrong characters are noticed before anything is saved.
* Delimiter: comma, semicolon or tab, whichever the header line uses most.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass
class DecodedFile:
    text: str
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """The text of an uploaded file and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_1251 = data.decode("cp1251", errors="replace")
    high = [ch for ch in as_1251 if ord(ch) > 127]
    cyrillic = sum(1 for ch in high if CYRILLIC.match(ch))
    if high and cyrillic / len(high) >= 0.8:
        return as_1251, "windows-1251"
    return data.decode("cp1252", errors="replace"), "windows-1252"


def sniff_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read(data: bytes) -> DecodedFile:
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedFile(text=text, encoding=encoding, delimiter=sniff_delimiter(text))


def rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))
