"""What a feed carries of each kind of record, declared once for both sides.

The member side reads the registry's public records through the visibility policy and writes
each record's shared fields (the public ones the API and the open data show: no internal notes,
nothing about who published it; a person's photo only with consent, as an address to download
it from, its credit and a hash of its bytes); the hub side reads the same declaration to check and
import what it receives.

A record in a feed is `{"kind", "id", "version", "fields"}`: `id` is the sender's stable id
("person:12", its primary key there), `version` a fingerprint of the fields, so it changes
exactly when the shared content does. A reference to another record is that record's id
("facility:3"), written only when the record is in the feed; a region by its slug. Reference
data (what a law or an organisation is called, nothing about anyone) has a natural key for id,
the same on every instance: an article of a code of law "article:uk-rf/205.2" (it carries its
code and titles, so that a hub lacking it can add it), an organisation "organisation:memorial".

Facts (charges, verdicts, recognitions, state designations, timeline events) are records of
their own, each naming its person;
sources are records cited by id from every sourced record (`sources`); a person's aliases and
case links travel inside the person.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from unheard.core.models import Source
from unheard.core.visibility import is_public
from unheard.registry import selectors
from unheard.registry.models import (
    Article,
    Case,
    CaseDefendant,
    Charge,
    Designation,
    Facility,
    Organisation,
    Person,
    PersonAlias,
    Recognition,
    Region,
    TimelineEvent,
    Verdict,
)

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class NaturalKey:
    """The id of reference data: `of` a record, and the `lookup` that finds the record with a
    key on any instance (None when the key is malformed)."""

    of: Callable[[models.Model], str]
    lookup: Callable[[str], dict[str, str] | None]


@dataclass(frozen=True)
class Kind:
    """One kind of record: its model, its public rows, and its shared fields (`translated` ones
    as a column per language, `references` as field → kind, `required` references without
    which the record is not shared, `regions` by slug, `sourced`: its sources by id; reference
    data has a `natural_key`)."""

    name: str
    model: type[models.Model]
    rows: Callable[[], Iterable[models.Model]]
    fields: tuple[str, ...]
    translated: tuple[str, ...] = ()
    references: tuple[tuple[str, str], ...] = ()
    required: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    sourced: bool = True
    lists: tuple[str, ...] = ()  # list-valued fields besides `sources`
    natural_key: NaturalKey | None = None

    def columns(self) -> tuple[str, ...]:
        per_language = tuple(f"{name}_{code}" for name in self.translated for code in LANGUAGES)
        return (*self.fields, *per_language)

    def list_names(self) -> tuple[str, ...]:
        return (*self.lists, "sources") if self.sourced else self.lists

    def reference_names(self) -> frozenset[str]:
        return frozenset({*(name for name, _kind in self.references), *self.list_names()})

    def all_names(self) -> frozenset[str]:
        names = {*self.columns(), *self.reference_names(), *self.regions}
        if self is ARTICLE:
            names |= set(CODE_COLUMNS)
        if self is PERSON:
            names |= set(PHOTO_FIELDS)
        return frozenset(names)


def _cited_sources() -> models.QuerySet[Source]:
    """The public sources cited by the records of the feed (and by no other)."""
    cited = models.Q(pk__in=[])
    for kind in KINDS.values():
        if kind.sourced:
            through = kind.model.sources.through
            owner = f"{kind.model._meta.model_name}_id"
            rows = kind.rows().prefetch_related(None).values("pk")
            citing = through.objects.filter(**{f"{owner}__in": rows})
            cited |= models.Q(pk__in=citing.values("source_id"))
    return Source.objects.public().filter(cited).order_by("pk")


SOURCE = Kind(
    "source",
    Source,
    _cited_sources,
    fields=("kind", "title", "publisher", "url", "published_on", "archived_url", "locator"),
    sourced=False,
)


def _article_lookup(key: str) -> dict[str, str] | None:
    code, slash, number = key.partition("/")
    return {"code__slug": code, "number": number} if slash and code and number else None


CODE_COLUMNS = (
    "code",
    "code_jurisdiction",
    *(f"code_{name}_{code}" for name in ("name", "short_name") for code in LANGUAGES),
)
ARTICLE = Kind(
    "article",
    Article,
    lambda: (
        Article.objects.public()
        .filter(pk__in=selectors.charges_public().values("article_id"))
        .select_related("code")
        .order_by("pk")
    ),
    fields=("number", "category"),
    translated=("title",),
    sourced=False,
    natural_key=NaturalKey(
        of=lambda article: f"{article.code.slug}/{article.number}",
        lookup=_article_lookup,
    ),
)
FACILITY = Kind(
    "facility",
    Facility,
    lambda: selectors.facilities_public().prefetch_related("sources").order_by("pk"),
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
    lambda: selectors.cases_public().prefetch_related("sources").order_by("pk"),
    fields=("slug", "kind", "started_on", "started_on_precision"),
    translated=("name", "summary", "investigating_body"),
    regions=("region",),
)
PERSON = Kind(
    "person",
    Person,
    lambda: selectors.published_people().prefetch_related("sources").order_by("pk"),
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
    lists=("cases", "aliases"),
)
CHARGE = Kind(
    "charge",
    Charge,
    lambda: (
        selectors.charges_public()
        .select_related("article__code")
        .prefetch_related("sources")
        .order_by("pk")
    ),
    fields=("part", "paragraph", "inchoate", "status", "brought_on", "brought_on_precision"),
    references=(("person", "person"), ("case", "case"), ("article", "article")),
    required=("person", "case", "article"),
)
VERDICT = Kind(
    "verdict",
    Verdict,
    lambda: selectors.verdicts_public().prefetch_related("sources").order_by("pk"),
    fields=(
        "instance",
        "judge",
        "date",
        "date_precision",
        "in_force_on",
        "prosecutor_requested",
        "punishment",
        "regime",
        "term_years",
        "term_months",
        "life_sentence",
        "fine_amount",
        "fine_currency",
        "appeal_outcome",
    ),
    translated=("court", "additional_penalties"),
    references=(("person", "person"), ("case", "case")),
    required=("person", "case"),
)
RECOGNITION = Kind(
    "recognition",
    Recognition,
    lambda: (
        Recognition.objects.public()
        .select_related("organisation")
        .prefetch_related("sources")
        .order_by("pk")
    ),
    fields=("date", "date_precision"),
    references=(("person", "person"), ("organisation", "organisation")),
    required=("person", "organisation"),
)
ORGANISATION = Kind(
    "organisation",
    Organisation,
    lambda: (
        Organisation.objects.public()
        .filter(pk__in=RECOGNITION.rows().prefetch_related(None).values("organisation_id"))
        .order_by("pk")
    ),
    fields=("kind", "url"),
    translated=("name",),
    sourced=False,
    natural_key=NaturalKey(
        of=lambda organisation: organisation.slug,
        lookup=lambda key: {"slug": key} if key else None,
    ),
)
DESIGNATION = Kind(
    "designation",
    Designation,
    lambda: Designation.objects.public().prefetch_related("sources").order_by("pk"),
    fields=("register", "added_on", "added_on_precision", "removed_on", "removed_on_precision"),
    references=(("person", "person"),),
    required=("person",),
)
EVENT = Kind(
    "event",
    TimelineEvent,
    lambda: TimelineEvent.objects.public().prefetch_related("sources").order_by("pk"),
    fields=("kind", "date", "date_precision", "end_date", "end_date_precision"),
    translated=("description", "place"),
    references=(("person", "person"), ("case", "case"), ("facility", "facility")),
    required=("person",),
)
# In this order, so that a record's references are imported before it, whatever the order of
# the feed: a charge is imported after its person, case and article, a recognition after its
# person and organisation.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        SOURCE,
        ARTICLE,
        ORGANISATION,
        FACILITY,
        CASE,
        PERSON,
        CHARGE,
        VERDICT,
        EVENT,
        RECOGNITION,
        DESIGNATION,
    )
}


def sender_id(kind: Kind, record: models.Model) -> str:
    key = kind.natural_key.of(record) if kind.natural_key else record.pk
    return f"{kind.name}:{key}"


def natural_lookup(kind: Kind, sender: str) -> dict[str, str] | None:
    """The lookup of the reference record a natural id names, or None when it is malformed."""
    return kind.natural_key.lookup(sender.removeprefix(f"{kind.name}:"))


def plain(value) -> object:
    """A field's value as JSON: dates and decimals as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _reference(record, field: str, kind: str, shared: set[str] | None) -> object:
    pk = getattr(record, f"{field}_id")
    if pk is None:
        return None
    if shared is None:
        return pk
    target = KINDS[kind]
    found = sender_id(target, getattr(record, field)) if target.natural_key else f"{kind}:{pk}"
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
    values = {name: plain(getattr(record, name)) for name in kind.columns()}
    for field, target in kind.references:
        values[field] = _reference(record, field, target, shared)
    for field in kind.regions:
        values[field] = _region(record, field, public_regions)
    if kind.sourced:
        values["sources"] = _sources(record, shared)
    if kind is PERSON:
        values["cases"] = _case_links(record, shared)
        values["aliases"] = _aliases(record, public=shared is not None)
        values |= _photo(record, public=shared is not None)
    if kind is ARTICLE:
        values |= _code(record)
    return values


