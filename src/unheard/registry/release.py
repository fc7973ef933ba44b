"""Expected release date under Article 72 of the Criminal Code of the Russian Federation.

The policy, as the Code states it (wording of Federal Law No. 186-FZ of 3 July 2018):

* A term of imprisonment or forced labour is counted in years and months (Art. 72 part 1). It
  runs from the day custody began; the last day of the term is the day before the anniversary.
* Time held in custody before the verdict enters into force is credited (part 3.1) at one day of
  custody for one day in a prison or a strict- or special-regime colony (a), for one and a half
  days in a general-regime or educational colony (b), for two days in a colony-settlement (c).
* Part 3.2 makes the credit one for one whatever the regime for convictions under Articles 205 to
  205.5, 206 parts 3 and 4, 208, 209, 211 part 4, 228 parts 2 and 3, 228.1, 229, 275, 276 and 361,
  and for especially dangerous recidivism. (Articles 277–279 and 360 fall under it only when
  linked to terrorism; the registry cannot tell, so they are not excluded, and the estimate says so.)
* Part 3.4: two days of house arrest count as one day of custody or imprisonment.
* Part 3: for forced labour, one day of custody counts as two days.
* Only days actually held count: when custody was interrupted before the verdict entered into
  force (a release, house arrest, a non-custodial first-instance verdict later toughened on
  appeal), the days at liberty push the end of the term back.

Everything the record does not say is assumed, and every assumption is returned with the date, so
pages can show it. The estimate ignores parole, amnesty and pardon, which cannot be predicted.

Only a sentence in force for the person's current custody gives an estimate: a person detained
again in a new case after serving an old sentence has none until the new case has a verdict
(`selectors.person_custody`). An estimate whose whole period is over while the person is still
recorded as held is not a release date but a sign that the record is out of date: pages say the
status is being checked and the editors find the person in `selectors.people_release_passed`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from unheard.core.dates import DatePrecision, PartialDate, normalise_partial

# (article, parts or None for every part) excluded from the enhanced credit by part 3.2.
ONE_FOR_ONE_ARTICLES: dict[str, set[str] | None] = {
    "205": None,
    "205.1": None,
    "205.2": None,
    "205.3": None,
    "205.4": None,
    "205.5": None,
    "206": {"3", "4"},
    "208": None,
    "209": None,
    "211": {"4"},
    "228": {"2", "3"},
    "228.1": None,
    "229": None,
    "275": None,
    "276": None,
    "361": None,
}
TERRORISM_LINKED_ARTICLES = {"277", "278", "279", "360"}

CREDIT_BY_REGIME = {
    "prison": Decimal("1"),
    "strict": Decimal("1"),
    "special": Decimal("1"),
    "general": Decimal("1.5"),
    "educational": Decimal("1.5"),
    "settlement": Decimal("2"),
}
FORCED_LABOUR_CREDIT = Decimal("2")

ASSUMPTION_TEXTS = {
    "forced_labour_credit": _(
        "One day in custody counts as two days of forced labour (Art. 72 part 3)."
    ),
    "part_3_2_exception": _(
        "The conviction is under an article excluded by Art. 72 part 3.2, so custody counts one for one."
    ),
    "terrorism_link_unknown": _(
        "Articles 277–279 and 360 count one for one only when linked to terrorism; assumed not linked."
    ),
    "regime_unknown": _("The regime is not recorded; custody is counted one for one."),
    "in_force_assumed_verdict_date": _(
        "The date the verdict entered into force is not recorded; the latest verdict's date is used."
    ),
    "custody_start_unknown": _("No detention is recorded; the term is counted from the verdict."),
    "custody_start_partial": _(
        "The detention date is known only approximately; the first day of that period is used."
    ),
    "latest_verdict_includes_earlier": _(
        "The latest verdict is taken to include any earlier sentences (Articles 69 and 70)."
    ),
    "house_arrest_credited": _("Two days of house arrest count as one day (Art. 72 part 3.4)."),
    "custody_interrupted": _(
        "Custody was interrupted before the verdict entered into force; only the days actually held are credited."
    ),
}


@dataclass(frozen=True)
class Custody:
    """What the record says about one person's sentence in force, reduced to plain values."""

    punishment: str
    regime: str
    term_years: int
    term_months: int
    verdict_date: dt.date
    in_force_on: dt.date | None
    custody_start: dt.date | None
    custody_start_precision: str = DatePrecision.DAY
    house_arrest_days: int = 0
    # Days actually held before the verdict entered into force; None means held without a break
    # from custody_start (the record shows no release, house arrest or non-custodial verdict).
    custody_days: int | None = None
    articles: tuple[tuple[str, str], ...] = ()  # (number, part) of the convicted charges
    several_verdicts: bool = False


