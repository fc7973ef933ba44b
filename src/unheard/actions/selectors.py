"""Reads of the actions app for pages, the API and other apps (the calendar). Everything public
goes through the visibility policy (`.public()`); sign-ups are read only as counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from modeltranslation.utils import get_translation_fields

from unheard.actions.models import (
    Action,
    ActionReport,
    DayOfAction,
    DayStatement,
    Group,
    ReportPhoto,
    SignUp,
)
from unheard.core.countries import country_name
from unheard.registry.models import Person

ACTION_RELATED = ("day", "group")
CITY_NAMES = get_translation_fields("city_name")


def actions_public() -> QuerySet[Action]:
    return Action.objects.public().select_related(*ACTION_RELATED)


@dataclass(frozen=True)
class ActionFilters:
    """The filters of the actions list; every value is optional and unknown ones match nothing."""

    country: str = ""
    city: str = ""
    kind: str = ""
    person: str = ""
    day: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def parse(cls, query) -> tuple[ActionFilters, list[str]]:
        """Filters from a query dict; the names of parameters that could not be read."""
        bad = []
        dates = {}
        for name in ("from", "to"):
            text = (query.get(name) or "").strip()[:10]
            try:
                dates[name] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                dates[name] = None
                bad.append(name)
        kind = (query.get("kind") or "").strip()[:20]
        if kind and kind not in Action.Kind.values:
            bad.append("kind")
            kind = ""
        values = {name: (query.get(name) or "").strip()[:120] for name in ("city", "person", "day")}
        country = (query.get("country") or "").strip().upper()[:2]
        filters = cls(
            country=country, kind=kind, date_from=dates["from"], date_to=dates["to"], **values
        )
        return filters, bad

    @property
    def active(self) -> bool:
        return self != ActionFilters()


def actions_filtered(filters: ActionFilters) -> QuerySet[Action]:
    actions = actions_public()
    if filters.country:
        actions = actions.filter(country=filters.country)
    if filters.city:
        actions = actions.filter(city__iexact=filters.city)
    if filters.kind:
        actions = actions.filter(kind=filters.kind)
    if filters.day:
        actions = actions.filter(day__slug=filters.day)
    if filters.person:
        # One person at most (slugs are unique): the join repeats no action, so no DISTINCT,
        # whose planning over every column of the action, its day and group took longer than
        # the query on PostgreSQL.
        actions = actions.filter(people__in=Person.objects.public().filter(slug=filters.person))
    # An action of a day of action often has no date of its own: it takes the day's.
    undated_of_day = Q(starts_at__isnull=True, starts_on__isnull=True)
    if filters.date_from:
        actions = actions.filter(
            Q(starts_at__date__gte=filters.date_from)
            | Q(starts_on__gte=filters.date_from)
            | (undated_of_day & Q(day__starts_on__gte=filters.date_from))
        )
    if filters.date_to:
        actions = actions.filter(
            Q(starts_at__date__lte=filters.date_to)
            | Q(starts_on__lte=filters.date_to)
            | (undated_of_day & Q(day__starts_on__lte=filters.date_to))
        )
    return actions


def places_to_filter(actions: QuerySet[Action]) -> tuple[list, list]:
    """The countries and the cities of `actions` for the list's filters, each as (code or key,
    name in the active language), by name: a filter shows the name and sends the key, so a
    filtered link is the same in every language."""
    countries, cities = {}, {}
    for action in actions.select_related(None).only("country", "city", *CITY_NAMES):
        if action.country:
            countries[action.country] = country_name(action.country)
        if action.city:
            cities.setdefault(action.city.casefold(), (action.city, action.city_display))
    return sorted(countries.items(), key=_by_name), sorted(cities.values(), key=_by_name)


def _by_name(choice: tuple[str, str]) -> tuple[str, str]:
    return choice[1].casefold(), choice[0]


YEARLY = Q(starts_at__isnull=True, starts_on__isnull=True) & ~Q(recurring_date="")


def actions_upcoming_first(actions: QuerySet[Action], *, now: dt.datetime | None = None):
    """(upcoming, yearly, past): upcoming soonest first; actions held every year on a known day
    (never past) by that day; past most recent first, undated last."""
    now = now or timezone.now()
    upcoming = actions.filter(starts_at__gte=now).order_by("starts_at", "title")
    yearly = actions.filter(YEARLY).order_by("recurring_date", "title")
    past = (
        actions.exclude(pk__in=upcoming.values("pk"))
        .exclude(YEARLY)
        .order_by("-starts_at", "-starts_on", "title")
    )
    return upcoming, yearly, past


def action_public(*, slug: str) -> Action:
    return actions_public().prefetch_related("sources").get(slug=slug)


def action_people(action: Action):
    return action.people.public()


def action_cases(action: Action):
    return action.cases.public()


def report_public(action: Action) -> ActionReport | None:
    return ActionReport.objects.public().filter(action=action).first()


def report_photos(report: ActionReport):
    return report.photos.public()


def report_photo_public(*, name: str) -> FieldFile | None:
    """The report photo stored as `name` while the public may see it (its report is public and
    those it shows consented)."""
    photo = ReportPhoto.objects.public().filter(image=name).first()
    return photo.image if photo is not None else None


@dataclass(frozen=True)
class Places:
    """How many places an action has left; counts of confirmed sign-ups only."""

    capacity: int | None
    taken: int
    waiting: int

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


def places_of(action: Action) -> Places:
    counts = action.sign_ups.aggregate(
        taken=Count("pk", filter=Q(status=SignUp.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=SignUp.Status.WAITING)),
    )
    return Places(action.capacity, counts["taken"], counts["waiting"])


def action_joinable(action: Action, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    open_status = action.status in (Action.Status.PLANNED, Action.Status.HAPPENING)
    return (
        open_status
        and action.starts_at is not None
        and action.starts_at > now - dt.timedelta(hours=12)
    )


# Days of action ----------------------------------------------------------------------------


def days_public() -> QuerySet[DayOfAction]:
    return DayOfAction.objects.public()


def day_public(*, slug: str) -> DayOfAction:
    return days_public().prefetch_related("sources").get(slug=slug)


@dataclass
class CountryActions:
    code: str
    name: str
    cities: dict[str, list[Action]] = field(default_factory=dict)  # by name, as `city_display`
    without_city: list[Action] = field(default_factory=list)


@dataclass
class DayOverview:
    """A day's public actions by country and city, with what the sources add."""

    countries: list[CountryActions]
    online: list[Action]
    other_countries: list[tuple[str, str]]  # named as taking part, without an action here

    @property
    def country_count(self) -> int:
        return len(self.countries) + len(self.other_countries)

    @property
    def city_count(self) -> int:
        return sum(len(country.cities) for country in self.countries)


