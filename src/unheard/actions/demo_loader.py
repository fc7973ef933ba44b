"""Load the solidarity actions the seeds describe (registry/demo/other-seeds.json, "actions").

Policy as in `unheard.registry.demo_loader`: actions are matched by slug and updated in place,
validated, published and cited to their seed through `actions/services.py` (audited, with no
acting user); the whole load is one transaction.
"""

from __future__ import annotations

import reversion
from django.db import transaction

from unheard.actions import services
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
            title, locator = sources[item["source"]]
            values = {
                "slug": item["slug"],
                "kind": item["kind"],
                "cities": item.get("cities", []),
                "countries": item.get("countries", []),
                **translations(item, "title"),
                **translations(item, "description"),
                **partial(item, "date", "starts_on"),
                **partial(item, "end_date", "ends_on"),
                "recurring_date": item.get("recurring_date", ""),
                "publication_state": PublicationState.PUBLISHED,
                "sources": [Source.objects.get(title=title, locator=locator)],
                "organisers": list(
                    Organisation.objects.filter(slug__in=item.get("organisers", []))
                ),
            }
            action = SolidarityAction.objects.filter(slug=item["slug"]).first()
            if action is None:
                services.solidarity_action_create(data=values, acting_user=None)
                report.count("actions")
            else:
                services.solidarity_action_update(action=action, data=values, acting_user=None)
    return report
