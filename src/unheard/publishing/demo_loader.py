"""Load the demo news (publishing/demo/news.json): posts in ru, en, de and fr written for the
demo from the seeds only, each citing its seed (seed 002, or the section of the book, seed 003)
and linked to the demo people, cases and campaigns it is about.

Posts are matched by slug and updated in place through `publishing/services.py` (audited, with no
acting user), in one transaction; a new post is dated when it is first loaded.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from unheard.core.models import PublicationState, Source
from unheard.funds.models import Campaign
from unheard.publishing import services
from unheard.publishing.models import NewsPost
from unheard.registry.demo_loader import LoadReport, read
from unheard.registry.models import Case, Person

DEMO_FILE = Path(__file__).parent / "demo" / "news.json"


def _source(post: dict) -> Source:
    if "locator" in post:
        return Source.objects.filter(locator=post["locator"]).earliest("pk")
    seed = next(s for s in read("other-seeds.json")["sources"] if s["key"] == post["source"])
    return Source.objects.get(title=seed["title"], locator=seed.get("locator", ""))


def _values(post: dict, language: str, text: dict) -> dict:
    return {
        "language": language,
        "slug": text["slug"],
        "title": text["title"],
        "lead": text["lead"],
        "body": text["body"],
        "publication_state": PublicationState.PUBLISHED,
        "sources": [_source(post)],
        "people": list(Person.objects.filter(slug__in=post["people"])),
        "cases": list(Case.objects.filter(slug__in=post["cases"])),
        "campaigns": list(Campaign.objects.filter(slug__in=post["campaigns"])),
    }


def demo_load(*, refresh: bool = False) -> LoadReport:
    report = LoadReport()
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    now = timezone.now()
    with transaction.atomic():
        for number, post in enumerate(data["posts"]):
            for language, text in post["texts"].items():
                values = _values(post, language, text)
                existing = NewsPost.objects.filter(slug=text["slug"]).first()
                if existing is not None:
                    services.news_post_update(post=existing, data=values, acting_user=None)
                    continue
                created = services.news_post_create(data=values, acting_user=None)
                services.news_post_date_set(
                    post=created, published_at=now - dt.timedelta(days=number), acting_user=None
                )
                report.count("news posts")
    return report