def day_overview(day: DayOfAction) -> DayOverview:
    by_country: dict[str, CountryActions] = {}
    online = []
    for action in day.actions.public().order_by("title"):
        if action.online or not action.country:
            online.append(action)
            continue
        country = by_country.setdefault(
            action.country, CountryActions(action.country, country_name(action.country))
        )
        if action.city:
            country.cities.setdefault(action.city_display, []).append(action)
        else:
            country.without_city.append(action)
    for country in by_country.values():
        country.cities = dict(sorted(country.cities.items()))
    countries = sorted(by_country.values(), key=lambda c: c.name)
    others = [(code, country_name(code)) for code in day.countries if code not in by_country]
    return DayOverview(countries, online, sorted(others, key=lambda pair: pair[1]))


def day_statements(day: DayOfAction) -> dict[str, list[DayStatement]]:
    grouped = defaultdict(list)
    for statement in day.statements.public().prefetch_related("sources"):
        grouped[statement.kind].append(statement)
    return {kind: grouped[kind] for kind in DayStatement.Kind.values if grouped[kind]}


def day_reports(day: DayOfAction) -> list[ActionReport]:
    reports = ActionReport.objects.public().filter(action__day=day).select_related("action")
    return list(reports.order_by("action__city", "action__title"))


def day_groups_public(day: DayOfAction) -> QuerySet[Group]:
    called = Group.objects.public().filter(days_called=day)
    running = Group.objects.public().filter(actions__in=day.actions.public())
    return (called | running).distinct().order_by("name")


# Groups ------------------------------------------------------------------------------------


def groups_public() -> QuerySet[Group]:
    return Group.objects.public()


def group_public(*, slug: str) -> Group:
    return groups_public().get(slug=slug)


def group_actions(group: Group) -> QuerySet[Action]:
    return actions_public().filter(group=group).order_by("-starts_at", "-starts_on", "title")


def group_days(group: Group) -> QuerySet[DayOfAction]:
    return days_public().filter(groups=group)
