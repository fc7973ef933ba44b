"""RSS 2.0 and Atom feeds of news and record updates (django.contrib.syndication).

Every feed comes in both formats and in the language of its address (`/<lang>/…`): news posts
written in that language, record updates described in it. GUIDs are tag URIs that never change
(`tag:<host>,2026:news/<id>`), dates carry the site's zone, and each feed states its language.
Addresses are stable and relative to the language prefix, so a static mirror can copy them.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from unheard.core import batch
from unheard.core.visibility import is_public
from unheard.publishing import selectors
from unheard.registry.models import Case, Person, TimelineEvent


def _tag(kind: str, pk: int) -> str:
    host = urlsplit(settings.UNHEARD_SITE_URL).hostname or "localhost"
    return f"tag:{host},2026:{kind}/{pk}"


def update_title(event: TimelineEvent) -> str:
    """With the date: one person's detentions or custody orders would otherwise read the same."""
    person = event.person.display_name or event.person.original_name
    what = event.get_kind_display()
    if event.date is None:
        return _("%(person)s: %(what)s") % {"person": person, "what": what}
    return _("%(person)s: %(what)s, %(date)s") % {
        "person": person,
        "what": what,
        "date": str(event.when),
    }


def update_link(event: TimelineEvent) -> str:
    return event.person.get_absolute_url() + "#timeline"


def update_text(event: TimelineEvent) -> str:
    parts = [event.description]
    if event.facility is not None and is_public(event.facility):
        parts.append(_("Place of detention: %(facility)s") % {"facility": event.facility.name})
    return "\n".join(p for p in parts if p)


class NewsFeed(Feed):
    """News and record updates of the whole site in one language (all languages' news with
    `every_language`)."""

    feed_type = Rss201rev2Feed
    every_language = False

    def get_object(self, request, **kwargs):
        return None

    def title(self, obj):
        return _("%(site)s: news and updates") % {"site": settings.UNHEARD_SITE_NAME}

    def link(self, obj):
        return reverse("publishing:news_list")

    def description(self, obj):
        return _("News and changes in the record of political prisoners.")

    def news(self, obj):
        language = None if self.every_language else translation.get_language()
        return selectors.news_public(language=language)

    def events(self, obj):
        return selectors.updates()

    def items(self, obj):
        return selectors.feed_items(news=self.news(obj), events=self.events(obj))

    def item_title(self, item):
        return item.record.title if item.is_news else update_title(item.record)

    def item_description(self, item):
        return item.record.lead if item.is_news else update_text(item.record)

    def item_link(self, item):
        if item.is_news:
            return item.record.get_absolute_url()
        return update_link(item.record)

    def item_guid(self, item):
        return _tag("news" if item.is_news else "update", item.record.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.record.updated_at if item.is_news else item.at


class AllLanguagesNewsFeed(NewsFeed):
    every_language = True


class RecordFeed(NewsFeed):
    """News and updates about one published person, case or region."""

    model = Person

    def get_object(self, request, slug):
        if self.model is selectors.Region:
            try:
                return selectors.region_public(slug=slug)
            except selectors.Region.DoesNotExist as error:
                raise Http404 from error
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def title(self, obj):
        name = getattr(obj, "display_name", "") or str(obj)
        return _("%(site)s: %(name)s") % {"site": settings.UNHEARD_SITE_NAME, "name": name}

    def link(self, obj):
        if hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return reverse("publishing:news_list")

    def news(self, obj):
        language = translation.get_language()
        return (
            selectors.news_public(language=language)
            .filter(selectors.news_scope_for(obj))
            .distinct()
        )

    def events(self, obj):
        return selectors.updates(scope=selectors.update_scope_for(obj))


class PersonFeed(RecordFeed):
    model = Person

    def get_object(self, request, slug):
        person = batch.per_slug("publishing.feed_person", slug, _people)
        if person is None:
            raise Http404
        return person

    def news(self, obj):
        language = translation.get_language()
        return [post for post in selectors.person_news(person=obj) if post.language == language]

    def events(self, obj):
        return selectors.person_updates(person=obj)


class CaseFeed(RecordFeed):
    model = Case


class RegionFeed(RecordFeed):
    model = selectors.Region


class ActionDayFeed(NewsFeed):
    """News about the solidarity actions held on one day (YYYY-MM-DD)."""

    def get_object(self, request, day):
        try:
            return dt.date.fromisoformat(day)
        except ValueError as error:
            raise Http404 from error

    def title(self, obj):
        return _("%(site)s: actions on %(day)s") % {
            "site": settings.UNHEARD_SITE_NAME,
            "day": obj.isoformat(),
        }

    def news(self, obj):
        actions = selectors.actions_on(obj)
        language = translation.get_language()
        return selectors.news_public(language=language).filter(actions__in=actions).distinct()

    def events(self, obj):
        return None


def atom(feed_class: type[Feed]) -> type[Feed]:
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


FEEDS = {
    "news": NewsFeed,
    "all": AllLanguagesNewsFeed,
    "person": PersonFeed,
    "case": CaseFeed,
    "region": RegionFeed,
    "day": ActionDayFeed,
}


def _people(slugs) -> dict[str, Person]:
    return {person.slug: person for person in Person.objects.public().filter(slug__in=list(slugs))}
