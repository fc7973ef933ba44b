"""The news panel on a record's page (declared as a `RecordPanel` on `PublishingConfig`)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import formats, timezone

from unheard.core.dates import PartialDate
from unheard.publishing import feeds, selectors
from unheard.publishing.models import Subscription
from unheard.registry.models import Person

register = template.Library()
PANEL_LENGTH = 10

# Records with feeds and subscriptions: model label → (feed URL name, subscription scope).
FOLLOWED = {
    "registry.Person": ("publishing:person_feed", Subscription.Scope.PERSON),
    "registry.Case": ("publishing:case_feed", Subscription.Scope.CASE),
}


@register.simple_tag
def record_news(record) -> dict:
    """The panel's news: for a record with feeds, what its feed holds (posts and record updates)."""
    feed, scope = FOLLOWED.get(record._meta.label, ("", ""))
    if isinstance(record, Person):  # read per batch on the mirror
        news, events = selectors.person_news(person=record), selectors.person_updates(person=record)
    elif feed:
        news = selectors.news_about(record)
        events = selectors.updates(scope=selectors.update_scope_for(record))
    else:
        news, events = selectors.news_about(record), None
    if feed:
        items = selectors.feed_items(news=news, events=events)[:PANEL_LENGTH]
    else:
        items = [selectors.FeedItem(post, post.published_at) for post in news[:PANEL_LENGTH]]
    panel = {
        "id": f"{record._meta.model_name}-{record.pk}",
        "entries": [_shown(item) for item in items],
        "scope": scope,
    }
    if feed:
        panel["rss"] = reverse(f"{feed}_rss", kwargs={"slug": record.slug})
        panel["atom"] = reverse(f"{feed}_atom", kwargs={"slug": record.slug})
    return panel


def _shown(item: selectors.FeedItem) -> dict:
    if item.is_news:
        when = formats.date_format(timezone.localtime(item.at), "DATE_FORMAT")
        return {"title": item.record.title, "url": item.record.get_absolute_url(), "when": when}
    event = item.record
    when = str(PartialDate.of(event.date, event.date_precision))
    return {"title": feeds.update_title(event), "url": feeds.update_link(event), "when": when}
