"""The open data: what the public may download, declared once as a Frictionless Data Package.

Each `Resource` is one table (people, cases, charges, ...) read through the visibility policy
(the registry's public selectors, `.public()`), with its columns declared beside it as `Field`s:
a stable machine name, a Frictionless type and where the value comes from. Column names never
change with the language; translated text (names of cases, summaries, article titles) is written
in the language the package is built in.

Foreign keys keep the tables consistent: a value that refers to another resource (an event's
facility, a person's current facility) is written only when the record it names is itself in
that resource, that is public; otherwise it is left empty, as the site shows nothing there. So a
package always validates, and a hidden record never appears, even by its id.

Ids are the records' own primary keys: stable for the life of the instance, and the same in
every language and every snapshot, so that a row can be followed from one census to the next.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from unheard.actions.models import Action
from unheard.core.dates import PartialDate
from unheard.core.models import Source
from unheard.core.output.csv import write
from unheard.core.visibility import is_public
from unheard.registry import selectors
from unheard.registry.models import Article, LegalCode, Region, TimelineEvent
from unheard.stats import selectors as stats

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Field:
    """One column: `value` is an attribute name or a function of the record; `references`
    names the resource whose `id` this column holds."""

    name: str
    type: str = "string"
    value: str | Callable[[object], object] = ""
    description: str = ""
    references: str = ""

    def fetch(self, record) -> object:
        if callable(self.value):
            return self.value(record)
        found = getattr(record, self.value or self.name)
        return found if found != "" else None


def _utc(moment) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


@dataclass(frozen=True)
class Resource:
    name: str
    title: object  # lazy text
    rows: Callable[[], Iterable]
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ("id",)

    def schema(self) -> dict:
        schema: dict = {
            "fields": [_field_schema(f) for f in self.fields],
            "primaryKey": list(self.primary_key),
        }
        foreign = [
            {"fields": f.name, "reference": {"resource": f.references, "fields": "id"}}
            for f in self.fields
            if f.references
        ]
        if foreign:
            schema["foreignKeys"] = foreign
        return schema


def _field_schema(f: Field) -> dict:
    described = {"name": f.name, "type": f.type}
    if f.description:
        described["description"] = f.description
    return described


def partial(date_name: str) -> Callable[[object], str | None]:
    """A date to the precision the sources give: "1991", "1991-12" or "1991-12-24"."""

    def fetch(record) -> str | None:
        found = PartialDate.of(
            getattr(record, date_name), getattr(record, f"{date_name}_precision")
        )
        return found.iso() if found else None

    return fetch


def fk(name: str) -> Callable[[object], object]:
    return lambda record: getattr(record, f"{name}_id")


def page_url(record) -> str:
    return settings.UNHEARD_SITE_URL.rstrip("/") + record.get_absolute_url()


ID = Field("id", "integer", "pk", "Stable identifier of the record on this instance.")
SLUG = Field("slug", "string", "slug", "The record's address on the site.")
URL = Field("url", "string", page_url, "The record's page on the site.")


@dataclass(frozen=True)
class StatisticsCell:
    """One value of one row of a figure of the statistics section."""

    figure: str
    as_of: dt.date
    row: int
    label: str
    region: str | None
    measure: str
    value: int | float | None
    shown: str


def statistics_cells() -> list[StatisticsCell]:
    """Every figure of the statistics section counted today, one cell per row and measure."""
    cells = []
    for counted in stats.figures_count():
        figure = counted.figure
        rows = zip(counted.lines, counted.table, strict=True)
        for row, (line, (_label, shown)) in enumerate(rows, 1):
            for index, measure in enumerate(figure.measures):
                cells.append(
                    StatisticsCell(
                        figure.key,
                        counted.as_of,
                        row,
                        line.label,
                        line.code,
                        str(measure),
                        line.values[index],
                        shown[index],
                    )
                )
    return cells


def _pk(name: str, resource: str, description: str = "") -> Field:
    return Field(f"{name}_id", "integer", fk(name), description, references=resource)


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "regions",
        _("Regions"),
        lambda: Region.objects.public().order_by("pk"),
        (ID, SLUG, Field("name"), Field("country", description="ISO 3166-1 alpha-2 code.")),
    ),
    Resource(
        "codes",
        _("Codes of law"),
        lambda: LegalCode.objects.public().order_by("pk"),
        (ID, SLUG, Field("name"), Field("short_name"), Field("jurisdiction")),
    ),
    Resource(
        "articles",
        _("Articles of the codes"),
        lambda: Article.objects.public().order_by("pk"),
        (
            ID,
            _pk("code", "codes"),
            Field("number"),
            Field("title"),
            Field("category"),
        ),
    ),
    Resource(
        "facilities",
        _("Places of detention"),
        lambda: selectors.facilities_public().order_by("pk"),
        (
            ID,
            SLUG,
            Field("kind"),
            Field("regime"),
            Field("name"),
            Field("number"),
            _pk("region", "regions"),
            Field("town"),
            Field("postal_address", description="As it must be written on an envelope."),
            Field("electronic_letters", "boolean"),
            Field("latitude", "number"),
            Field("longitude", "number"),
            URL,
        ),
    ),
    Resource(
        "people",
        _("People"),
        lambda: selectors.published_people().order_by("pk"),
        (
            ID,
            SLUG,
            Field("display_name"),
            Field("surname", description="In the original script."),
            Field("given_name", description="In the original script."),
            Field("patronymic", description="In the original script."),
            Field("birth_date", value=partial("birth_date"), description="To the known precision."),
            Field("gender"),
            _pk("home_region", "regions"),
            Field("home_town"),
            Field("occupation"),
            Field("status"),
            _pk("current_facility", "facilities", "Where the person is held now, if public."),
            Field("letters_reach"),
            Field("expected_release", "date"),
            Field("summary"),
            URL,
        ),
    ),
    Resource(
        "cases",
        _("Cases"),
        lambda: selectors.cases_public().order_by("pk"),
        (
            ID,
            SLUG,
            Field("name"),
            Field("kind"),
            _pk("region", "regions", "Region of investigation."),
            Field("investigating_body"),
            Field("started_on", value=partial("started_on")),
            Field("summary"),
            URL,
        ),
    ),
    Resource(
        "defendants",
        _("Defendants in cases (one row per person per case)"),
        lambda: selectors.prosecutions_public().order_by("pk"),
        (_pk("case", "cases"), _pk("person", "people"), Field("role")),
        primary_key=("case_id", "person_id"),
    ),
    Resource(
        "charges",
        _("Charges"),
        lambda: selectors.charges_public().order_by("pk"),
        (
            ID,
            _pk("person", "people"),
            _pk("case", "cases"),
            _pk("article", "articles"),
            Field("part"),
            Field("paragraph"),
            Field("inchoate"),
            Field("status"),
            Field("brought_on", value=partial("brought_on")),
        ),
    ),
    Resource(
        "verdicts",
        _("Verdicts"),
        lambda: selectors.verdicts_public().order_by("pk"),
        (
            ID,
            _pk("person", "people"),
            _pk("case", "cases"),
            Field("instance"),
            Field("court"),
            Field("judge"),
            Field("date", value=partial("date")),
            Field("in_force_on", "date"),
            Field("prosecutor_requested"),
            Field("punishment"),
            Field("regime"),
            Field("term_years", "integer"),
            Field("term_months", "integer"),
            Field("life_sentence", "boolean"),
            Field("fine_amount", "number"),
            Field("fine_currency"),
            Field("additional_penalties"),
            Field("appeal_outcome"),
        ),
    ),
    Resource(
        "events",
        _("Timeline events"),
        lambda: TimelineEvent.objects.public().order_by("pk"),
        (
            ID,
            _pk("person", "people"),
            _pk("case", "cases"),
            Field("kind"),
            Field("date", value=partial("date")),
            Field("end_date", value=partial("end_date")),
            Field("description"),
            Field("place"),
            _pk("facility", "facilities", "For a transfer: where the person was taken."),
        ),
    ),
    Resource(
        "actions",
        _("Solidarity actions"),
        lambda: Action.objects.public().select_related("day").order_by("pk"),
        (
            ID,
            SLUG,
            Field("title"),
            Field("kind"),
            Field("status"),
            Field(
                "starts_at",
                "datetime",
                value=lambda a: _utc(a.starts_at),
                description="For a timed action: its start, in UTC.",
            ),
            Field("time_zone"),
            Field("starts_on", value=partial("starts_on")),
            Field("ends_on", value=partial("ends_on")),
            Field("recurring_date", description="MM-DD, for a yearly action."),
            Field("online", "boolean"),
            Field("city", description="As the organisers write it, the same in every language."),
            Field(
                "city_name",
                value="city_display",
                description="The city in the package's language.",
            ),
            Field("country", description="ISO 3166-1 alpha-2."),
            Field(
                "day_of_action",
                value=lambda a: a.day.slug if a.day and is_public(a.day) else None,
                description="The day of action it belongs to (its slug on the site).",
            ),
            Field("description"),
        ),
    ),
    Resource(
        "statistics",
        _("Statistics: every figure, counted on the day the package is built"),
        statistics_cells,
        (
            Field("figure", description="The figure's key: /<lang>/statistics/<figure>/."),
            Field("as_of", "date", description="The date the figure is counted on."),
            Field("row", "integer", description="The row's position in the figure."),
            Field("label", description="What the row counts: a status, a region, a year."),
            Field("region", description="ISO 3166-2 of a region on the map."),
            Field("measure", description="What the value measures."),
            Field(
                "value",
                "number",
                description="Empty for a small count of people hidden as 'fewer than N'.",
            ),
            Field("shown", description="The value as the statistics page shows it."),
        ),
        primary_key=("figure", "row", "measure"),
    ),
    Resource(
        "sources",
        _("Sources cited by public records"),
        lambda: Source.objects.public().order_by("pk"),
        (
            ID,
            Field("kind"),
            Field("title"),
            Field("publisher"),
            Field("url"),
            Field("published_on", "date"),
            Field("archived_url"),
            Field("locator"),
        ),
    ),
)
BY_NAME = {resource.name: resource for resource in RESOURCES}


@dataclass
class Table:
    resource: Resource
    header: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def csv(self) -> str:
        return write(self.header, self.rows, bom=False)

    def json(self) -> str:
        records = [dict(zip(self.header, row, strict=True)) for row in self.rows]
        return json.dumps(records, ensure_ascii=False, indent=1, default=_json_value)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def tables(*, language: str, names: Iterable[str] | None = None) -> dict[str, Table]:
    """The rows of each resource (of `names`, else all) in `language`, foreign keys kept only
    where the record referred to is itself exported."""
    wanted = set(names) if names is not None else set(BY_NAME)
    needed = set(wanted)
    for resource in reversed(RESOURCES):  # a resource refers only to resources before it
        if resource.name in needed:
            needed |= {f.references for f in resource.fields if f.references}
    ids: dict[str, set] = {}
    built: dict[str, Table] = {}
    with translation.override(language):
        for resource in RESOURCES:
            if resource.name not in needed:
                continue
            table = _table(resource, ids)
            ids[resource.name] = {row[0] for row in table.rows} if "id" in table.header else set()
            if resource.name in wanted:
                built[resource.name] = table
    return built


def _table(resource: Resource, ids: dict[str, set]) -> Table:
    table = Table(resource, [f.name for f in resource.fields])
    for record in resource.rows():
        row = []
        for f in resource.fields:
            value = f.fetch(record)
            if f.references and value not in ids[f.references]:
                value = None
            row.append(value)
        if any(
            f.references and row[i] is None
            for i, f in enumerate(resource.fields)
            if f.name in resource.primary_key
        ):
            continue  # a link row whose record is not public
        table.rows.append(row)
    return table


def descriptor(*, language: str, created=None) -> dict:
    """`datapackage.json`: the tables, their schemas and foreign keys, the licence, the source."""
    return {
        "profile": "tabular-data-package",
        "name": f"unheard-{language}",
        "title": f"{settings.UNHEARD_SITE_NAME} ({language})",
        "description": "Published records of people imprisoned for political reasons.",
        "created": (created or timezone.now()).isoformat(timespec="seconds"),
        "licenses": [LICENCE],
        "sources": [{"title": settings.UNHEARD_SITE_NAME, "path": settings.UNHEARD_SITE_URL}],
        "resources": [
            {
                "name": resource.name,
                "title": str(resource.title),
                "path": f"{resource.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": resource.schema(),
            }
            for resource in RESOURCES
        ],
    }


def package_files(*, language: str, created=None) -> dict[str, bytes]:
    """Every file of the package in `language`: datapackage.json, and a CSV and a JSON file
    per resource."""
    files = {
        "datapackage.json": json.dumps(
            descriptor(language=language, created=created), ensure_ascii=False, indent=2
        ).encode()
    }
    for name, table in tables(language=language).items():
        files[f"{name}.csv"] = table.csv().encode()
        files[f"{name}.json"] = table.json().encode()
    return files
