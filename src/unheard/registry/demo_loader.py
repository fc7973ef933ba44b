"""Loading the demo registry from the seed documents (see demo/README.md for the format).

Policy: demo people are created once. A person who already exists is left as it is, so running
`loaddemo` again (as `make run` does) never overwrites an editor's work; `refresh=True` rebuilds
the demo people from the files. Reference data (codes, articles, regions, organisations,
facilities, cases) is updated in place. Sources, facilities, cases, people and their facts are
written through the registry's services (validated, versioned, audited with no acting user: the
system loaded them) and the whole load is one transaction: a mistake in a file loads nothing.
Demo records are published: each cites the seed it comes from.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from unheard.core.dates import PartialDate
from unheard.core.models import PublicationState, Source
from unheard.registry import models, services

DEMO_DIR = Path(__file__).parent / "demo"
ARTICLES_FILE = Path(__file__).parent / "data" / "articles.json"
BOOK_PARTS = ("book-part-1.json", "book-part-2.json", "book-part-3.json")
LANGUAGES = [code for code, _ in settings.LANGUAGES]
PUBLISHED = {"publication_state": PublicationState.PUBLISHED}


class DemoDataError(Exception):
    """A demo file holds a record the registry would refuse; nothing was loaded."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    skipped_people: int = 0

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def translations(item: dict, name: str) -> dict[str, str]:
    """The `name_en`, `name_ru`, ... values of an item, as model field values."""
    return {
        f"{name}_{lang}": item[f"{name}_{lang}"] for lang in LANGUAGES if item.get(f"{name}_{lang}")
    }


def partial(item: dict, key: str, field_name: str | None = None) -> dict:
    field_name = field_name or key
    text = item.get(key)
    if not text:
        return {}
    date = PartialDate.parse(str(text))
    return {field_name: date.value, f"{field_name}_precision": date.precision}


def read(name: str) -> dict:
    path = DEMO_DIR / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


