"""The public people list: its filters, their counts per value (facets), and its sort orders.

Policy:

- Every filter is one URL parameter holding one readable value (a slug, a status, an article as
  "uk-rf:205.2"), so a filtered list has an address that can be shared and still means the same
  thing tomorrow. Filters combine with AND.
- Only what the public may see counts. A person is "charged under 205.2" on the public site only
  if that charge is published; a case, a facility or a recognition filters only when it is
  published; unpublished people are never counted.
- Three regions are kept apart: where a person lives (home region) and where they are held (the
  region of their current, published facility). The region of investigation belongs to the case.
- The count beside a value is how many people the list would show if that value were chosen,
  the other filters staying as they are ("disjunctive" facets). Each filter's counts come from
  one aggregate query (two for a filter by records: the counts, then the public records' labels);
  values no one has are not offered.
- Counts are kept in the cache under the version of the registry's part of the record
  (core/record_cache.py), per filter and per combination of the other filters: any change to the
  registry (or to a source) drops them all, so a count is never older than the record; a
  donation, a letter or a sign-up, which no count reads, leaves them.
- A value the site does not know (mistyped, unpublished, of the wrong form, too long) is
  ignored, and the page says which. No parameter, however malformed, reaches the database
  unchecked.
- Sort orders: by the name as the page shows it (the display name in the reader's language,
  collated for that language); by the first published detention
  in custody (newest or oldest first); by the term of the latest published verdict that was not
  overturned (longest or shortest first). People without the date or term come last.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import connections
from django.db import models as db
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

from unheard.core.collation import collated
from unheard.core.record_cache import cached
from unheard.core.visibility import prefixed, public_condition
from unheard.registry.models import (
    Article,
    ArticleCategory,
    Case,
    CaseDefendant,
    Charge,
    Facility,
    Organisation,
    Person,
    PoliticalView,
    Recognition,
    Region,
    TimelineEvent,
    Verdict,
)

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
ARTICLE = re.compile(r"(?:(?P<code>[-a-z0-9_]{1,40}):)?(?P<number>[0-9][0-9.]{0,19})")
MAX_QUERY_LENGTH = 200
# The part of the record (core/record_cache.py) the list's counts, order and rows read.
REGISTRY = ("registry",)
HELD = "held"
NOT_COUNTED_VERDICTS = (Verdict.AppealOutcome.OVERTURNED, Verdict.AppealOutcome.RETRIAL)
LIFE_IN_MONTHS = 100 * 12


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    group: str = ""


class Filter:
    """One filter of the people list. Subclasses say how a value is checked, applied, counted."""

    key: str
    label: Promise
    any_label: Promise

    def parse(self, raw: str) -> tuple[str, str] | None:
        """The canonical value and its label, or None when the site does not know the value."""
        raise NotImplementedError

    def condition(self, value: str) -> Q:
        raise NotImplementedError

    def options(self, people: QuerySet[Person]) -> list[Option]:
        raise NotImplementedError


def _columns(field: str) -> list[str]:
    """The columns of a translated field (or a path to one), in the reader's fallback order."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return [build_localized_fieldname(field, code) for code in resolution_order(language)]


def _first(row: dict, field: str) -> str:
    """The first non-empty translation of `field` in a values() row."""
    return next((row[c] for c in _columns(field) if row.get(c)), "")


def _by_label(options: list[Option]) -> list[Option]:
    return sorted(options, key=lambda option: (option.group.casefold(), option.label.casefold()))


class StatusFilter(Filter):
    key = "status"
    label = _("Status")
    any_label = _("All statuses")

    def parse(self, raw):
        if raw == HELD:
            return HELD, str(_("Held now (any status of detention)"))
        if raw in Person.Status.values:
            return raw, capfirst(str(Person.Status(raw).label))
        return None

    def condition(self, value):
        if value == HELD:
            return Q(status__in=Person.HELD_STATUSES)
        return Q(status=value)

    def options(self, people):
        counts = dict(people.order_by().values_list("status").annotate(n=Count("pk")))
        held = sum(counts.get(status, 0) for status in Person.HELD_STATUSES)
        options = [Option(HELD, str(_("Held now (any status of detention)")), held)] if held else []
        options += [
            Option(value, capfirst(str(label)), counts[value])
            for value, label in Person.Status.choices
            if counts.get(value)
        ]
        return options


