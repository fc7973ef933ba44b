"""Load the petitions and open letters the seeds state (petitions/demo/petitions.json).

Only seed 004 holds one: the Russian radical left's open letter of 19 December 2012, signed by
three organisations (its notable signatories). The intellectuals it names (Chomsky, Balibar,
Levi, Callinicos, Loach) spoke out for the demand; the seed does not say they signed this letter,
so they are not listed as its signatories. Petitions are matched by slug and updated in place,
through `petitions/services.py` (audited, with no acting user), in one transaction.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from unheard.core.models import PublicationState, Source
from unheard.petitions import services
from unheard.petitions.models import Petition
from unheard.registry.demo_loader import LoadReport, read, translations

DEMO_FILE = Path(__file__).parent / "demo" / "petitions.json"


def _source(key: str) -> Source:
    item = next(s for s in read("other-seeds.json").get("sources", []) if s["key"] == key)
    return Source.objects.get(title=item["title"], locator=item.get("locator", ""))


def demo_load(*, refresh: bool = False) -> LoadReport:
    report = LoadReport()
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    with transaction.atomic():
        for item in data["petitions"]:
            source = _source(item["source"])
            values = {
                "slug": item["slug"],
                "kind": item["kind"],
                "status": item["status"],
                "published_on": item.get("published_on"),
                **translations(item, "title"),
                **translations(item, "text"),
                "publication_state": PublicationState.PUBLISHED,
                "sources": [source],
            }
            petition = Petition.objects.filter(slug=item["slug"]).first()
            if petition is not None:
                services.petition_update(petition=petition, data=values, acting_user=None)
                continue
            petition = services.petition_create(data=values, acting_user=None)
            report.count("petitions")
            for order, signatory in enumerate(item.get("signatories", [])):
                services.notable_signatory_add(
                    petition=petition,
                    data={
                        "name": signatory["name"],
                        "order": order,
                        **translations(signatory, "description"),
                        "sources": [source],
                    },
                    acting_user=None,
                )
    return report
