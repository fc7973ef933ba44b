"""The public report for a period: money raised and spent, people helped, the registry's growth.

Policy:
* Itemised records count by their own date: donations (net of refunds and corrections) by the
  date received, aid and costs by the date given or spent. A correction keeps the date of the
  entry it corrects, so a past period's report changes when a mistake in it is corrected.
* Sourced aggregate figures (past years kept in spreadsheets, published reports) count when
  their whole period lies inside the report's period. A figure whose source does not date it
  counts only in the report since founding; figures overlapping the period only in part are not
  counted, and the report lists them. Itemised records and figures are added together: enter a
  figure only for a period whose records are not itemised.
* Totals in the reporting currency (`UNHEARD_REPORTING_CURRENCY`) are sums of each entry's
  conversion at its own date (see `money.py`). A sourced figure in another currency counts in the
  total through the equivalent its source gives, else at the rate of its period's last day; one
  with neither is shown in its own currency and named as left out of the total.
* People helped are counted once per category in a period, however often they were helped. Any
  count of people helped from 1 to `UNHEARD_FUNDS_SMALL_COUNT` − 1 (default 5) is shown as
  "fewer than 5" — in the page, the charts (no bar is drawn), the CSV and the PDF — so that no
  one can be singled out. Zero is shown as zero.
* Money spent and people helped say where each number comes from (our records, the sources
  cited, or both). A kind of spending with neither a record nor a figure is "not recorded", never
  zero: a source that counts people helped without amounts does not mean nothing was spent.
* Sourced figures in another currency are shown in their own currency with the equivalent their
  source cites ("over 20 million roubles (~ over €212 000)").
* People recognised as political prisoners and people held now are counted with the registry's
  selectors (`people_recognised_count`, `people_held_count`), the same as the home page; people
  added to the registry are counted from its published records dated in the period; sourced figures about them are shown beside
  these counts, not added to them, because the registry may hold the same people.
* Nothing about donors or beneficiaries leaves this module but counts and sums.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unheard.core import visibility
from unheard.core.output.csv import Column
from unheard.funds.models import (
    AggregateFigure,
    AidCategory,
    AidRecord,
    Donation,
    RunningCost,
    SpendingCategory,
)
from unheard.funds.money import Money, convert_minor, format_money, today
from unheard.funds.rates import RateBook, RateMissing
from unheard.funds.selectors import reporting_currency, small_count_threshold

Metric = AggregateFigure.Metric
Qualifier = AggregateFigure.Qualifier


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included; None at either end means "since founding" / "today"."""

    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def parse(cls, start: str = "", end: str = "", year: str = "") -> Period:
        if year:
            if not year.isdigit() or not 1900 < int(year) < 3000:
                raise PeriodError(_("“%(text)s” is not a year.") % {"text": year})
            return cls(dt.date(int(year), 1, 1), dt.date(int(year), 12, 31))
        dates = []
        for text in (start, end):
            text = (text or "").strip()
            if not text:
                dates.append(None)
                continue
            try:
                dates.append(dt.date.fromisoformat(text))
            except ValueError as error:
                raise PeriodError(
                    _("“%(text)s” is not a date in the form YYYY-MM-DD.") % {"text": text}
                ) from error
        if dates[0] and dates[1] and dates[1] < dates[0]:
            raise PeriodError(_("The end of the period is before its start."))
        return cls(*dates)

    @property
    def all_time(self) -> bool:
        return self.start is None and self.end is None

    @property
    def last_day(self) -> dt.date:
        return self.end or today()

    def contains(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether a figure's period lies wholly inside this one (see the policy)."""
        if self.all_time:
            return True
        if start is None or end is None:
            return False
        return (self.start is None or self.start <= start) and end <= self.last_day

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        if start is None or end is None:
            return False
        return (self.start is None or end >= self.start) and start <= self.last_day

    def filter(self, field_name: str) -> Q:
        condition = Q()
        if self.start:
            condition &= Q(**{f"{field_name}__gte": self.start})
        if self.end:
            condition &= Q(**{f"{field_name}__lte": self.end})
        return condition

    def label(self) -> str:
        if self.all_time:
            return _("since founding")
        if (
            self.start
            and self.end
            and (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)
            and self.start.year == self.end.year
        ):
            return str(self.start.year)
        start = date_format(self.start, "DATE_FORMAT") if self.start else ""
        end = date_format(self.end, "DATE_FORMAT") if self.end else ""
        if not self.start:
            return _("from founding to %(end)s") % {"end": end}
        if not self.end:
            return _("from %(start)s to today") % {"start": start}
        return _("from %(start)s to %(end)s") % {"start": start, "end": end}

    def query(self) -> str:
        parts = []
        if self.start:
            parts.append(f"from={self.start.isoformat()}")
        if self.end:
            parts.append(f"to={self.end.isoformat()}")
        return "&".join(parts)


@dataclass
class PeopleCount:
    """A number of people, shown as "fewer than N" when it is small enough to single someone out."""

    value: int
    threshold: int
    qualifier: str = Qualifier.EXACT
    protect: bool = True

    @property
    def suppressed(self) -> bool:
        return self.protect and visibility.small_count_hidden(self.value, threshold=self.threshold)

    @property
    def public_value(self) -> int | None:
        """The number as it may be published: None when suppressed."""
        return None if self.suppressed else self.value

    def __str__(self) -> str:
        if self.suppressed:
            return _("fewer than %(number)s") % {"number": self.threshold}
        from django.utils.formats import number_format

        number = number_format(self.value, force_grouping=True)
        if self.qualifier == Qualifier.AT_LEAST:
            return _("at least %(number)s") % {"number": number}
        if self.qualifier == Qualifier.ABOUT:
            return _("about %(number)s") % {"number": number}
        return number


def qualified(money: Money | None, qualifier: str, whole: bool = True) -> str:
    if money is None:
        return ""
    text = format_money(money, whole=whole)
    if qualifier == Qualifier.AT_LEAST:
        return _("at least %(amount)s") % {"amount": text}
    if qualifier == Qualifier.ABOUT:
        return _("about %(amount)s") % {"amount": text}
    return text


def combine(qualifiers) -> str:
    values = set(qualifiers)
    if Qualifier.ABOUT in values:
        return Qualifier.ABOUT
    if Qualifier.AT_LEAST in values:
        return Qualifier.AT_LEAST
    return Qualifier.EXACT


@dataclass
class CurrencyLine:
    currency: str
    itemised: Money
    sourced: Money
    in_reporting: Money | None
    qualifier: str
    figures: list[AggregateFigure]
    converted_part: Money | None = None

    @property
    def total(self) -> Money:
        return self.itemised + self.sourced

    @property
    def display(self) -> str:
        return qualified(self.total, self.qualifier)


@dataclass
class SpendingLine:
    category: str
    label: str
    itemised: Money
    sourced: Money
    qualifier: str
    figures: list[AggregateFigure]
    recorded: bool = True

    @property
    def total(self) -> Money:
        return self.itemised + self.sourced

    @property
    def display(self) -> str:
        """The amount, or "not recorded" when neither a record nor a figure states one: zero
        would claim that nothing was spent."""
        if not self.recorded and not self.figures:
            return _("not recorded")
        return qualified(self.total, self.qualifier)


@dataclass
class HelpLine:
    category: str
    label: str
    count: PeopleCount
    figures: list[AggregateFigure]
    recorded: bool = False

    @property
    def basis(self) -> str:
        """Where the number comes from: "records", "sources", "both" or "" (nothing)."""
        return {
            (True, True): "both",
            (True, False): "records",
            (False, True): "sources",
        }.get((self.recorded, bool(self.figures)), "")


@dataclass
class Report:
    period: Period
    currency: str
    threshold: int
    raised: list[CurrencyLine] = field(default_factory=list)
    raised_total: Money | None = None
    raised_qualifier: str = Qualifier.EXACT
    raised_left_out: list[Money] = field(default_factory=list)
    donations: PeopleCount | None = None
    spent: list[SpendingLine] = field(default_factory=list)
    spent_total: Money | None = None
    spent_qualifier: str = Qualifier.EXACT
    spent_left_out: list[Money] = field(default_factory=list)
    helped: list[HelpLine] = field(default_factory=list)
    legal_stages: list[tuple[str, PeopleCount]] = field(default_factory=list)
    recognised: PeopleCount | None = None
    held_now: PeopleCount | None = None
    recognised_figures: list[AggregateFigure] = field(default_factory=list)
    added: PeopleCount | None = None
    added_figures: list[AggregateFigure] = field(default_factory=list)
    other_figures: list[AggregateFigure] = field(default_factory=list)
    figures: list[AggregateFigure] = field(default_factory=list)
    left_out_figures: list[AggregateFigure] = field(default_factory=list)
    undated_left_out: int = 0
    years: list[int] = field(default_factory=list)

    @property
    def raised_total_display(self) -> str:
        return qualified(self.raised_total, self.raised_qualifier)

    @property
    def spent_recorded(self) -> bool:
        """Whether any record or sourced figure states money spent in the period."""
        return any(line.recorded or line.figures for line in self.spent)

    @property
    def spent_total_display(self) -> str:
        if not self.spent_recorded:
            return _("not recorded")
        return qualified(self.spent_total, self.spent_qualifier)

    def chart_raised(self) -> list[tuple[str, int | None, str]]:
        return [
            (line.currency, line.in_reporting.minor if line.in_reporting else None, line.display)
            for line in self.raised
        ]

    def chart_spent(self) -> list[tuple[str, int | None, str]]:
        if not self.spent_recorded:
            return []
        return [(line.label, line.total.minor, line.display) for line in self.spent]

    def chart_helped(self) -> list[tuple[str, int | None, str]]:
        return [(line.label, line.count.public_value, str(line.count)) for line in self.helped]


class ReportBuilder:
    def __init__(self, period: Period) -> None:
        self.period = period
        self.currency = reporting_currency()
        self.threshold = small_count_threshold()
        self.report = Report(period=period, currency=self.currency, threshold=self.threshold)
        self._book: RateBook | None = None

    def count(self, value: int, qualifier: str = Qualifier.EXACT, protect=True) -> PeopleCount:
        return PeopleCount(value, self.threshold, qualifier, protect)

    def build(self) -> Report:
        figures = list(
            AggregateFigure.objects.prefetch_related("sources").order_by(
                "period_start", "metric", "category", "pk"
            )
        )
        included = [f for f in figures if self.period.contains(f.period_start, f.period_end)]
        self.report.figures = included
        self.report.left_out_figures = [
            f
            for f in figures
            if f not in included and self.period.overlaps(f.period_start, f.period_end)
        ]
        self.report.undated_left_out = sum(
            1 for f in figures if f not in included and f.period_start is None
        )
        self._raised(included)
        self._spent(included)
        self._helped(included)
        self._registry(included)
        self.report.other_figures = [f for f in included if f.metric == Metric.OTHER]
        self.report.years = report_years()
        return self.report

    # Money ------------------------------------------------------------------------------------

    def _figure_in_reporting(self, figure: AggregateFigure) -> Money | None:
        money = figure.money
        if money.currency == self.currency:
            return money
        if figure.equivalent and figure.equivalent.currency == self.currency:
            return figure.equivalent
        if figure.period_end is None:
            return None
        if self._book is None:
            self._book = RateBook.load()
        try:
            rate = self._book.rate(money.currency, self.currency, figure.period_end)
        except RateMissing:
            return None
        return Money(convert_minor(money.minor, money.currency, self.currency, rate), self.currency)

    def _raised(self, figures: list[AggregateFigure]) -> None:
        zero = Money.zero(self.currency)
        donations = Donation.objects.filter(self.period.filter("received_on"))
        by_currency = {
            row["currency"]: row
            for row in donations.values("currency").annotate(
                total=Sum("amount_minor"),
                converted=Sum("reporting_minor", filter=Q(reporting_currency=self.currency)),
                unconverted=Sum(
                    "amount_minor",
                    filter=Q(reporting_minor__isnull=True) | ~Q(reporting_currency=self.currency),
                ),
            )
        }
        self.report.donations = self.count(
            donations.filter(kind=Donation.Kind.DONATION).count(), protect=True
        )
        money_figures = [f for f in figures if f.metric == Metric.FUNDS_RAISED]
        currencies = sorted(set(by_currency) | {f.currency for f in money_figures})
        total, qualifiers, left_out = zero, [], []
        for currency in currencies:
            row = by_currency.get(currency, {})
            mine = [f for f in money_figures if f.currency == currency]
            itemised = Money(row.get("total") or 0, currency)
            sourced = sum((f.money for f in mine), Money.zero(currency))
            in_reporting = Money(row.get("converted") or 0, self.currency)
            complete = not row.get("unconverted")
            if row.get("unconverted"):
                left_out.append(Money(row["unconverted"], currency))
            for figure in mine:
                converted = self._figure_in_reporting(figure)
                if converted is None:
                    complete = False
                    left_out.append(figure.money)
                else:
                    in_reporting += converted
                    qualifiers.append(figure.qualifier)
            total += in_reporting
            qualifier = combine(f.qualifier for f in mine)
            self.report.raised.append(
                CurrencyLine(
                    currency=currency,
                    itemised=itemised,
                    sourced=sourced,
                    in_reporting=in_reporting if complete else None,
                    qualifier=qualifier,
                    figures=mine,
                    converted_part=in_reporting,
                )
            )
        self.report.raised_total = total
        self.report.raised_qualifier = combine(qualifiers)
        self.report.raised_left_out = left_out

    def _spent(self, figures: list[AggregateFigure]) -> None:
        itemised: dict[str, int] = {}
        left_out: list[Money] = []
        aid = AidRecord.objects.filter(self.period.filter("given_on"))
        for row in aid.values("category").annotate(
            total=Sum("reporting_minor", filter=Q(reporting_currency=self.currency))
        ):
            itemised[row["category"]] = row["total"] or 0
        costs = RunningCost.objects.filter(self.period.filter("spent_on"))
        organisation = costs.aggregate(
            total=Sum("reporting_minor", filter=Q(reporting_currency=self.currency))
        )["total"]
        itemised[SpendingCategory.ORGANISATION] = organisation or 0
        recorded = set(aid.values_list("category", flat=True).distinct())
        if costs.exists():
            recorded.add(SpendingCategory.ORGANISATION)
        for queryset, amount in ((aid, "cost_minor"), (costs, "amount_minor")):
            for row in (
                queryset.filter(
                    Q(reporting_minor__isnull=True) | ~Q(reporting_currency=self.currency)
                )
                .values("currency")
                .annotate(total=Sum(amount))
            ):
                if row["total"]:
                    left_out.append(Money(row["total"], row["currency"]))
        money_figures = [f for f in figures if f.metric == Metric.FUNDS_SPENT]
        total = Money.zero(self.currency)
        qualifiers = []
        for category, label in SpendingCategory.choices:
            mine = [f for f in money_figures if f.category == category]
            sourced = Money.zero(self.currency)
            for figure in mine:
                converted = self._figure_in_reporting(figure)
                if converted is None:
                    left_out.append(figure.money)
                else:
                    sourced += converted
                    qualifiers.append(figure.qualifier)
            line = SpendingLine(
                category=category,
                label=str(label),
                itemised=Money(itemised.get(category, 0), self.currency),
                sourced=sourced,
                qualifier=combine(f.qualifier for f in mine),
                figures=mine,
                recorded=category in recorded,
            )
            total += line.total
            self.report.spent.append(line)
        self.report.spent_total = total
        self.report.spent_qualifier = combine(qualifiers)
        self.report.spent_left_out = left_out

    # People ------------------------------------------------------------------------------------

    def _helped(self, figures: list[AggregateFigure]) -> None:
        aid = AidRecord.objects.filter(self.period.filter("given_on"))
        counts = {
            row["category"]: row["people"]
            for row in aid.values("category").annotate(people=Count("beneficiary", distinct=True))
        }
        people_figures = [f for f in figures if f.metric == Metric.PEOPLE_HELPED]
        for category, label in AidCategory.choices:
            mine = [f for f in people_figures if f.category == category]
            value = counts.get(category, 0) + sum(f.count or 0 for f in mine)
            self.report.helped.append(
                HelpLine(
                    category=category,
                    label=str(label),
                    count=self.count(value, combine(f.qualifier for f in mine)),
                    figures=mine,
                    recorded=category in counts,
                )
            )
        stages = {
            row["legal_stage"]: row["people"]
            for row in aid.filter(category=AidCategory.LEGAL)
            .values("legal_stage")
            .annotate(people=Count("beneficiary", distinct=True))
        }
        if stages:
            self.report.legal_stages = [
                (str(label), self.count(stages.get(stage, 0)))
                for stage, label in AidRecord.LegalStage.choices
            ]

    def _registry(self, figures: list[AggregateFigure]) -> None:
        from unheard.registry.models import Person
        from unheard.registry.selectors import people_held_count, people_recognised_count

        recognised = people_recognised_count(start=self.period.start, end=self.period.end)
        self.report.recognised = self.count(recognised, protect=False)
        self.report.held_now = self.count(people_held_count(), protect=False)
        self.report.recognised_figures = [
            f for f in figures if f.metric == Metric.PEOPLE_RECOGNISED
        ]
        people = Person.objects.public()
        if not self.period.all_time:
            people = people.annotate(added_at=Coalesce(F("published_at"), F("created_at")))
            if self.period.start:
                people = people.filter(added_at__date__gte=self.period.start)
            if self.period.end:
                people = people.filter(added_at__date__lte=self.period.end)
        self.report.added = self.count(people.count(), protect=False)
        self.report.added_figures = [f for f in figures if f.metric == Metric.PEOPLE_ADDED]


def report_build(*, period: Period) -> Report:
    return ReportBuilder(period).build()


def report_years() -> list[int]:
    """Years with itemised records or dated figures, newest first (for links to each year)."""
    years: set[int] = set()
    for model, field_name in (
        (Donation, "received_on"),
        (AidRecord, "given_on"),
        (RunningCost, "spent_on"),
    ):
        years |= {d.year for d in model.objects.dates(field_name, "year")}
    for start, end in AggregateFigure.objects.filter(period_start__isnull=False).values_list(
        "period_start", "period_end"
    ):
        if start.year == end.year:
            years.add(start.year)
    return sorted(years, reverse=True)


CSV_SECTIONS = {
    "raised": gettext_lazy("raised"),
    "raised_total": gettext_lazy("raised in total"),
    "donations": gettext_lazy("number of donations"),
    "spent": gettext_lazy("spent"),
    "spent_total": gettext_lazy("spent in total"),
    "helped": gettext_lazy("people helped"),
    "legal_stage": gettext_lazy("people given legal assistance, by stage"),
    "recognised": gettext_lazy("people recognised as political prisoners"),
    "added": gettext_lazy("people added to the registry"),
    "other": gettext_lazy("other sourced figure"),
    "registry": gettext_lazy("in the registry"),
    "sourced": gettext_lazy("according to the source"),
}


@dataclass(frozen=True)
class ReportRow:
    """One line of the report as data: a machine-readable number beside its localised display.

    A suppressed count has an empty `number`: only "fewer than N" is written.
    """

    section: str
    item: str = ""
    currency: str = ""
    amount: Decimal | str = ""
    number: int | str | None = ""
    shown: str = ""
    sources: str = ""


REPORT_COLUMNS = (
    Column(gettext_lazy("section"), "section"),
    Column(gettext_lazy("item"), "item"),
    Column(gettext_lazy("currency"), "currency"),
    Column(gettext_lazy("amount"), "amount"),
    Column(gettext_lazy("number"), "number"),
    Column(gettext_lazy("shown as"), "shown"),
    Column(gettext_lazy("sources"), "sources"),
)


def _sources(figures) -> str:
    titles = []
    for figure in figures:
        titles += [str(s) for s in figure.sources.all()]
    return "; ".join(dict.fromkeys(titles))


def _money_row(
    section: str, item: str, currency: str, line: CurrencyLine | SpendingLine
) -> ReportRow:
    stated = getattr(line, "recorded", True) or line.figures
    return ReportRow(
        section,
        item,
        currency,
        line.total.amount if stated else "",
        shown=line.display,
        sources=_sources(line.figures),
    )


def report_rows(report: Report) -> list[ReportRow]:
    """The report line by line, for the CSV download (columns: `REPORT_COLUMNS`)."""
    section = {key: str(label) for key, label in CSV_SECTIONS.items()}
    rows = [
        _money_row(section["raised"], line.currency, line.currency, line) for line in report.raised
    ]
    if report.raised_total is not None:
        all_raised = [f for line in report.raised for f in line.figures]
        rows.append(
            ReportRow(
                section["raised_total"],
                report.currency,
                report.currency,
                report.raised_total.amount,
                shown=report.raised_total_display,
                sources=_sources(all_raised),
            )
        )
    if report.donations is not None:
        rows.append(
            ReportRow(
                section["donations"],
                number=_csv_count(report.donations),
                shown=str(report.donations),
            )
        )
    rows += [
        _money_row(section["spent"], line.label, report.currency, line) for line in report.spent
    ]
    if report.spent_total is not None:
        rows.append(
            ReportRow(
                section["spent_total"],
                currency=report.currency,
                amount=report.spent_total.amount if report.spent_recorded else "",
                shown=report.spent_total_display,
            )
        )
    return rows + _people_rows(report, section)


def _people_rows(report: Report, section: dict[str, str]) -> list[ReportRow]:
    rows = [
        ReportRow(
            section["helped"],
            line.label,
            number=_csv_count(line.count),
            shown=str(line.count),
            sources=_sources(line.figures),
        )
        for line in report.helped
    ]
    rows += [
        ReportRow(section["legal_stage"], label, number=_csv_count(count), shown=str(count))
        for label, count in report.legal_stages
    ]
    for key, count, figures in (
        ("recognised", report.recognised, report.recognised_figures),
        ("added", report.added, report.added_figures),
    ):
        rows.append(
            ReportRow(section[key], section["registry"], number=count.value, shown=str(count))
        )
        for figure in figures:
            shown = PeopleCount(figure.count or 0, report.threshold, figure.qualifier, False)
            rows.append(
                ReportRow(
                    section[key],
                    section["sourced"],
                    number=figure.count,
                    shown=str(shown),
                    sources=_sources([figure]),
                )
            )
    for figure in report.other_figures:
        count = PeopleCount(figure.count or 0, report.threshold, figure.qualifier, protect=False)
        rows.append(
            ReportRow(
                section["other"],
                figure.label,
                number=figure.count,
                shown=str(count),
                sources=_sources([figure]),
            )
        )
    return rows


def _csv_count(count: PeopleCount) -> int | str:
    return "" if count.suppressed else count.value
