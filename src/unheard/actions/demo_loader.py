"""Load the actions, days of action, groups and statements the seeds describe.

The data is `actions/demo/actions.json` (seeds 000, 001, 003, 004); the titles and descriptions
of the marathon and the two days come from the registry's `other-seeds.json` ("actions"), where
they were first written. Nothing is invented: where a seed gives no date, place or organiser, the
field stays empty. Each city (`city`, the key) gets its name in every language from `cities`.

Policy as in `unheard.registry.demo_loader`: records are matched by slug and updated in place,
validated, published and cited to their seed through `actions/services.py` (audited, with no
acting user); the whole load is one transaction.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from unheard.actions import services
from unheard.actions.models import Action, DayOfAction, DayStatement, Group
from unheard.core.models import PublicationState, Source
from unheard.registry.demo_loader import LoadReport, partial, read, translations
from unheard.registry.models import Organisation

DATA = Path(__file__).parent / "demo" / "actions.json"
PUBLISHED = {"publication_state": PublicationState.PUBLISHED}


class Loader:
    def __init__(self, cities: dict[str, dict[str, str]]) -> None:
        self.report = LoadReport()
        self.cities = cities
        other = read("other-seeds.json")
        self.texts = {item["slug"]: item for item in other.get("actions", [])}
        titles = {item["key"]: item for item in other.get("sources", [])}
        titles.update({item["key"]: item for item in read("sources.json").get("sources", [])})
        self.source_items = titles

    def source(self, key: str) -> Source:
        item = self.source_items[key]
        return Source.objects.filter(title=item["title"]).order_by("pk").first()

    def texts_of(self, item: dict, *names: str) -> dict:
        text = self.texts.get(item["slug"], {}) if item.get("from_other_seeds") else item
        return {k: v for name in names for k, v in translations(text, name).items()}

    def city_names(self, item: dict) -> dict:
        """`city_name_en`, `city_name_ru`, ...: the city's name in each language."""
        names = self.cities.get(item.get("city", ""), {})
        return {f"city_name_{lang}": name for lang, name in names.items()}

    def save(self, model, *, slug: str, values: dict, kind: str):
        record = model.objects.filter(slug=slug).first()
        if record is None:
            self.report.count(kind)
            create = getattr(services, f"{kind}_create")
            return create(data={"slug": slug, **values}, acting_user=None)
        update = getattr(services, f"{kind}_update")
        return update(**{kind: record}, data=values, acting_user=None)

    def groups(self, items: list[dict]) -> None:
        for item in items:
            values = {
                key: item.get(key, "")
                for key in ("name", "kind", "city", "country", "public_contact")
            }
            values.update(self.texts_of(item, "description"), **self.city_names(item))
            values.update(PUBLISHED)
            self.save(Group, slug=item["slug"], values=values, kind="group")

    def days(self, items: list[dict]) -> None:
        for item in items:
            # Before this app had days of action, the two days were stored as actions.
            for old in Action.objects.filter(slug=item["slug"]):
                services.action_delete(action=old, acting_user=None)
            values = {
                "countries": item.get("countries", []),
                "recurring_date": item.get("recurring_date", ""),
                "groups": list(Group.objects.filter(slug__in=item.get("groups", []))),
                "sources": [self.source(item["source"])],
                **self.texts_of(item, "title", "description"),
                **partial(item, "date", "starts_on"),
                **partial(item, "end_date", "ends_on"),
                **PUBLISHED,
            }
            self.save(DayOfAction, slug=item["slug"], values=values, kind="day")

    def actions(self, items: list[dict]) -> None:
        for item in items:
            values = {
                key: item.get(key, "")
                for key in ("kind", "status", "city", "country", "recurring_date", "campaign_slug")
            }
            values.update(
                online=item.get("online", False),
                day=DayOfAction.objects.filter(slug=item.get("day", "")).first(),
                group=Group.objects.filter(slug=item.get("group", "")).first(),
                organisers=list(Organisation.objects.filter(slug__in=item.get("organisers", []))),
                sources=[self.source(item["source"])],
                **self.texts_of(item, "title", "description"),
                **self.city_names(item),
                **partial(item, "date", "starts_on"),
                **PUBLISHED,
            )
            self.save(Action, slug=item["slug"], values=values, kind="action")

    def statements(self, items: list[dict]) -> None:
        for item in items:
            day = DayOfAction.objects.get(slug=item["day"])
            values = {
                "day": day,
                "kind": item["kind"],
                "author": item.get("author", ""),
                "country": item.get("country", ""),
                "order": item["order"],
                "sources": [self.source(item["source"])],
                **translations(item, "author_description"),
                **translations(item, "summary"),
            }
            statement = DayStatement.objects.filter(day=day, order=item["order"]).first()
            if statement is None:
                services.statement_create(data=values, acting_user=None)
                self.report.count("statement")
            else:
                services.statement_update(statement=statement, data=values, acting_user=None)


def demo_load(*, refresh: bool = False) -> LoadReport:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    loader = Loader(data["cities"])
    with transaction.atomic():
        loader.groups(data["groups"])
        loader.days(data["days"])
        loader.actions(data["actions"])
        loader.statements(data["statements"])
    return loader.report