class CategoryFilter(Filter):
    key = "category"
    label = _("Article category")
    any_label = _("All categories")

    def parse(self, raw):
        if raw in ArticleCategory.values:
            return raw, capfirst(str(ArticleCategory(raw).label))
        return None

    def condition(self, value):
        charged = Charge.objects.public().filter(article__category=value)
        return Q(pk__in=charged.values("person"))

    def options(self, people):
        counts = dict(
            Charge.objects.public()
            .filter(person__in=people.values("pk"))
            .order_by()
            .values_list("article__category")
            .annotate(n=Count("person", distinct=True))
        )
        return [
            Option(value, capfirst(str(label)), counts[value])
            for value, label in ArticleCategory.choices
            if counts.get(value)
        ]


class SlugFilter(Filter):
    """A filter whose values are the slugs of records of `model`."""

    model: type
    # The path from `model` to Person, and what must be public on the same joins.
    to_people: str

    def records(self) -> QuerySet:
        return self.model.objects.public()

    def join_condition(self) -> Q:
        return Q()

    def parse(self, raw):
        if not SLUG.fullmatch(raw):
            return None
        record = self.records().filter(slug=raw).first()
        return (record.slug, self.option_label(record)) if record else None

    # Translated fields that name an option and, optionally, its group (facilities by region).
    label_field = "name"
    group_field = ""

    def option_label(self, record) -> str:
        return str(record)

    def counts(self, people: QuerySet[Person]) -> QuerySet:
        """(record id, people) pairs for the records `people` reach."""
        return (
            self.model.objects.filter(
                Q(**{f"{self.to_people}__in": people.values("pk")}) & self.join_condition()
            )
            .order_by()
            .values_list("pk")
            .annotate(n=Count(self.to_people, distinct=True))
        )

    def options(self, people):
        # Two steps: the people counted per record id over the plain join, then the labels of
        # the public records among those ids. Asking `records()` (for regions and organisations
        # a condition over every model that refers to them) on the same grouped join took
        # minutes at 100,000 people on SQLite.
        counts = dict(self.counts(people))
        columns = _columns(self.label_field) + (
            _columns(self.group_field) if self.group_field else []
        )
        rows = self.records().filter(pk__in=list(counts)).order_by().values("pk", "slug", *columns)
        return _by_label(
            [
                Option(
                    row["slug"],
                    _first(row, self.label_field),
                    counts[row["pk"]],
                    _first(row, self.group_field) if self.group_field else "",
                )
                for row in rows
            ]
        )


class HomeRegionFilter(SlugFilter):
    key = "home_region"
    label = _("Home region (where the person lives)")
    any_label = _("All home regions")
    model = Region
    to_people = "residents"

    def condition(self, value):
        return Q(home_region__slug=value)


class HeldRegionFilter(SlugFilter):
    key = "held_region"
    label = _("Region where held now")
    any_label = _("All regions of detention")
    model = Region
    to_people = "facilities__inmates"

    def join_condition(self):
        return prefixed(public_condition(Facility), "facilities")

    def counts(self, people):
        # Counted from the people's side: from the regions' side SQLite (without ANALYZE
        # statistics) probed every listed person once per facility, 6 s at 100,000 people.
        held_in_public_facility = prefixed(public_condition(Facility), "current_facility")
        return (
            people.filter(held_in_public_facility)
            .order_by()
            .values_list("current_facility__region")
            .annotate(n=Count("pk", distinct=True))
        )

    def condition(self, value):
        held_in_public_facility = prefixed(public_condition(Facility), "current_facility")
        return held_in_public_facility & Q(current_facility__region__slug=value)


