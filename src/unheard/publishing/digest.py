"""The weekly digest: what was published in a subscriber's scope since their last digest.

Alerts already told them of transfers, verdicts, releases and punishment cells at once, so the
digest lists the other record updates (detentions, custody) and the news posts in their language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from unheard.publishing import selectors
from unheard.publishing.models import NewsPost, Subscription
from unheard.registry.models import TimelineEvent


@dataclass
class Digest:
    since: dt.datetime
    updates: list[TimelineEvent] = field(default_factory=list)
    news: list[NewsPost] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return bool(self.updates or self.news)


def digest_for(subscription: Subscription) -> Digest:
    since = subscription.digest_sent_at or timezone.now() - dt.timedelta(days=7)
    updates = selectors.updates().exclude(kind__in=selectors.ALERT_KINDS)
    news = selectors.news_public(language=subscription.language)
    target = subscription.target
    if target is not None:
        updates = updates.filter(selectors.update_scope_for(target))
        news = news.filter(selectors.news_scope_for(target)).distinct()
    return Digest(
        since=since,
        updates=list(updates.filter(published_at__gte=since)[:50]),
        news=list(news.filter(published_at__gte=since)[:20]),
    )
