"""Reads for news, record updates and feeds; everything public goes through the visibility policy.

A record update is a published timeline event of one of `UPDATE_KINDS`: what changed for a
person, listed with the news without an editor writing a post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from unheard.actions.models import Action
from unheard.core import batch
from unheard.core.visibility import is_public
from unheard.publishing.models import NewsPost, Subscription
from unheard.publishing.tokens import Purpose, key_from
from unheard.registry.models import Case, CaseDefendant, Person, Region, TimelineEvent

Kind = TimelineEvent.Kind
UPDATE_KINDS = (
    Kind.DETENTION,
    Kind.CUSTODY,
    Kind.VERDICT,
    Kind.TRANSFER,
    Kind.PUNISHMENT_CELL,
    Kind.RELEASE,
)
# Subscribers hear of these at once; of the other updates in the weekly digest.
ALERT_KINDS = (Kind.TRANSFER, Kind.VERDICT, Kind.RELEASE, Kind.PUNISHMENT_CELL)
FEED_LENGTH = 50


def news_public(*, language: str | None = None) -> QuerySet[NewsPost]:
    posts = NewsPost.objects.public().order_by("-published_at", "-pk")
    return posts.filter(language=language) if language else posts


def news_post_public(*, slug: str) -> NewsPost:
    return news_public().prefetch_related("sources").get(slug=slug)


def news_image_public(*, name: str) -> FieldFile | None:
    """The news image stored as `name` while a post the public may see shows it (with consent)."""
    for post in NewsPost.objects.public().filter(image=name):
        if is_public(post, "image"):
            return post.image
    return None


def news_about(record) -> QuerySet[NewsPost]:
    """Published posts linked to a person, case, solidarity action or campaign."""
    return record.news_posts.public().order_by("-published_at", "-pk")


def person_news(*, person: Person) -> list[NewsPost]:
    """Published posts about a person in every language, newest first (as `news_about`), read
    with every person of a batch (`core.batch`)."""
    return batch.per_record("publishing.person_news", person.pk, _news_by_person)


def _news_by_person(person_ids: Collection[int]) -> dict[int, list[NewsPost]]:
    links = NewsPost.people.through.objects.filter(
        person_id__in=list(person_ids), newspost__in=news_public()
    )
    people_of_post: dict[int, list[int]] = {}
    for post_id, person_id in links.values_list("newspost_id", "person_id"):
        people_of_post.setdefault(post_id, []).append(person_id)
    by_person: dict[int, list[NewsPost]] = {pk: [] for pk in person_ids}
    for post in news_public().filter(pk__in=people_of_post):
        for person_id in people_of_post[post.pk]:
            by_person[person_id].append(post)
    return by_person


def person_updates(*, person: Person) -> list[TimelineEvent]:
    """The newest `FEED_LENGTH` updates of a person's record (as `updates(scope=person_scope(
    person))`), read with every person of a batch (`core.batch`)."""
    return batch.per_record("publishing.person_updates", person.pk, _updates_by_person)


def _updates_by_person(person_ids: Collection[int]) -> dict[int, list[TimelineEvent]]:
    by_person: dict[int, list[TimelineEvent]] = {pk: [] for pk in person_ids}
    for event in updates(scope=Q(person_id__in=list(person_ids))):
        if len(by_person[event.person_id]) < FEED_LENGTH:
            by_person[event.person_id].append(event)
    return by_person


def updates(*, scope: Q | None = None) -> QuerySet[TimelineEvent]:
    """Published record updates, newest first (`scope` narrows them: `person_scope(...)` …)."""
    events = TimelineEvent.objects.public().filter(kind__in=UPDATE_KINDS)
    if scope is not None:
        events = events.filter(scope)
    return events.select_related("person", "facility", "case").order_by("-date", "-pk")


def person_scope(person: Person) -> Q:
    return Q(person=person)


def case_defendants(case: Case):
    return CaseDefendant.objects.public().filter(case=case).values("person")


def case_scope(case: Case) -> Q:
    return Q(case=case) | Q(person__in=case_defendants(case))


def region_scope(region: Region) -> Q:
    """People from the region, and people held there."""
    return Q(person__home_region=region) | Q(person__current_facility__region=region)


def news_scope_for(record) -> Q:
    if isinstance(record, Person):
        return Q(people=record)
    if isinstance(record, Case):
        return Q(cases=record) | Q(people__in=case_defendants(record))
    if isinstance(record, Region):
        people = Q(people__home_region=record) | Q(people__current_facility__region=record)
        return people | Q(cases__region=record)
    raise TypeError(record)


def update_scope_for(record) -> Q:
    if isinstance(record, Person):
        return person_scope(record)
    if isinstance(record, Case):
        return case_scope(record)
    return region_scope(record)


def region_public(*, slug: str) -> Region:
    region = Region.objects.get(slug=slug)
    if not is_public(region):
        raise Region.DoesNotExist
    return region


def actions_on(day: dt.date) -> QuerySet[Action]:
    """Published solidarity actions held on a day (a dated one, or a yearly one on its date)."""
    dated = Q(starts_on__lte=day) & (Q(ends_on__gte=day) | Q(ends_on__isnull=True, starts_on=day))
    yearly = Q(recurring_date=day.strftime("%m-%d"))
    return Action.objects.public().filter(dated | yearly)


@dataclass(frozen=True)
class FeedItem:
    """A news post or a record update, in the order a reader sees them."""

    record: NewsPost | TimelineEvent
    at: dt.datetime

    @property
    def is_news(self) -> bool:
        return isinstance(self.record, NewsPost)


def event_moment(event: TimelineEvent) -> dt.datetime:
    """When an update happened, as a zoned datetime (noon of its day, in the site's zone)."""
    return timezone.make_aware(dt.datetime.combine(event.date, dt.time(12)))


def feed_items(
    *, news: QuerySet[NewsPost], events: QuerySet[TimelineEvent] | None
) -> list[FeedItem]:
    """The newest news and updates together, newest first."""
    items = [FeedItem(post, post.published_at) for post in news[:FEED_LENGTH]]
    if events is not None:
        items += [FeedItem(event, event_moment(event)) for event in events[:FEED_LENGTH]]
    items.sort(key=lambda item: (item.at, item.record.pk), reverse=True)
    return items[:FEED_LENGTH]


def subscription_to_confirm(*, token: str) -> Subscription:
    """The subscription a confirmation link is for, refused as `subscription_confirm` would
    refuse it (BadLink for a forged or expired link, ValidationError when gone or confirmed)."""
    subscription = Subscription.objects.filter(key=key_from(token, Purpose.CONFIRM)).first()
    if subscription is None:
        raise ValidationError(_("This subscription no longer exists."))
    if subscription.confirmed_at is not None:
        raise ValidationError(_("This subscription is already confirmed."))
    return subscription