@dataclass
class ReleaseEstimate:
    date: dt.date | None
    precision: str = DatePrecision.DAY
    credit_ratio: Decimal | None = None
    assumptions: list[str] = field(default_factory=list)
    reason: str = ""

    def as_json(self) -> dict:
        return {
            "date": self.date.isoformat() if self.date else None,
            "precision": self.precision,
            "credit_ratio": str(self.credit_ratio) if self.credit_ratio is not None else None,
            "assumptions": self.assumptions,
            "reason": self.reason,
        }


def add_months(start: dt.date, months: int) -> dt.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def credit_ratio(custody: Custody) -> tuple[Decimal, list[str]]:
    """The days of sentence one day of custody is worth, and the assumptions made to say so."""
    if custody.punishment == "forced_labour":
        return FORCED_LABOUR_CREDIT, ["forced_labour_credit"]
    if any(_excluded(number, part) for number, part in custody.articles):
        return Decimal("1"), ["part_3_2_exception"]
    notes = []
    if any(number in TERRORISM_LINKED_ARTICLES for number, _ in custody.articles):
        notes.append("terrorism_link_unknown")
    if not custody.regime:
        return Decimal("1"), [*notes, "regime_unknown"]
    return CREDIT_BY_REGIME[custody.regime], notes


def _excluded(number: str, part: str) -> bool:
    if number not in ONE_FOR_ONE_ARTICLES:
        return False
    parts = ONE_FOR_ONE_ARTICLES[number]
    return parts is None or part in parts


def estimate_release(custody: Custody) -> ReleaseEstimate:
    if custody.punishment not in {"imprisonment", "forced_labour"}:
        return ReleaseEstimate(None, reason="not_custodial")
    if custody.term_years == 0 and custody.term_months == 0:
        return ReleaseEstimate(None, reason="no_term")

    assumptions: list[str] = []
    in_force = custody.in_force_on
    if in_force is None:
        in_force = custody.verdict_date
        assumptions.append("in_force_assumed_verdict_date")
    start = custody.custody_start
    if start is None:
        start = in_force
        assumptions.append("custody_start_unknown")
    elif custody.custody_start_precision != DatePrecision.DAY:
        assumptions.append("custody_start_partial")
    if custody.several_verdicts:
        assumptions.append("latest_verdict_includes_earlier")

    ratio, ratio_notes = credit_ratio(custody)
    assumptions.extend(ratio_notes)
    span = max((in_force - start).days, 0)
    custody_days = span if custody.custody_days is None else min(custody.custody_days, span)
    # Days at liberty (or under house arrest) between the first detention and the verdict's
    # entry into force do not count towards the term, so they push the end back.
    days_not_held = span - custody_days
    extra_credit = int(custody_days * (ratio - 1)) + custody.house_arrest_days // 2 - days_not_held
    if custody.house_arrest_days:
        assumptions.append("house_arrest_credited")
    if days_not_held:
        assumptions.append("custody_interrupted")

    term_end = add_months(start, custody.term_years * 12 + custody.term_months) - dt.timedelta(
        days=1
    )
    release = term_end - dt.timedelta(days=extra_credit)
    precision = (
        DatePrecision.DAY
        if custody.custody_start_precision == DatePrecision.DAY or custody.custody_start is None
        else DatePrecision.MONTH
    )
    return ReleaseEstimate(normalise_partial(release, precision), precision, ratio, assumptions)


def release_date_passed(*, expected: dt.date | None, precision: str, today: dt.date) -> bool:
    """Whether the whole period an estimate names ("June 2026": all of June) is before `today`."""
    period = PartialDate.of(normalise_partial(expected, precision), precision)
    return period is not None and period.latest() < today
