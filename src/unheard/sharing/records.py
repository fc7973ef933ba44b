"""What a feed carries of each kind of record, declared once for both sides.

The member side reads the registry's public selectors and writes each record's shared fields
(the public ones the API and the open data show: no internal notes, no photo, nothing about who
published it); the hub side reads the same declaration to check and import what it receives.

A record in a feed is `{"kind", "id", "version", "fields"}`: `id` is the sender's stable id
("person:12", its primary key there), `version` a fingerprint of the fields, so it changes
exactly when the shared content does. A reference to another record is that record's id
("facility:3"), written only when the record is in the feed; a region by its slug.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from unheard.registry import selectors
from unheard.registry.models import Case, CaseDefendant, Facility, Person, Region

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class Kind:
    """One kind of record: its model, its public rows, and its shared fields (`translated` ones
    as a column per language, `references` as field → kind, `region` fields by slug)."""

    name: str
    model: type[models.Model]
    rows: Callable[[], Iterable[models.Model]]
    fields: tuple[str, ...]
    translated: tuple[str, ...] = ()
    references: tuple[tuple[str, str], ...] = ()
    regions: tuple[str, ...] = ()

    def columns(self) -> tuple[str, ...]:
        per_language = tuple(f"{name}_{code}" for name in self.translated for code in LANGUAGES)
        return (*self.fields, *per_language)

    def all_names(self) -> frozenset[str]:
        names = {*self.columns(), *(name for name, _kind in self.references), *self.regions}
        if self is PERSON:
            names.add("cases")
        return frozenset(names)


FACILITY = Kind(
    "facility",
    Facility,
    lambda: selectors.facilities_public().order_by("pk"),
    fields=(
        "slug",
        "kind",
        "regime",
        "number",
        "town",
        "postal_address",
        "electronic_letters",
        "latitude",
        "longitude",
    ),
    translated=("name",),
    regions=("region",),
)
CASE = Kind(
    "case",
    Case,
    lambda: selectors.cases_public().order_by("pk"),
    fields=("slug", "kind", "started_on", "started_on_precision"),
    translated=("name", "summary", "investigating_body"),
    regions=("region",),
)
PERSON = Kind(
    "person",
    Person,
    lambda: selectors.published_people().order_by("pk"),
    fields=(
        "slug",
        "surname",
        "given_name",
        "patronymic",
        "birth_date",
        "birth_date_precision",
        "gender",
        "home_town",
        "status",
        "letters_reach",
        "support_declined",
    ),
    translated=(
        "display_name",
        "occupation",
        "summary",
        "biography",
        "interests",
        "likes_to_receive",
        "support_caveat",
    ),
    references=(("current_facility", "facility"),),
    regions=("home_region",),
)
# In this order, so that a record's references are imported before it.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (FACILITY, CASE, PERSON)}


def sender_id(kind: Kind, pk) -> str:
    return f"{kind.name}:{pk}"


def plain(value) -> object:
    """A field's value as JSON: dates and decimals as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _reference(record, field: str, kind: str, shared: set[str], as_sender: bool) -> object:
    pk = getattr(record, f"{field}_id")
    if pk is None:
        return None
    if not as_sender:
        return pk
    found = sender_id(KINDS[kind], pk)
    return found if found in shared else None


def _region(record, field: str, public_regions: dict[int, str] | None) -> str | None:
    pk = getattr(record, f"{field}_id")
    if pk is None:
        return None
    if public_regions is None:
        return Region.objects.get(pk=pk).slug
    return public_regions.get(pk)


def record_fields(
    kind: Kind,
    record,
    *,
    shared: set[str] | None = None,
    public_regions: dict[int, str] | None = None,
) -> dict:
    """The shared fields of a record. With `shared` (the ids in the feed) references are
    written as the sender's ids, for the feed; without, as local primary keys, for comparing a
    record with what the last import wrote."""
    as_sender = shared is not None
    values = {name: plain(getattr(record, name)) for name in kind.columns()}
    for field, target in kind.references:
        values[field] = _reference(record, field, target, shared or set(), as_sender)
    for field in kind.regions:
        values[field] = _region(record, field, public_regions)
    if kind is PERSON:
        values["cases"] = _case_links(record, shared if as_sender else None)
    return values


def _case_links(person: Person, shared: set[str] | None) -> list[list[str]]:
    if shared is None:
        links = CaseDefendant.objects.filter(person=person)
        return sorted([str(link.case_id), link.role] for link in links)
    links = CaseDefendant.objects.public().filter(person=person)
    found = ([sender_id(CASE, link.case_id), link.role] for link in links)
    return sorted(link for link in found if link[0] in shared)


def digest(values: dict) -> str:
    """A fingerprint of shared fields: the same values give the same text in any order."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
