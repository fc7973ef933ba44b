"""The figures of the statistics section, each declared once: its key (the URL), title,
definition (whole sentences, as the page, the CSV and docs/statistics.md state it), the header of
its first column, its measures, and how it is counted from `RecordOnDate`.

The definitions are the method: a change in how a figure is counted changes its definition here,
and docs/statistics.md with it. Figures counted from other apps' records (letters, aid given) are
declared on their apps as `core.plugins.FigureSource`s; `figures()` lists them after these.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from unheard.core import plugins, visibility
from unheard.core.output import charts
from unheard.core.output.csv import Column
from unheard.registry import selectors
from unheard.registry.models import (
    Article,
    ArticleCategory,
    Facility,
    Organisation,
    Person,
    PoliticalView,
    Region,
    TimelineEvent,
    Verdict,
)
from unheard.registry.templatetags.registry_display import number, term_months
from unheard.stats import regions as region_table
from unheard.stats.record import RecordOnDate

Kind = TimelineEvent.Kind
Instance = Verdict.Instance
Punishment = Verdict.Punishment
TOP_FACILITIES = 10
MONTHS_SHOWN = 24
LIFE = 10**6
TERM_BANDS = (
    (24, _("under 2 years")),
    (60, _("2 to under 5 years")),
    (120, _("5 to under 10 years")),
    (180, _("10 to under 15 years")),
    (240, _("15 to under 20 years")),
    (LIFE, _("20 years or more")),
)
LIFE_LABEL = _("life imprisonment")
FEWER_THAN = _("fewer than %(number)s")


class Line(NamedTuple):
    """One row of a figure: what is counted (a status, a region, a year) and its measures;
    `code` is the map's area of a region's row (ISO 3166-2), when it is on the map."""

    label: str
    values: tuple[int | float | None, ...]
    code: str | None = None


@dataclass(frozen=True)
class Counted:
    lines: list[Line]
    summary: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    key: str
    title: Promise
    definition: Promise
    dimension: Promise
    measures: tuple[Promise, ...]
    count: Callable[[RecordOnDate], Counted]
    charted: int = 0  # the measure the chart draws
    people_measures: tuple[int, ...] = ()  # counts of people whose small values are hidden

    def shown(self, index: int, value: int | float | None) -> int | float | str | None:
        """A value as the table and the CSV give it: a hidden small count of people (None in
        a measure of `people_measures`) is "fewer than N"."""
        if value is None and index in self.people_measures:
            return str(FEWER_THAN % {"number": visibility.small_count_threshold()})
        return value

    def columns(self) -> list[Column]:
        columns = [Column(self.dimension, "label")]
        for index, measure in enumerate(self.measures):
            columns.append(Column(measure, lambda line, i=index: self.shown(i, line.values[i])))
        return columns


@dataclass(frozen=True)
class FigureOnDate:
    """A figure counted on a date."""

    figure: Figure
    as_of: dt.date
    lines: list[Line]
    summary: list[str]

    @property
    def bars(self) -> list[charts.Bar]:
        index = self.figure.charted
        return [
            charts.Bar(line.label, line.values[index], self._shown(index, line.values[index]))
            for line in self.lines
        ]

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        """(label, each value as shown) of every line."""
        return [
            (line.label, [self._shown(i, value) for i, value in enumerate(line.values)])
            for line in self.lines
        ]

    def _shown(self, index: int, value: int | float | None) -> str:
        shown = self.figure.shown(index, value)
        return shown if isinstance(shown, str) else number(shown)

    @property
    def chart_title(self) -> str:
        return f"{self.figure.title}: {self.figure.measures[self.figure.charted]}"


def figure_on(figure: Figure, record: RecordOnDate) -> FigureOnDate:
    counted = figure.count(record)
    return FigureOnDate(figure, record.as_of, counted.lines, counted.summary)


# Counting ------------------------------------------------------------------------------------


def _ranked(counter: Counter, names: dict, missing: Promise | None = None) -> list[Line]:
    """Lines by count, largest first; `None` (nothing recorded) last, labelled `missing`."""
    lines = sorted(
        (Line(str(names[key]), (n,)) for key, n in counter.items() if key is not None),
        key=lambda line: (-line.values[0], line.label),
    )
    if counter.get(None) and missing is not None:
        lines.append(Line(str(missing), (counter[None],)))
    return lines


def _yearly(*columns: Counter) -> list[Line]:
    years = sorted(set().union(*columns))
    return [Line(str(year), tuple(column.get(year, 0) for column in columns)) for year in years]


def count_held(record: RecordOnDate) -> Counted:
    by_status = Counter(held.status for held in record.held.values())
    labels = dict(Person.Status.choices)
    lines = [Line(str(labels[s]), (by_status[s],)) for s in Person.HELD_STATUSES if by_status[s]]
    total = len(record.held)
    summary = ngettext(
        "In all, %(count)s person held.", "In all, %(count)s people held.", total
    ) % {"count": number(total)}
    return Counted(lines, [summary])


def count_prosecutions(record: RecordOnDate) -> Counted:
    people, prosecutions = record.prosecution_counts()
    return Counted(
        [
            Line(str(_("people prosecuted")), (people,)),
            Line(str(_("prosecutions")), (prosecutions,)),
        ]
    )


def _held_by_many(record: RecordOnDate, relation: str, model, missing: Promise) -> Counted:
    """People held, by a many-valued field (each value counts the person once), counted by
    the database; people with no value are counted under `None`."""
    rows = record.held_people.values(relation).annotate(people=Count("pk", distinct=True))
    counter = Counter({row[relation]: row["people"] for row in rows})
    names = {obj.pk: obj for obj in model.objects.filter(pk__in=[k for k in counter if k])}
    return Counted(_ranked(counter, names, missing))


def _by_region(counter: Counter, missing: Promise) -> Counted:
    """People by region, largest first, each with its map area and its figure per 100,000."""
    regions = {r.pk: r for r in Region.objects.filter(pk__in=[k for k in counter if k])}
    lines = []
    for pk, count in counter.items():
        if pk is None:
            continue
        region = regions[pk]
        code = region_table.map_code(
            slug=region.slug, name_en=region.name_en or "", country=region.country
        )
        lines.append(Line(str(region), (count, region_table.per_100k(count, code)), code))
    lines.sort(key=lambda line: (-line.values[0], line.label))
    if counter.get(None):
        lines.append(Line(str(missing), (counter[None], None)))
    return Counted(lines)


def count_home_regions(record: RecordOnDate) -> Counted:
    rows = record.held_people.values("home_region").annotate(people=Count("pk"))
    counter = Counter({row["home_region"]: row["people"] for row in rows})
    return _by_region(counter, _("home region not recorded"))


def count_detention_regions(record: RecordOnDate) -> Counted:
    facilities = dict(Facility.objects.values_list("pk", "region"))
    counter = Counter(facilities.get(held.facility_id) for held in record.held.values())
    return _by_region(counter, _("place of detention not recorded"))


def count_investigation_regions(record: RecordOnDate) -> Counted:
    return _by_region(record.held_by_case_region(), _("no case with a recorded region"))


def count_facilities(record: RecordOnDate) -> Counted:
    counter = Counter(h.facility_id for h in record.held.values() if h.facility_id)
    names = {f.pk: f for f in Facility.objects.filter(pk__in=list(counter))}
    return Counted(_ranked(counter, names)[:TOP_FACILITIES])


def count_political_views(record: RecordOnDate) -> Counted:
    return _held_by_many(record, "political_views", PoliticalView, _("no political view recorded"))


def count_organisations(record: RecordOnDate) -> Counted:
    return _held_by_many(record, "affiliations", Organisation, _("no organisation recorded"))


def count_articles(record: RecordOnDate) -> Counted:
    counter = record.people_charged(by="article")
    articles = Article.objects.select_related("code").filter(pk__in=list(counter))
    return Counted(_ranked(counter, {a.pk: a for a in articles}))


def count_article_categories(record: RecordOnDate) -> Counted:
    counter = record.people_charged(by="article__category")
    return Counted(_ranked(counter, dict(ArticleCategory.choices)))


def _per_year(counts: Iterable[tuple[dt.date, int]]) -> list[Line]:
    """A line for each year in which something was counted: the sum of its dates' counts."""
    per_year = Counter()
    for date, count in counts:
        per_year[date.year] += count
    return _yearly(+per_year)


