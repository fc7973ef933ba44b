"""The news panel on a record's page (declared as a `RecordPanel` on `PublishingConfig`)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from unheard.publishing import selectors
from unheard.publishing.models import Subscription

register = template.Library()

# Records with feeds and subscriptions: model label → (feed URL name, subscription scope).
FOLLOWED = {
    "registry.Person": ("publishing:person_feed", Subscription.Scope.PERSON),
    "registry.Case": ("publishing:case_feed", Subscription.Scope.CASE),
}


@register.simple_tag
def record_news(record) -> dict:
    feed, scope = FOLLOWED.get(record._meta.label, ("", ""))
    panel = {
        "id": f"{record._meta.model_name}-{record.pk}",
        "posts": list(selectors.news_about(record)[:10]),
        "scope": scope,
    }
    if feed:
        panel["rss"] = reverse(f"{feed}_rss", kwargs={"slug": record.slug})
        panel["atom"] = reverse(f"{feed}_atom", kwargs={"slug": record.slug})
    return panel