def _sources(record, shared: set[str] | None) -> list[str]:
    pks = sorted(source.pk for source in record.sources.all())
    if shared is None:
        return [str(pk) for pk in pks]
    return [found for pk in pks if (found := f"{SOURCE.name}:{pk}") in shared]


def _case_links(person: Person, shared: set[str] | None) -> list[list[str]]:
    if shared is None:
        links = CaseDefendant.objects.filter(person=person)
        return sorted([str(link.case_id), link.role] for link in links)
    links = CaseDefendant.objects.public().filter(person=person)
    found = ([f"{CASE.name}:{link.case_id}", link.role] for link in links)
    return sorted(link for link in found if link[0] in shared)


def _aliases(person: Person, *, public: bool) -> list[list[str]]:
    aliases = PersonAlias.objects.public() if public else PersonAlias.objects.all()
    return sorted(
        [alias.name, alias.kind, alias.language] for alias in aliases.filter(person=person)
    )


PHOTO_FIELDS = ("photo_url", "photo_sha256", "photo_credit")


def photo_sha256(person: Person) -> str | None:
    if not person.photo:
        return None
    found = hashlib.sha256()
    try:
        with person.photo.open("rb") as photo:
            for chunk in photo.chunks():
                found.update(chunk)
    except OSError:  # the file is missing: there is no photo to share
        return None
    return found.hexdigest()


def _photo(person: Person, *, public: bool) -> dict:
    """For the feed, a photo published with consent: its absolute address, its hash and its
    credit (none of them without consent). For comparing, the local photo's hash and credit."""
    if not public:
        local = {"photo_sha256": photo_sha256(person), "photo_credit": person.photo_credit}
        return {"photo_url": None, **local}
    found = photo_sha256(person) if person.photo and is_public(person, "photo") else None
    if found is None:
        return dict.fromkeys(PHOTO_FIELDS)
    return {
        "photo_url": settings.UNHEARD_SITE_URL.rstrip("/") + person.photo.url,
        "photo_sha256": found,
        "photo_credit": person.photo_credit,
    }


def _code(article: Article) -> dict:
    code = article.code
    values = {"code": code.slug, "code_jurisdiction": code.jurisdiction}
    for name in ("name", "short_name"):
        for language in LANGUAGES:
            values[f"code_{name}_{language}"] = getattr(code, f"{name}_{language}")
    return values


def digest(values: dict) -> str:
    """A fingerprint of shared fields: the same values give the same text in any order."""
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