class CaseFilter(SlugFilter):
    key = "case"
    label = _("Case")
    any_label = _("All cases")
    model = Case
    to_people = "defendant_links__person"

    def condition(self, value):
        links = CaseDefendant.objects.public().filter(case__slug=value)
        return Q(pk__in=links.values("person"))


class PoliticalViewFilter(SlugFilter):
    key = "view"
    label = _("Political view")
    any_label = _("All political views")
    model = PoliticalView
    to_people = "person"

    def condition(self, value):
        holders = Person.political_views.through.objects.filter(politicalview__slug=value)
        return Q(pk__in=holders.values("person"))


class OrganisationFilter(SlugFilter):
    key = "organisation"
    label = _("Organisation or movement")
    any_label = _("All organisations")
    model = Organisation
    to_people = "members"

    def condition(self, value):
        members = Person.affiliations.through.objects.filter(organisation__slug=value)
        return Q(pk__in=members.values("person"))


class RecognisedByFilter(SlugFilter):
    key = "recognised_by"
    label = _("Recognised as a political prisoner by")
    any_label = _("Everyone, recognised or not")
    model = Organisation
    to_people = "recognitions__person"

    def join_condition(self):
        return prefixed(public_condition(Recognition), "recognitions")

    def condition(self, value):
        recognised = Recognition.objects.public().filter(organisation__slug=value)
        return Q(pk__in=recognised.values("person"))


class FacilityFilter(SlugFilter):
    key = "facility"
    label = _("Place of detention")
    any_label = _("All places of detention")
    model = Facility
    to_people = "inmates"
    group_field = "region__name"

    def condition(self, value):
        held_in_public_facility = prefixed(public_condition(Facility), "current_facility")
        return held_in_public_facility & Q(current_facility__slug=value)


class ArticleFilter(Filter):
    key = "article"
    label = _("Article")
    any_label = _("All articles")

    @staticmethod
    def value_of(article: Article) -> str:
        return f"{article.code.slug}:{article.number}"

    @staticmethod
    def label_of(article: Article) -> str:
        return f"{article.number} — {article.title}"

    def parse(self, raw):
        match = ARTICLE.fullmatch(raw)
        if not match:
            return None
        articles = Article.objects.select_related("code").filter(number=match["number"])
        if match["code"]:
            articles = articles.filter(code__slug=match["code"])
        found = list(articles[:2])
        if len(found) != 1:
            return None
        return self.value_of(found[0]), f"{found[0].code.short_name} {self.label_of(found[0])}"

    def condition(self, value):
        code, number = value.split(":", 1)
        charged = Charge.objects.public().filter(article__code__slug=code, article__number=number)
        return Q(pk__in=charged.values("person"))

    def options(self, people):
        # Counted by article id first, then the few articles named: grouping the charges by the
        # articles' wide text columns sorted 100,000 rows on disk on PostgreSQL (2 s).
        counts = dict(
            Charge.objects.public()
            .filter(person__in=people.values("pk"))
            .order_by()
            .values_list("article")
            .annotate(n=Count("person", distinct=True))
        )
        rows = (
            Article.objects.filter(pk__in=list(counts))
            .values(
                "pk",
                "code__slug",
                "number",
                *_columns("title"),
                *_columns("code__name"),
            )
            .order_by("code__jurisdiction", "code__slug", "sort_key")
        )
        return [
            Option(
                f"{row['code__slug']}:{row['number']}",
                f"{row['number']} — {_first(row, 'title')}",
                counts[row["pk"]],
                _first(row, "code__name"),
            )
            for row in rows
        ]


FILTERS: list[Filter] = [
    StatusFilter(),
    HomeRegionFilter(),
    HeldRegionFilter(),
    CaseFilter(),
    ArticleFilter(),
    CategoryFilter(),
    PoliticalViewFilter(),
    OrganisationFilter(),
    RecognisedByFilter(),
    FacilityFilter(),
]
FILTERS_BY_KEY = {f.key: f for f in FILTERS}

