"""Schemas every router shares: partial dates, sources, references to other records."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator

from unheard.core.dates import PartialDate


def _written_yyyy_mm_dd(value):
    """Only a date written YYYY-MM-DD: pydantic would also read a number ("0.0", "1700000000")
    as seconds since 1970."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_written_yyyy_mm_dd)]
"""A date parameter of a query, written YYYY-MM-DD."""


class Label(Schema):
    """A value of a fixed list: `code` (stable, for programs) and its name in the answer's language."""

    code: str
    label: str


def label(record, field: str) -> dict:
    """The `Label` of a choice field of `record`."""
    display = getattr(record, f"get_{field}_display")()
    return {"code": getattr(record, field), "label": str(display)}


class PartialDateOut(Schema):
    """A date with how precisely it is known: day, month, season or year."""

    date: dt.date
    precision: str

    @staticmethod
    def of(partial: PartialDate | None) -> dict | None:
        return {"date": partial.value, "precision": partial.precision} if partial else None


def partial_date(value: dt.date | None, precision: str | None) -> dict | None:
    return PartialDateOut.of(PartialDate.of(value, precision))


class SourceOut(Schema):
    """A public document a fact cites (its internal note is never part of it)."""

    id: int
    kind: str
    title: str
    publisher: str
    url: str
    archived_url: str
    published_on: dt.date | None
    locator: str


class Sourced(Schema):
    """A fact with the sources it cites (a base of the schemas of sourced records)."""

    sources: list[SourceOut]

    @staticmethod
    def resolve_sources(record) -> list:
        return list(record.sources.all())


class Reference(Schema):
    """Another public record this one points to, with the address of its public page."""

    slug: str
    name: str
    url: str


def public_or_none(record):
    """`record` if the public may see it, else None: a fact may point to a record (a facility,
    a case) that is still a draft, and then the answer must not name it. The rule is the one
    the public pages apply (`Publishable.is_published`)."""
    return record if record is not None and record.is_published else None


def reference(record) -> dict | None:
    """A public record as a `Reference`, or None when the public may not see it."""
    record = public_or_none(record)
    if record is None:
        return None
    return {"slug": record.slug, "name": str(record), "url": record.get_absolute_url()}
