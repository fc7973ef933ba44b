"""The actions app's public API: actions, days of action with their statements, groups.

Only what the public pages show: never a sign-up (only the count of places left), the e-mail of
whoever proposed an action, or a group's private contacts.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from unheard.actions import selectors
from unheard.actions.models import Action
from unheard.core.api.errors import ApiError
from unheard.core.api.pagination import Page, PageParams, paginate
from unheard.core.api.schemas import (
    IsoDate,
    Label,
    PartialDateOut,
    Reference,
    Sourced,
    label,
    partial_date,
    reference,
)
from unheard.core.countries import country_name

router = Router(tags=["actions"])


class CountryOut(Schema):
    code: str
    name: str


def country(code: str) -> dict | None:
    return {"code": code, "name": country_name(code)} if code else None


CITY = "As the organisers write it: the `city` filter's value, the same in every language."
CITY_NAME = "The city in the answer's language (`lang`); the key `city` when it has no name there."


class PlaceOut(Schema):
    online: bool = False
    venue: str = ""
    city: str = Field(description=CITY)
    city_name: str = Field(description=CITY_NAME)
    country: CountryOut | None
    latitude: float | None
    longitude: float | None


class GroupSummary(Schema):
    slug: str
    name: str
    kind: Label
    city: str = Field(description=CITY)
    city_name: str = Field(description=CITY_NAME)
    country: CountryOut | None
    url: str

    @staticmethod
    def resolve_kind(group) -> dict:
        return label(group, "kind")

    @staticmethod
    def resolve_city_name(group) -> str:
        return group.city_display

    @staticmethod
    def resolve_country(group) -> dict | None:
        return country(group.country)

    @staticmethod
    def resolve_url(group) -> str:
        return group.get_absolute_url()


class ActionSummary(Schema):
    slug: str
    title: str
    kind: Label
    status: Label
    starts_at: dt.datetime | None = Field(description="With the offset of `time_zone`.")
    ends_at: dt.datetime | None
    time_zone: str
    starts_on: PartialDateOut | None = Field(description="A past action known only by its date.")
    recurring_date: str = Field(description="MM-DD of a yearly action whose year is unknown.")
    place: PlaceOut
    day: Reference | None
    group: Reference | None
    url: str

    @staticmethod
    def resolve_kind(action) -> dict:
        return label(action, "kind")

    @staticmethod
    def resolve_status(action) -> dict:
        return label(action, "status")

    @staticmethod
    def resolve_starts_at(action) -> dt.datetime | None:
        return action.local_start

    @staticmethod
    def resolve_ends_at(action) -> dt.datetime | None:
        return action.local_end

    @staticmethod
    def resolve_starts_on(action) -> dict | None:
        return partial_date(action.starts_on, action.starts_on_precision)

    @staticmethod
    def resolve_place(action) -> dict:
        return {
            "online": action.online,
            "venue": action.venue,
            "city": action.city,
            "city_name": action.city_display,
            "country": country(action.country),
            "latitude": action.latitude,
            "longitude": action.longitude,
        }

    @staticmethod
    def resolve_day(action) -> dict | None:
        return reference(action.day)

    @staticmethod
    def resolve_group(action) -> dict | None:
        group = action.group
        if group is None or not group.is_published:
            return None
        return {"slug": group.slug, "name": group.name, "url": group.get_absolute_url()}

    @staticmethod
    def resolve_url(action) -> str:
        return action.get_absolute_url()


class ActionDetail(Sourced, ActionSummary):
    description: str
    accessibility: str
    capacity: int | None
    places_left: int | None = Field(description="None when the action has no capacity.")
    people: list[Reference]
    cases: list[Reference]

    @staticmethod
    def resolve_places_left(action) -> int | None:
        return selectors.places_of(action).left

    @staticmethod
    def resolve_people(action) -> list:
        return [reference(person) for person in selectors.action_people(action)]

    @staticmethod
    def resolve_cases(action) -> list:
        return [reference(case) for case in selectors.action_cases(action)]


class DaySummary(Schema):
    slug: str
    title: str
    starts_on: PartialDateOut | None
    ends_on: PartialDateOut | None
    recurring_date: str
    url: str

    @staticmethod
    def resolve_starts_on(day) -> dict | None:
        return partial_date(day.starts_on, day.starts_on_precision)

    @staticmethod
    def resolve_ends_on(day) -> dict | None:
        return partial_date(day.ends_on, day.ends_on_precision)

    @staticmethod
    def resolve_url(day) -> str:
        return day.get_absolute_url()


class StatementOut(Sourced):
    kind: Label
    author: str
    author_description: str
    country: CountryOut | None
    summary: str

    @staticmethod
    def resolve_kind(statement) -> dict:
        return label(statement, "kind")

    @staticmethod
    def resolve_country(statement) -> dict | None:
        return country(statement.country)


class DayDetail(Sourced, DaySummary):
    description: str
    countries: int = Field(description="Countries with an action here or named by the sources.")
    cities: int
    actions: list[ActionSummary]
    statements: list[StatementOut]
    groups: list[GroupSummary]

    @staticmethod
    def resolve_countries(day) -> int:
        return selectors.day_overview(day).country_count

    @staticmethod
    def resolve_cities(day) -> int:
        return selectors.day_overview(day).city_count

    @staticmethod
    def resolve_actions(day) -> list:
        return list(day.actions.public().order_by("country", "city", "title"))

    @staticmethod
    def resolve_statements(day) -> list:
        return [s for items in selectors.day_statements(day).values() for s in items]

    @staticmethod
    def resolve_groups(day) -> list:
        return list(selectors.day_groups_public(day))


class GroupDetail(GroupSummary):
    description: str
    public_contact: str
    actions: list[ActionSummary]

    @staticmethod
    def resolve_actions(group) -> list:
        return list(selectors.group_actions(group))


class ActionQuery(Schema):
    country: str = Field("", description="ISO 3166 code, e.g. DE.")
    city: str = Field("", description="A city's key (`city`, not `city_name`), e.g. Cologne.")
    kind: Action.Kind | None = Field(None, description="One of the kinds' codes.")
    person: str = Field("", description="A person's slug.")
    day: str = Field("", description="A day of action's slug.")
    date_from: IsoDate | None = Field(None, alias="from")
    date_to: IsoDate | None = Field(None, alias="to")


@router.get("/actions", response=Page[ActionSummary], url_name="actions")
def action_list(request, paging: Query[PageParams], filters: Query[ActionQuery]):
    """Published actions, upcoming first (soonest first), then past ones; with the list's filters."""
    query = filters.model_dump(by_alias=True)
    query.update(
        kind=filters.kind.value if filters.kind else "",
        **{
            name: value.isoformat() if value else ""
            for name, value in (("from", filters.date_from), ("to", filters.date_to))
        },
    )
    parsed, bad = selectors.ActionFilters.parse(query)
    if bad:
        raise ApiError(f"bad_{bad[0]}", _bad_message(bad[0]), status=400)
    upcoming, yearly, past = selectors.actions_upcoming_first(selectors.actions_filtered(parsed))
    return paginate(list(upcoming) + list(yearly) + list(past), paging)