SORTS: dict[str, Promise] = {
    "name": _("Name"),
    "-detained": _("Detention date, newest first"),
    "detained": _("Detention date, oldest first"),
    "-sentence": _("Sentence, longest first"),
    "sentence": _("Sentence, shortest first"),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True)
class Ignored:
    """A parameter value the list did not understand, for the notice on the page."""

    label: str
    value: str


@dataclass
class PeopleQuery:
    """What a visitor asked the people list for, after checking every parameter."""

    filters: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    sort: str = DEFAULT_SORT
    text: str = ""
    ignored: list[Ignored] = field(default_factory=list)

    def params(self, **changes) -> dict[str, str]:
        params = {key: self.filters[f.key] for f in FILTERS if (key := f.key) in self.filters}
        if self.text:
            params["q"] = self.text
        if self.sort != DEFAULT_SORT:
            params["sort"] = self.sort
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return params

    def query_string(self, **changes) -> str:
        """ "?status=serving&case=network" for this query with `changes` (None removes a key)."""
        params = self.params(**changes)
        return "?" + urlencode(params) if params else "?"

    def active(self) -> list[dict]:
        """The chosen filters with a link that removes each one."""
        return [
            {
                "key": f.key,
                "label": f.label,
                "value_label": self.labels[f.key],
                "remove": self.query_string(**{f.key: None}),
            }
            for f in FILTERS
            if f.key in self.filters
        ]


def _clean(raw: str) -> str:
    return raw.replace("\x00", "").strip()


def people_query_parse(params) -> PeopleQuery:
    """Check the list's URL parameters; unknown values go to `ignored`, never to the database."""
    query = PeopleQuery()
    for f in FILTERS:
        values = [_clean(v) for v in params.getlist(f.key) if _clean(v)]
        if not values:
            continue
        raw = values[-1]
        parsed = f.parse(raw) if len(raw) <= 200 else None
        if parsed is None:
            query.ignored.append(Ignored(str(f.label), raw[:80]))
            continue
        query.filters[f.key], query.labels[f.key] = parsed
    sort = _clean(params.get("sort", ""))
    if sort in SORTS:
        query.sort = sort
    elif sort:
        query.ignored.append(Ignored(str(_("Sort order")), sort[:80]))
    query.text = _clean(params.get("q", ""))[:MAX_QUERY_LENGTH]
    return query


def published_people() -> QuerySet[Person]:
    return Person.objects.public()


def name_condition(text: str) -> Q:
    """A name fragment in any stored spelling: original, display names, aliases."""
    name_fields = [
        "surname",
        "given_name",
        "patronymic",
        "display_name_en",
        "display_name_ru",
        "display_name_de",
        "display_name_fr",
        "aliases__name",
    ]
    matches = Q()
    for field_name in name_fields:
        matches |= Q(**{f"{field_name}__icontains": text})
    return Q(pk__in=Person.objects.filter(matches).values("pk"))


def people_matching(query: PeopleQuery, *, leave_out: str | None = None) -> QuerySet[Person]:
    """Published people matching every filter of `query` except `leave_out`."""
    people = published_people()
    for key, value in query.filters.items():
        if key != leave_out:
            people = people.filter(FILTERS_BY_KEY[key].condition(value))
    if query.text:
        people = people.filter(name_condition(query.text))
    return people


