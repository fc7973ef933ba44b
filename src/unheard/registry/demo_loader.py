"""Loading the demo registry from the seed documents (see demo/README.md for the format).

Policy: demo people are created once. A person who already exists is left as it is, so running
`loaddemo` again (as `make run` does) never overwrites an editor's work; `refresh=True` rebuilds
the demo people from the files. Reference data (codes, articles, regions, organisations,
facilities, cases) is updated in place. Every record is validated with `full_clean()` and the
whole load is one transaction: a mistake in a file loads nothing. Demo records are published:
each cites the seed it comes from.
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
from unheard.registry import models

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
        defaults = {
            "kind": item.get("kind", Source.Kind.WEB),
            "publisher": item.get("publisher", ""),
            "url": item.get("url", ""),
            "published_on": dt.date.fromisoformat(item["published_on"])
            if item.get("published_on")
            else None,
            "note": item.get("note", ""),
        }
        source, _ = Source.objects.update_or_create(
            title=item["title"], locator=item.get("locator", ""), defaults=defaults
        )
        self.sources[item["key"]] = source

    def source_for(self, locator: str, key: str = "seed-003") -> Source:
        """The seed, narrowed to the section a fact comes from."""
        seed = self.sources[key]
        if not locator:
            return seed
        source, created = Source.objects.get_or_create(
            title=seed.title,
            locator=locator,
            defaults={
                "kind": seed.kind,
                "publisher": seed.publisher,
                "url": seed.url,
                "note": seed.note,
            },
        )
        if created:
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
        facility = models.Facility.objects.filter(slug=item["slug"]).first() or models.Facility(
            slug=item["slug"]
        )
        facility.kind = item["kind"]
        facility.regime = item.get("regime", "")
        facility.number = item.get("number", "")
        facility.region = models.Region.objects.get(slug=item["region"])
        facility.town = item.get("town", "")
        facility.postal_address = item.get("postal_address", "")
        facility.electronic_letters = bool(item.get("electronic_letters", False))
        facility.latitude = Decimal(item["latitude"]) if item.get("latitude") else None
        facility.longitude = Decimal(item["longitude"]) if item.get("longitude") else None
        for name, value in translations(item, "name").items():
            setattr(facility, name, value)
        facility.publication_state = PublicationState.PUBLISHED
        facility.full_clean(validate_unique=False)
        facility.save()
        facility.sources.add(self.source_for(item.get("locator", "")))
        for key in item.get("address_sources", []):
            facility.sources.add(self.sources[key])

    def load_case(self, item: dict) -> None:
        case = models.Case.objects.filter(slug=item["slug"]).first() or models.Case(
            slug=item["slug"]
        )
        case.kind = item.get("kind", models.Case.Kind.CRIMINAL)
        case.region = models.Region.objects.get(slug=item["region"]) if item.get("region") else None
        values = {
            **translations(item, "name"),
            **translations(item, "summary"),
            **translations(item, "investigating_body"),
            **partial(item, "started_on"),
        }
        if "investigating_body" in item:
            values["investigating_body_en"] = item["investigating_body"]
        for name, value in values.items():
            setattr(case, name, value)
        case.publication_state = PublicationState.PUBLISHED
        case.full_clean(validate_unique=False)
        case.save()
        case.sources.add(self.source_for(item.get("locator", "")))

    # People ---------------------------------------------------------------------------------

    def load_person(self, item: dict) -> None:
        existing = models.Person.objects.filter(slug=item["slug"]).first()
        if existing and not self.refresh:
            self.report.skipped_people += 1
            return
        if existing:
            existing.delete()
        source = self.source_for(item.get("locator", ""))
        person = self.person_record(item)
        person.full_clean()
        person.save()
        person.sources.add(source)
        person.political_views.set(
            models.PoliticalView.objects.filter(slug__in=item.get("political_views", []))
        )
        person.affiliations.set(
            models.Organisation.objects.filter(slug__in=item.get("affiliations", []))
        )
        for alias in dict.fromkeys(item.get("aliases", [])):
            models.PersonAlias.objects.create(person=person, name=alias)
        for link in item.get("cases", []):
            models.CaseDefendant.objects.create(
                person=person,
                case=models.Case.objects.get(slug=link["case"]),
                role=link.get("role", "defendant"),
            )
        for kind, rows in (
            ("charge", item.get("charges", [])),
            ("event", item.get("events", [])),
            ("verdict", item.get("verdicts", [])),
            ("recognition", item.get("recognitions", [])),
        ):
            for row in rows:
                fact = getattr(self, f"{kind}_record")(person, row)
                fact.publication_state = PublicationState.PUBLISHED
                try:
                    fact.full_clean(validate_unique=False)
                except ValidationError as error:
                    raise DemoDataError(
                        f"{item['slug']}, {kind} {row}: {error.messages}"
                    ) from error
                fact.save()
                fact.sources.add(source)
                self.report.count(kind + "s")
        self.report.count("people")

    def person_record(self, item: dict) -> models.Person:
        person = models.Person(
            slug=item["slug"],
            surname=item["surname"],
            given_name=item["given_name"],
            patronymic=item.get("patronymic", ""),
            gender=item.get("gender", ""),
            home_town=item.get("home_town", ""),
            status=item["status"],
            support_declined=bool(item.get("support_declined", False)),
            home_region=models.Region.objects.get(slug=item["home_region"])
            if item.get("home_region")
            else None,
            current_facility=(
                models.Facility.objects.get(slug=item["current_facility"])
                if item.get("current_facility")
                else None
            ),
            **PUBLISHED,
        )
        values = {**partial(item, "birth_date")}
        for name in (
            "display_name",
            "occupation",
            "summary",
            "biography",
            "interests",
            "support_caveat",
            "likes_to_receive",
        ):
            values.update(translations(item, name))
        for name, value in values.items():
            setattr(person, name, value)
        return person

    def case_of(self, row: dict) -> models.Case | None:
        return models.Case.objects.get(slug=row["case"]) if row.get("case") else None

    def charge_record(self, person: models.Person, row: dict) -> models.Charge:
        article = models.Article.objects.get(
            code__slug=row.get("code", "uk-rf"), number=row["article"]
        )
        return models.Charge(
            person=person,
            case=self.case_of(row),
            article=article,
            part=row.get("part", "") or "",
            paragraph=row.get("paragraph", "") or "",
            inchoate=row.get("inchoate", "") or "",
            status=row.get("status", "charged"),
            **partial(row, "brought_on"),
        )

    def event_record(self, person: models.Person, row: dict) -> models.TimelineEvent:
        event = models.TimelineEvent(
            person=person,
            case=self.case_of(row),
            kind=row["kind"],
            facility=models.Facility.objects.get(slug=row["facility"])
            if row.get("facility")
            else None,
            **partial(row, "date"),
            **partial(row, "end_date"),
        )
        values = {**translations(row, "description"), **translations(row, "place")}
        if row.get("place"):
            values["place_en"] = row["place"]
        for name, value in values.items():
            setattr(event, name, value)
        return event

    def verdict_record(self, person: models.Person, row: dict) -> models.Verdict:
        verdict = models.Verdict(
            person=person,
            case=self.case_of(row),
            instance=row.get("instance", "first"),
            judge=row.get("judge", "") or "",
            prosecutor_requested=row.get("prosecutor_requested", "") or "",
            punishment=row["punishment"],
            regime=row.get("regime", "") or "",
            term_years=int(row.get("term_years") or 0),
            term_months=int(row.get("term_months") or 0),
            fine_amount=Decimal(row["fine_amount"]) if row.get("fine_amount") else None,
            fine_currency=row.get("fine_currency", "RUB") or "RUB",
            appeal_outcome=row.get("appeal_outcome", "") or "",
            **partial(row, "date"),
        )
        verdict.court_en = row.get("court", "") or ""
        verdict.additional_penalties_en = row.get("additional_penalties", "") or ""
        for name, value in {
            **translations(row, "court"),
            **translations(row, "additional_penalties"),
        }.items():
            setattr(verdict, name, value)
        return verdict

    def recognition_record(self, person: models.Person, row: dict) -> models.Recognition:
        return models.Recognition(
            person=person,
            organisation=models.Organisation.objects.get(slug=row["organisation"]),
            **partial(row, "date"),
        )


def demo_load(*, refresh: bool = False) -> LoadReport:
    return DemoLoader(refresh=refresh).load()
