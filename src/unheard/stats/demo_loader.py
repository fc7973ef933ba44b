"""Demo data of the statistics section: the figures other organisations counted, as the seeds
state them (demo/external-figures.json; seeds 002 and 003).

Policy as in `unheard.registry.demo_loader`: only what the seeds say, in the four languages;
figures are matched by key and updated in place through `stats/services.py` (validated, audited
with no acting user), published, and cite their seed, found by the title the registry's loader
gave it (created through core's source service if that loader has not run). One transaction.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from unheard.core.models import PublicationState, Source
from unheard.core.services import source_add
from unheard.registry.demo_loader import LoadReport, partial, read, translations
from unheard.stats import services
from unheard.stats.models import ExternalFigure

FIGURES_FILE = Path(__file__).parent / "demo" / "external-figures.json"
SEED_FILES = ("sources.json", "other-seeds.json")


def _seed_sources() -> dict[str, dict]:
    return {item["key"]: item for name in SEED_FILES for item in read(name).get("sources", [])}


def _source(item: dict) -> Source:
    found = Source.objects.filter(title=item["title"], locator="").order_by("pk").first()
    if found is not None:
        return found
    kind = item.get("kind", Source.Kind.OTHER)
    data = {
        "title": item["title"],
        "publisher": item.get("publisher", ""),
        "url": item.get("url", ""),
    }
    kind = Source.Kind.OTHER if kind == Source.Kind.WEB and not data["url"] else kind
    return source_add(data={**data, "kind": kind}, acting_user=None)


def demo_load(*, refresh: bool = False) -> LoadReport:
    report = LoadReport()
    seeds = _seed_sources()
    items = json.loads(FIGURES_FILE.read_text(encoding="utf-8"))["external_figures"]
    with transaction.atomic():
        for item in items:
            values = {
                "key": item["key"],
                "beside": item["beside"],
                "order": item["order"],
                "value": item["value"],
                "qualifier": item["qualifier"],
                **translations(item, "organisation"),
                **translations(item, "counts"),
                **translations(item, "method"),
                **(partial(item, "date") or {"date": None}),
                "publication_state": PublicationState.PUBLISHED,
                "sources": [_source(seeds[item["source"]])],
            }
            figure = ExternalFigure.objects.filter(key=item["key"]).first()
            if figure is None:
                services.external_figure_create(data=values, acting_user=None)
                report.count("figures counted by others")
            else:
                services.external_figure_update(figure=figure, data=values, acting_user=None)
    return report