def _per_month(counts: Iterable[tuple[dt.date, int]], as_of: dt.date) -> list[Line]:
    """A line for each of the MONTHS_SHOWN months up to and including the month of `as_of`,
    labelled YYYY-MM: the sum of its dates' counts, 0 for a month with nothing."""
    per_month = Counter()
    for date, count in counts:
        per_month[date.year, date.month] += count
    return [
        Line(f"{year}-{month + 1:02d}", (per_month[year, month + 1],))
        for year, month in _months_shown(as_of)
    ]


def _months_shown(as_of: dt.date) -> list[tuple[int, int]]:
    """(year, month from 0) of the MONTHS_SHOWN months up to and including the month of `as_of`."""
    last = as_of.year * 12 + as_of.month - 1
    return [divmod(index, 12) for index in range(last - MONTHS_SHOWN + 1, last + 1)]


def _detentions_begun(record: RecordOnDate) -> list[tuple[dt.date, int]]:
    return [(date, began) for date, began, _held in record.custody_per_date]


def count_detentions(record: RecordOnDate) -> Counted:
    return Counted(_per_year(_detentions_begun(record)))


def count_detentions_per_month(record: RecordOnDate) -> Counted:
    return Counted(_per_month(_detentions_begun(record), record.as_of))


def _cases_opened(record: RecordOnDate, since: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """(opening, 1) of each published case with a published defendant, opened on or before the
    date (and on or after `since`); cases without a dated opening are left out."""
    prosecutions = selectors.prosecutions_public().filter(case__started_on__lte=record.as_of)
    if since is not None:
        prosecutions = prosecutions.filter(case__started_on__gte=since)
    openings = dict(prosecutions.values_list("case", "case__started_on"))
    return [(date, 1) for date in openings.values()]


def count_cases(record: RecordOnDate) -> Counted:
    return Counted(_per_year(_cases_opened(record)))


def count_cases_per_month(record: RecordOnDate) -> Counted:
    year, month = _months_shown(record.as_of)[0]
    opened = _cases_opened(record, since=dt.date(year, month + 1, 1))
    return Counted(_per_month(opened, record.as_of))


def count_sentences(record: RecordOnDate) -> Counted:
    terms = [
        LIFE if verdict.life_sentence else verdict.term_in_months
        for verdict in record.verdicts_in_force
        if verdict.punishment == verdict.Punishment.IMPRISONMENT
        and (verdict.life_sentence or verdict.term_in_months)
    ]
    bands = Counter(
        next(i for i, (limit, _label) in enumerate(TERM_BANDS) if term < limit)
        for term in terms
        if term != LIFE
    )
    lines = [Line(str(label), (bands[i],)) for i, (_limit, label) in enumerate(TERM_BANDS)]
    lines.append(Line(str(LIFE_LABEL), (terms.count(LIFE),)))
    if not terms:
        return Counted(lines)
    median = statistics.median_low(terms)
    shown = str(LIFE_LABEL) if median == LIFE else term_months(median)
    return Counted(lines, [str(_("The median term is %(term)s.") % {"term": shown})])


def count_sentence_years(record: RecordOnDate) -> Counted:
    verdicts = selectors.verdicts_public().filter(
        date__lte=record.as_of, instance=Instance.FIRST, punishment=Punishment.IMPRISONMENT
    )
    life, term = Q(life_sentence=True), Q(life_sentence=False) & ~Q(term_years=0, term_months=0)
    rows = (
        verdicts.order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(
            terms=Count("pk", filter=term),
            months=Sum(F("term_years") * 12 + F("term_months"), filter=term),
            life=Count("pk", filter=life),
        )
    )
    lines = [
        Line(
            str(row["year"]),
            (row["terms"] + row["life"], round((row["months"] or 0) / 12, 1), row["life"]),
        )
        for row in sorted(rows, key=lambda row: row["year"])
        if row["terms"] or row["life"]
    ]
    return Counted(lines)


def count_punishment_cells(record: RecordOnDate) -> Counted:
    people, placements, days = Counter(), Counter(), Counter()
    seen = set()
    events = selectors.events_public(kinds=[Kind.PUNISHMENT_CELL]).filter(date__lte=record.as_of)
    for person_id, start, end in events.values_list("person", "date", "end_date"):
        placements[start.year] += 1
        if (person_id, start.year) not in seen:
            seen.add((person_id, start.year))
            people[start.year] += 1
        if end is not None:
            days[start.year] += (min(end, record.as_of) - start).days
    return Counted(_yearly(people, placements, days))


def _events_per_year(record: RecordOnDate, kind: str) -> list[Line]:
    events = selectors.events_public(kinds=[kind]).filter(date__lte=record.as_of)
    reports, people, seen = Counter(), Counter(), set()
    for person_id, date in events.values_list("person", "date"):
        reports[date.year] += 1
        if (person_id, date.year) not in seen:
            seen.add((person_id, date.year))
            people[date.year] += 1
    return _yearly(reports, people)


def count_torture(record: RecordOnDate) -> Counted:
    return Counted(_events_per_year(record, Kind.TORTURE))


def count_releases(record: RecordOnDate) -> Counted:
    return Counted(_events_per_year(record, Kind.RELEASE))


# The declarations ------------------------------------------------------------------------------

PEOPLE = _("people")
PEOPLE_HELD = _("people held")
PEOPLE_CHARGED = _("people charged")
PER_100K = _("per 100,000 inhabitants")

FIGURES = (
    Figure(
        key="held",
        title=_("People held"),
        definition=_(
            "People the registry records as in custody on the date — in pre-trial detention, "
            "serving a sentence in a colony or prison, serving forced labour or in compulsory "
            "psychiatric treatment — by their status then. Today this is the home page's count, "
            "from each person's current status. On a past date a person counts when the "
            "record's dated facts show them in custody that day: a detention or custody order "
            "on or before it, with no release, house arrest, restrictions, death or verdict "
            "leaving them free after it."
        ),
        dimension=_("status"),
        measures=(PEOPLE,),
        count=count_held,
    ),
    Figure(
        key="prosecutions",
        title=_("People and prosecutions"),
        definition=_(
            "A person counts once however many cases they are prosecuted in; a prosecution is "
            "one person in one case, so a person in two cases counts as two prosecutions. "
            "Counted: published people who are defendants in published cases; on a past date, "
            "the prosecutions that began on or before it, a prosecution beginning with the "
            "person's earliest dated charge, event or verdict in the case, or else with the "
            "case's opening."
        ),
        dimension=_("what is counted"),
        measures=(pgettext_lazy("statistics", "number"),),
        count=count_prosecutions,
    ),
    Figure(
        key="home-regions",
        title=_("People held by home region"),
        definition=_(
            "People held on the date (as in “People held”), by the region where they lived as "
            "the registry now records it, and per 100,000 inhabitants of the region as estimated "
            "by Rosstat for 1 January 2020, where the bundled population table has the region."
        ),
        dimension=_("home region"),
        measures=(PEOPLE_HELD, PER_100K),
        count=count_home_regions,
    ),
    Figure(
        key="detention-regions",
        title=_("People held by region of detention"),
        definition=_(
            "People held on the date, by the region of the published facility holding them: "
            "today their current facility, on a past date the facility named by their latest "
            "dated event on or before it. People whose place the record does not give are "
            "counted apart. Per 100,000 inhabitants as for “People held by home region”."
        ),
        dimension=_("region of detention"),
        measures=(PEOPLE_HELD, PER_100K),
        count=count_detention_regions,
    ),
    Figure(
        key="investigation-regions",
        title=_("People held by region of investigation"),
        definition=_(
            "People held on the date, by the region where each of their cases is investigated, "
            "as the registry records the case: a person prosecuted in cases of two regions "
            "counts once in each, and once however many cases they have in one region. On a "
            "past date, the prosecutions that began on or before it, as in “People and "
            "prosecutions”. People held in no case with a recorded region are counted apart. "
            "Per 100,000 inhabitants as for “People held by home region”."
        ),
        dimension=_("region of investigation"),
        measures=(PEOPLE_HELD, PER_100K),
        count=count_investigation_regions,
    ),
    Figure(
        key="facilities",
        title=_("Facilities holding most people"),
        definition=_(
            "The ten published facilities holding the most people held on the date, each "
            "person's place found as in “People held by region of detention”."
        ),
        dimension=_("facility"),
        measures=(PEOPLE_HELD,),
        count=count_facilities,
    ),
    Figure(
        key="articles",
        title=_("People charged by article"),
        definition=_(
            "Published people charged under each article in a published case, each person "
            "counted once per article however many charges; a person charged under several "
            "articles counts under each. On a past date, charges brought on or before it, or "
            "without a date in a prosecution that began on or before it."
        ),
        dimension=_("article"),
        measures=(PEOPLE_CHARGED,),
        count=count_articles,
    ),
    Figure(
        key="article-categories",
        title=_("People charged by category of article"),
        definition=_(
            "As in “People charged by article”, with the articles grouped by their category "
            "(terrorism, extremism, protest and so on); a person counts once per category."
        ),
        dimension=_("category"),
        measures=(PEOPLE_CHARGED,),
        count=count_article_categories,
    ),
    Figure(
        key="political-views",
        title=_("People held by political view"),
        definition=_(
            "People held on the date, by the political views the registry records for them; a "
            "person with several views counts under each, and people with none recorded are "
            "counted apart."
        ),
        dimension=_("political view"),
        measures=(PEOPLE_HELD,),
        count=count_political_views,
    ),
    Figure(
        key="organisations",
        title=_("People held by organisation or movement"),
        definition=_(
            "People held on the date, by the organisations and movements the registry records "
            "them as part of; a person in several counts under each, and people with none "
            "recorded are counted apart."
        ),
        dimension=_("organisation or movement"),
        measures=(PEOPLE_HELD,),
        count=count_organisations,
    ),
    Figure(
        key="detentions",
        title=_("New detentions per year"),
        definition=_(
            "Periods of custody that began in each year, on or before the date: a detention or "
            "custody order of a person who was not already in custody."
        ),
        dimension=_("year"),
        measures=(_("detentions"),),
        count=count_detentions,
    ),
    Figure(
        key="cases",
        title=_("New cases per year"),
        definition=_(
            "Published cases with at least one published defendant, by the year they were "
            "opened, on or before the date. Cases whose opening the record does not date are "
            "not counted here."
        ),
        dimension=_("year"),
        measures=(_("new cases"),),
        count=count_cases,
    ),
    Figure(
        key="detentions-per-month",
        title=_("New detentions per month"),
        definition=_(
            "Periods of custody that began in each of the 24 months up to and including the "
            "month of the date, counted as in “New detentions per year”; a month with none "
            "shows 0. A detention known only to the season or the year counts in the first "
            "month of it, as the registry stores such dates."
        ),
        dimension=_("month"),
        measures=(_("detentions"),),
        count=count_detentions_per_month,
    ),
    Figure(
        key="cases-per-month",
        title=_("New cases per month"),
        definition=_(
            "Cases opened in each of the 24 months up to and including the month of the date, "
            "counted as in “New cases per year”; a month with none shows 0. A case opening "
            "known only to the season or the year counts in the first month of it, as the "
            "registry stores such dates."
        ),
        dimension=_("month"),
        measures=(_("new cases"),),
        count=count_cases_per_month,
    ),
    Figure(
        key="sentences",
        title=_("Sentence lengths"),
        definition=_(
            "Terms of imprisonment in the verdicts in force on the date: for each person in "
            "each case, the latest published verdict with a punishment on or before the date, "
            "unless it was overturned or sent for retrial. Only imprisonment counts, not forced "
            "labour or suspended sentences. The median is the middle term; when their number is "
            "even, the shorter of the two middle terms."
        ),
        dimension=_("term"),
        measures=(_("sentences"),),
        count=count_sentences,
    ),
    Figure(
        key="sentence-years",
        title=_("Years of imprisonment handed down per year"),
        definition=_(
            "Sentences of imprisonment handed down at first instance, by the year of the "
            "verdict, on or before the date: the sentences, their terms added up in years, and "
            "the life sentences among them (not in the total). Every published first-instance "
            "verdict of imprisonment counts, even if it was later changed or overturned; "
            "decisions on appeal, in cassation or on supervisory review do not, so no term is "
            "counted twice, and a new verdict after a retrial counts in its own year. Verdicts "
            "whose term the record does not give are left out."
        ),
        dimension=_("year"),
        measures=(_("sentences"), _("years in total"), _("life sentences")),
        count=count_sentence_years,
        charted=1,
    ),
    Figure(
        key="punishment-cells",
        title=_("Punishment-cell placements per year"),
        definition=_(
            "Placements in a punishment cell (SHIZO) recorded in the timeline, by the year each "
            "began, on or before the date: the people placed (each once a year), the "
            "placements, and the days from each placement's first day to its end date (or to "
            "the date of the figure, if it ends later). Placements without an end date add no "
            "days. This is the measure of OVD-Info's “40 people, 82 placements, 1,015 days”."
        ),
        dimension=_("year"),
        measures=(PEOPLE, _("placements"), _("days")),
        count=count_punishment_cells,
        charted=1,
    ),
    Figure(
        key="torture",
        title=_("Torture and ill-treatment reports per year"),
        definition=_(
            "Published reports of torture or ill-treatment in the timeline, by the year of the "
            "event, on or before the date, with the number of people they concern."
        ),
        dimension=_("year"),
        measures=(_("reports"), PEOPLE),
        count=count_torture,
    ),
    Figure(
        key="releases",
        title=_("Releases per year"),
        definition=_(
            "Releases recorded in the timeline, by year, on or before the date, with the number "
            "of people released."
        ),
        dimension=_("year"),
        measures=(_("releases"), PEOPLE),
        count=count_releases,
    ),
)


# Figures declared by other apps ---------------------------------------------------------------


def figure_from_source(source: plugins.FigureSource) -> Figure:
    """A figure counted by another app's function; small counts of people become None."""

    def count(record: RecordOnDate) -> Counted:
        lines = [
            Line(label, tuple(_hidden_if_small(source, i, v) for i, v in enumerate(values)))
            for label, values in source.rows(as_of=record.as_of)
        ]
        return Counted(lines)

    return Figure(
        key=source.key,
        title=source.title,
        definition=source.definition,
        dimension=source.dimension,
        measures=source.measures,
        count=count,
        charted=source.charted,
        people_measures=source.people_measures,
    )


def _hidden_if_small(source: plugins.FigureSource, index: int, value: int) -> int | None:
    if index in source.people_measures and visibility.small_count_hidden(value):
        return None
    return value


@cache
def figures() -> tuple[Figure, ...]:
    """Every figure of the section: the registry's (`FIGURES`), then those other apps declare."""
    declared = (figure_from_source(source) for _app, source in plugins.figure_sources())
    return (*FIGURES, *declared)


def figure_by_key(key: str) -> Figure | None:
    return next((figure for figure in figures() if figure.key == key), None)