def with_detention_and_sentence(people: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate the first published detention (date and precision) and the sentence in months."""
    detentions = (
        TimelineEvent.objects.public()
        .filter(person=OuterRef("pk"), kind__in=TimelineEvent.CUSTODIAL_KINDS)
        .order_by("date", "id")
    )
    # The sentence shown is the current custody's (registry.selectors.verdicts_of_custody): a
    # verdict in the case of the latest detention, or given on or after it.
    custody = (
        TimelineEvent.objects.public()
        .filter(person=OuterRef("person"), kind__in=TimelineEvent.CUSTODIAL_KINDS)
        .order_by("-date", "-id")
    )
    latest_verdict = (
        Verdict.objects.public()
        .filter(person=OuterRef("pk"))
        .filter(
            Q(case_id=Subquery(custody.values("case_id")[:1]))
            | Q(date__gte=Subquery(custody.values("date")[:1]))
            | ~Exists(custody)
        )
        .exclude(punishment="")
        .order_by("-date", "-id")
        .annotate(
            months=db.Case(
                When(appeal_outcome__in=NOT_COUNTED_VERDICTS, then=None),
                When(life_sentence=True, then=db.Value(LIFE_IN_MONTHS)),
                default=F("term_years") * 12 + F("term_months"),
                output_field=db.IntegerField(),
            )
        )
    )
    return people.annotate(
        detained_on=Subquery(detentions.values("date")[:1]),
        detained_precision=Subquery(detentions.values("date_precision")[:1]),
        sentence_months=Subquery(latest_verdict.values("months")[:1]),
        sentence_life=Subquery(latest_verdict.values("life_sentence")[:1]),
    )


def display_name_sorted(people: QuerySet[Person]) -> list:
    """The order of the names as the page shows them: the display name in the reader's language
    (with the same fallbacks as the page), collated for that language (core.collation)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    shown = Coalesce(
        *[NullIf(F(column), db.Value("")) for column in _columns("display_name")],
        F("surname"),
    )
    vendor = connections[people.db].vendor
    return [collated(shown, language=language, vendor=vendor), "surname", "given_name", "pk"]


def people_sorted(people: QuerySet[Person], sort: str) -> QuerySet[Person]:
    people = with_detention_and_sentence(people)
    name = display_name_sorted(people)
    if sort == "-detained":
        return people.order_by(F("detained_on").desc(nulls_last=True), *name)
    if sort == "detained":
        return people.order_by(F("detained_on").asc(nulls_last=True), *name)
    if sort in ("-sentence", "sentence"):
        # A zero term (a fine, say) sorts with the people who have no term at all.
        people = people.annotate(
            sort_months=db.Case(
                When(sentence_months__gt=0, then=F("sentence_months")),
                default=None,
                output_field=db.IntegerField(),
            )
        )
        months = F("sort_months")
        ordering = (
            months.desc(nulls_last=True) if sort == "-sentence" else months.asc(nulls_last=True)
        )
        return people.order_by(ordering, *name)
    return people.order_by(*name)


@dataclass
class Facet:
    filter: Filter
    options: list[Option]
    selected: str = ""
    selected_label: str = ""

    @property
    def key(self) -> str:
        return self.filter.key

    @property
    def groups(self) -> list[tuple[str, list[Option]]]:
        """Options grouped (articles by code, facilities by region), in order."""
        grouped: dict[str, list[Option]] = {}
        for option in self.options:
            grouped.setdefault(option.group, []).append(option)
        return list(grouped.items())


def query_key(query: PeopleQuery, *, leave_out: str | None = None) -> str:
    """A short key naming the people `people_matching(query, leave_out=...)` returns."""
    params = {k: v for k, v in sorted(query.filters.items()) if k != leave_out}
    address = urlencode({**params, "q": query.text})
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def filter_options(f: Filter, query: PeopleQuery) -> list[Option]:
    """`f`'s values and counts among the people the other filters of `query` leave."""
    return cached(
        f"people-options:{f.key}:{query_key(query, leave_out=f.key)}",
        lambda: f.options(people_matching(query, leave_out=f.key)),
        parts=REGISTRY,
    )


def people_facets(query: PeopleQuery) -> list[Facet]:
    """Every filter with its values and their counts (kept until the record changes)."""
    facets = []
    for f in FILTERS:
        options = filter_options(f, query)
        selected = query.filters.get(f.key, "")
        if selected and selected not in {o.value for o in options}:
            options = [Option(selected, query.labels[f.key], 0), *options]
        facets.append(Facet(f, options, selected, query.labels.get(f.key, "")))
    return facets