class DemoLoader:
    def __init__(self, *, refresh: bool = False) -> None:
        self.refresh = refresh
        self.report = LoadReport()
        self.sources: dict[str, Source] = {}

    def load(self) -> LoadReport:
        with transaction.atomic(), reversion.create_revision():
            reversion.set_comment("Loaded from the demo data (seed documents)")
            self.load_articles()
            for item in read("sources.json").get("sources", []) + read("other-seeds.json").get(
                "sources", []
            ):
                self.load_source(item)
            other = read("other-seeds.json")
            for item in other.get("organisations", []):
                self.load_organisation(item)
            parts = [read(name) for name in BOOK_PARTS]
            for part in parts:
                self.load_reference(part)
            for part in parts:
                for item in part.get("cases", []):
                    self.load_case(item)
            for part in parts:
                for item in part.get("people", []):
                    self.load_person(item)
        return self.report

    # Reference data -------------------------------------------------------------------------

    def load_articles(self) -> None:
        data = json.loads(ARTICLES_FILE.read_text(encoding="utf-8"))
        for item in data["codes"]:
            models.LegalCode.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "jurisdiction": item.get("jurisdiction", "RU"),
                    **translations(item, "name"),
                    **translations(item, "short_name"),
                },
            )
        codes = {c.slug: c for c in models.LegalCode.objects.all()}
        for item in data["articles"]:
            article = models.Article.objects.filter(
                code=codes[item["code"]], number=item["number"]
            ).first()
            article = article or models.Article(code=codes[item["code"]], number=item["number"])
            article.category = item["category"]
            for name, value in translations(item, "title").items():
                setattr(article, name, value)
            article.save()

    def load_source(self, item: dict) -> None:
        kind = item.get("kind", Source.Kind.WEB)
        if kind == Source.Kind.WEB and not item.get("url"):
            kind = (
                Source.Kind.OTHER
            )  # a seed quoted without its address: not a web source we can link
        defaults = {
            "kind": kind,
            "publisher": item.get("publisher", ""),
            "url": item.get("url", ""),
            "published_on": dt.date.fromisoformat(item["published_on"])
            if item.get("published_on")
            else None,
            "note": item.get("note", ""),
        }
        source = Source.objects.filter(title=item["title"], locator=item.get("locator", "")).first()
        if source:
            source = services.source_update(source=source, data=defaults, acting_user=None)
        else:
            data = {"title": item["title"], "locator": item.get("locator", ""), **defaults}
            source = services.source_add(data=data, acting_user=None)
        self.sources[item["key"]] = source

    def source_for(self, locator: str, key: str = "seed-003") -> Source:
        """The seed, narrowed to the section a fact comes from."""
        seed = self.sources[key]
        if not locator:
            return seed
        source = Source.objects.filter(title=seed.title, locator=locator).first()
        if source is None:
            data = {"title": seed.title, "locator": locator, "kind": seed.kind}
            data |= {"publisher": seed.publisher, "url": seed.url, "note": seed.note}
            source = services.source_add(data=data, acting_user=None)
            self.report.count("sources")
        return source

    def load_organisation(self, item: dict) -> None:
        defaults = {
            "kind": item.get("kind", models.Organisation.Kind.OTHER),
            "url": item.get("url", ""),
            **translations(item, "name"),
            **translations(item, "description"),
        }
        models.Organisation.objects.update_or_create(slug=item["slug"], defaults=defaults)

    def load_reference(self, part: dict) -> None:
        for item in part.get("regions", []):
            models.Region.objects.update_or_create(
                slug=item["slug"],
                defaults={"country": item.get("country", "RU"), **translations(item, "name")},
            )
        for item in part.get("organisations", []):
            self.load_organisation(item)
        for item in part.get("political_views", []):
            models.PoliticalView.objects.update_or_create(
                slug=item["slug"], defaults=translations(item, "name")
            )
        for item in part.get("facilities", []):
            self.load_facility(item)

    def load_facility(self, item: dict) -> None:
        data = {
            "slug": item["slug"],
            "kind": item["kind"],
            "regime": item.get("regime", ""),
            "number": item.get("number", ""),
            "region": models.Region.objects.get(slug=item["region"]),
            "town": item.get("town", ""),
            "postal_address": item.get("postal_address", ""),
            "electronic_letters": bool(item.get("electronic_letters", False)),
            "latitude": Decimal(item["latitude"]) if item.get("latitude") else None,
            "longitude": Decimal(item["longitude"]) if item.get("longitude") else None,
            **translations(item, "name"),
            **PUBLISHED,
        }
        facility = models.Facility.objects.filter(slug=item["slug"]).first()
        if facility:
            facility = services.facility_update(facility=facility, data=data, acting_user=None)
        else:
            facility = services.facility_create(data=data, acting_user=None)
        self.cite(facility, item)
        address_sources = [self.sources[key] for key in item.get("address_sources", [])]
        if address_sources:
            services.sources_attach(record=facility, sources=address_sources, acting_user=None)

    def load_case(self, item: dict) -> None:
        data = {
            "slug": item["slug"],
            "kind": item.get("kind", models.Case.Kind.CRIMINAL),
            "region": models.Region.objects.get(slug=item["region"])
            if item.get("region")
            else None,
            **translations(item, "name"),
            **translations(item, "summary"),
            **translations(item, "investigating_body"),
            **partial(item, "started_on"),
            **PUBLISHED,
        }
        if "investigating_body" in item:
            data["investigating_body_en"] = item["investigating_body"]
        case = models.Case.objects.filter(slug=item["slug"]).first()
        if case:
            case = services.case_update(case=case, data=data, acting_user=None)
        else:
            case = services.case_create(data=data, acting_user=None)
        self.cite(case, item)

    def cite(self, record, item: dict) -> None:
        source = self.source_for(item.get("locator", ""))
        services.sources_attach(record=record, sources=[source], acting_user=None)

    # People ---------------------------------------------------------------------------------

    def load_person(self, item: dict) -> None:
        existing = models.Person.objects.filter(slug=item["slug"]).first()
        if existing and not self.refresh:
            self.report.skipped_people += 1
            return
        if existing:
            services.record_delete(record=existing, acting_user=None)
        source = self.source_for(item.get("locator", ""))
        person = services.person_create(data=self.person_data(item), acting_user=None)
        services.sources_attach(record=person, sources=[source], acting_user=None)
        for alias in dict.fromkeys(item.get("aliases", [])):
            services.alias_add(person=person, data={"name": alias}, acting_user=None)
        for link in item.get("cases", []):
            data = {
                "case": models.Case.objects.get(slug=link["case"]),
                "role": link.get("role", "defendant"),
            }
            services.defendant_add(person=person, data=data, acting_user=None)
        for kind, rows in (
            ("charge", item.get("charges", [])),
            ("event", item.get("events", [])),
            ("verdict", item.get("verdicts", [])),
            ("recognition", item.get("recognitions", [])),
        ):
            add = getattr(services, f"{kind}_add")
            for row in rows:
                data = {**getattr(self, f"{kind}_data")(row), **PUBLISHED}
                try:
                    fact = add(person=person, data=data, acting_user=None)
                except ValidationError as error:
                    raise DemoDataError(
                        f"{item['slug']}, {kind} {row}: {error.messages}"
                    ) from error
                services.sources_attach(record=fact, sources=[source], acting_user=None)
                self.report.count(kind + "s")
        self.report.count("people")

    def person_data(self, item: dict) -> dict:
        data = {
            "slug": item["slug"],
            "surname": item["surname"],
            "given_name": item["given_name"],
            "patronymic": item.get("patronymic", ""),
            "gender": item.get("gender", ""),
            "home_town": item.get("home_town", ""),
            "status": item["status"],
            "support_declined": bool(item.get("support_declined", False)),
            "home_region": models.Region.objects.get(slug=item["home_region"])
            if item.get("home_region")
            else None,
            "current_facility": (
                models.Facility.objects.get(slug=item["current_facility"])
                if item.get("current_facility")
                else None
            ),
            "political_views": list(
                models.PoliticalView.objects.filter(slug__in=item.get("political_views", []))
            ),
            "affiliations": list(
                models.Organisation.objects.filter(slug__in=item.get("affiliations", []))
            ),
            **PUBLISHED,
            **partial(item, "birth_date"),
        }
        for name in (
            "display_name",
            "occupation",
            "summary",
            "biography",
            "interests",
            "support_caveat",
            "likes_to_receive",
        ):
            data.update(translations(item, name))
        return data

    def case_of(self, row: dict) -> models.Case | None:
        return models.Case.objects.get(slug=row["case"]) if row.get("case") else None

    def charge_data(self, row: dict) -> dict:
        article = models.Article.objects.get(
            code__slug=row.get("code", "uk-rf"), number=row["article"]
        )
        return {
            "case": self.case_of(row),
            "article": article,
            "part": row.get("part", "") or "",
            "paragraph": row.get("paragraph", "") or "",
            "inchoate": row.get("inchoate", "") or "",
            "status": row.get("status", "charged"),
            **partial(row, "brought_on"),
        }

    def event_data(self, row: dict) -> dict:
        data = {
            "case": self.case_of(row),
            "kind": row["kind"],
            "facility": models.Facility.objects.get(slug=row["facility"])
            if row.get("facility")
            else None,
            **partial(row, "date"),
            **partial(row, "end_date"),
            **translations(row, "description"),
            **translations(row, "place"),
        }
        if row.get("place"):
            data["place_en"] = row["place"]
        return data

    def verdict_data(self, row: dict) -> dict:
        return {
            "case": self.case_of(row),
            "instance": row.get("instance", "first"),
            "judge": row.get("judge", "") or "",
            "prosecutor_requested": row.get("prosecutor_requested", "") or "",
            "punishment": row["punishment"],
            "regime": row.get("regime", "") or "",
            "term_years": int(row.get("term_years") or 0),
            "term_months": int(row.get("term_months") or 0),
            "fine_amount": Decimal(row["fine_amount"]) if row.get("fine_amount") else None,
            "fine_currency": row.get("fine_currency", "RUB") or "RUB",
            "appeal_outcome": row.get("appeal_outcome", "") or "",
            "court_en": row.get("court", "") or "",
            "additional_penalties_en": row.get("additional_penalties", "") or "",
            **partial(row, "date"),
            **translations(row, "court"),
            **translations(row, "additional_penalties"),
        }

    def recognition_data(self, row: dict) -> dict:
        return {
            "organisation": models.Organisation.objects.get(slug=row["organisation"]),
            **partial(row, "date"),
        }


def demo_load(*, refresh: bool = False) -> LoadReport:
    return DemoLoader(refresh=refresh).load()