def _bad_message(name: str) -> str:
    if name == "kind":
        kinds = ", ".join(Action.Kind.values)
        return gettext("“kind” must be one of: %(kinds)s.") % {"kinds": kinds}
    return gettext("“%(name)s” must be a date written YYYY-MM-DD.") % {"name": name}


@router.get("/actions/{slug}", response=ActionDetail, url_name="action")
def action_detail(request, slug: str):
    """A published action: where and when, its places left, the people and cases it is for."""
    return selectors.action_public(slug=slug)


@router.get("/days", response=Page[DaySummary], url_name="days")
def day_list(request, paging: Query[PageParams]):
    """Published days of action, latest first."""
    return paginate(selectors.days_public(), paging)


@router.get("/days/{slug}", response=DayDetail, url_name="day")
def day_detail(request, slug: str):
    """A day of action: its actions, the counts of countries and cities, statements, groups."""
    return selectors.day_public(slug=slug)


@router.get("/groups", response=Page[GroupSummary], url_name="groups")
def group_list(request, paging: Query[PageParams]):
    """Published local groups and partner organisations."""
    return paginate(selectors.groups_public(), paging)


@router.get("/groups/{slug}", response=GroupDetail, url_name="group")
def group_detail(request, slug: str):
    """A group with its public description, public contact and published actions."""
    return selectors.group_public(slug=slug)
