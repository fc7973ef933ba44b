"""Load the solidarity actions the seeds describe (registry/demo/other-seeds.json, "actions").

Policy as in `unheard.registry.demo_loader`: actions are matched by slug and updated in place,
validated, published and cited to their seed; the whole load is one transaction.
"""

from __future__ import annotations

import reversion
from django.db import transaction

from unheard.actions.models import SolidarityAction
from unheard.core.models import PublicationState, Source
from unheard.registry.demo_loader import LoadReport, partial, read, translations
from unheard.registry.models import Organisation

SEEDS_FILE = "other-seeds.json"


def demo_load(*, refresh: bool = False) -> LoadReport:
    report = LoadReport()
    data = read(SEEDS_FILE)
    sources = {
        item["key"]: (item["title"], item.get("locator", "")) for item in data.get("sources", [])
    }
    with transaction.atomic(), reversion.create_revision():
        for item in data.get("actions", []):
            action = SolidarityAction.objects.filter(slug=item["slug"]).first()
            if action is None:
                action = SolidarityAction(slug=item["slug"])
                report.count("actions")
            action.kind = item["kind"]
            action.cities = item.get("cities", [])
            action.countries = item.get("countries", [])
            values = {
                **translations(item, "title"),
                **translations(item, "description"),
                **partial(item, "date", "starts_on"),
                **partial(item, "end_date", "ends_on"),
            }
            for name, value in values.items():
                setattr(action, name, value)
            action.recurring_date = item.get("recurring_date", "")
            action.publication_state = PublicationState.PUBLISHED
            action.full_clean(validate_unique=False)
            action.save()
            title, locator = sources[item["source"]]
            action.sources.set([Source.objects.get(title=title, locator=locator)])
            action.organisers.set(Organisation.objects.filter(slug__in=item.get("organisers", [])))
    return report
