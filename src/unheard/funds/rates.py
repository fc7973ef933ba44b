"""Which exchange rate converts an amount on a given day, and reading the ECB's CSV files and the
Central Bank of Russia's XML files.

Policy:
* An amount is converted at the rate of its own date (the donation's, the aid's). Reference
  rates are not published on weekends and holidays, so the latest rate at most
  `UNHEARD_FUNDS_RATE_MAX_AGE_DAYS` days (default 7) before the date is used; an older one is
  "no rate for that date" and the entry is refused until a rate is entered.
* For a pair A → B the most specific rate wins: a rate stated for A → B (or B → A, inverted),
  else the cross rate through a common base (the ECB quotes every currency per euro, so
  RUB → USD is EUR→USD ÷ EUR→RUB), each leg looked up for the same date. There is one rate per
  day and pair; importing ECB rates never overwrites a rate entered by hand.
* The ECB stopped publishing a rouble rate on 1 March 2022. Roubles are converted with the
  Central Bank of Russia's official rates (its XML files, imported like the ECB's: stored as
  "1 EUR = x RUB", origin "cbr"), or a rate entered by hand with its source in the note. A
  rouble → euro conversion uses the CBR's EUR rate of the day directly; other pairs cross
  through the euro or the dollar as above.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from unheard.funds.money import AmountError, currency_in_use, parse_rate

CROSS_BASES = ("EUR", "USD")
ECB_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y")


def max_age() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "UNHEARD_FUNDS_RATE_MAX_AGE_DAYS", 7))


class RateMissing(LookupError):
    def __init__(self, source: str, target: str, on: dt.date) -> None:
        super().__init__(f"no {source}→{target} rate for {on}")
        self.source, self.target, self.on = source, target, on


@dataclass
class RateBook:
    """Rates held in memory for fast lookups over many entries (an import, a refresh).

    `series[(base, quote)]` is a list of (date, rate) sorted by date.
    """

    series: dict[tuple[str, str], list[tuple[dt.date, Decimal]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _dates: dict[tuple[str, str], list[dt.date]] = field(default_factory=dict)
    _cache: dict[tuple[str, str, dt.date], Decimal | None] = field(default_factory=dict)

    @classmethod
    def load(cls, start: dt.date | None = None, end: dt.date | None = None) -> RateBook:
        """Every stored rate, or those that can serve dates from `start` to `end`."""
        from unheard.funds.models import ExchangeRate

        rates = ExchangeRate.objects.all()
        if start:
            rates = rates.filter(date__gte=start - max_age())
        if end:
            rates = rates.filter(date__lte=end)
        book = cls()
        ordered = rates.order_by("date").values_list("date", "base", "quote", "rate")
        for date, base, quote, rate in ordered.iterator(chunk_size=5000):
            book.add(base, quote, date, rate)
        return book

    def add(self, base: str, quote: str, date: dt.date, rate: Decimal) -> None:
        points = self.series[(base, quote)]
        if points and points[-1][0] == date:
            points[-1] = (date, rate)
        elif points and points[-1][0] > date:
            position = bisect.bisect_left([d for d, _ in points], date)
            if position < len(points) and points[position][0] == date:
                points[position] = (date, rate)
            else:
                points.insert(position, (date, rate))
        else:
            points.append((date, rate))
        self._dates.pop((base, quote), None)
        self._cache.clear()

    def _latest(self, base: str, quote: str, on: dt.date) -> tuple[dt.date, Decimal] | None:
        points = self.series.get((base, quote))
        if not points:
            return None
        dates = self._dates.get((base, quote))
        if dates is None:
            dates = self._dates[(base, quote)] = [d for d, _ in points]
        index = bisect.bisect_right(dates, on) - 1
        if index < 0 or on - dates[index] > max_age():
            return None
        return points[index]

    def _direct(self, source: str, target: str, on: dt.date) -> Decimal | None:
        direct = self._latest(source, target, on)
        inverse = self._latest(target, source, on)
        if direct and (not inverse or direct[0] >= inverse[0]):
            return direct[1]
        if inverse:
            with localcontext() as context:
                context.prec = 40
                return Decimal(1) / inverse[1]
        return None

    def rate(self, source: str, target: str, on: dt.date) -> Decimal:
        """Units of `target` for one unit of `source` on `on`; raises RateMissing."""
        if source == target:
            return Decimal(1)
        key = (source, target, on)
        if key not in self._cache:
            self._cache[key] = self._find(source, target, on)
        found = self._cache[key]
        if found is None:
            raise RateMissing(source, target, on)
        return found

    def _find(self, source: str, target: str, on: dt.date) -> Decimal | None:
        direct = self._direct(source, target, on)
        if direct is not None:
            return direct
        for base in CROSS_BASES:
            if base in (source, target):
                continue
            to_source = self._direct(base, source, on)
            to_target = self._direct(base, target, on)
            if to_source is not None and to_target is not None:
                with localcontext() as context:
                    context.prec = 40
                    return to_target / to_source
        return None


# ECB reference-rate files -------------------------------------------------------------------


class RateFileError(ValueError):
    """The file is not an ECB reference-rate CSV; `str()` says why in the user's language."""


@dataclass
class ParsedRates:
    rates: list[tuple[dt.date, str, Decimal]]
    problems: list[str]
    unknown_currencies: list[str]

    @property
    def dates(self) -> tuple[dt.date, dt.date] | None:
        if not self.rates:
            return None
        days = [date for date, _, _ in self.rates]
        return min(days), max(days)


def _ecb_date(text: str) -> dt.date | None:
    for pattern in ECB_DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def ecb_parse(text: str) -> ParsedRates:
    """Read the ECB's `eurofxref.csv` (one day) or `eurofxref-hist.csv` (every day since 1999).

    Both have a header "Date, USD, JPY, …" (with or without spaces, with a trailing comma) and
    one row per day of rates per euro; "N/A" marks a currency not quoted that day. A currency
    is read only for the days it was legal tender (the ECB's history keeps columns for the
    Cypriot pound, the kroon, the lev, …); one in use on none of the file's days is "unknown".
    """
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    if not rows or rows[0][0].lower() != "date" or len(rows[0]) < 2:
        raise RateFileError(
            _("This is not an ECB reference-rate file: its first column must be “Date”.")
        )
    header = rows[0]
    problems: list[str] = []
    rates: list[tuple[dt.date, str, Decimal]] = []
    in_use: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        date = _ecb_date(row[0])
        if date is None:
            problems.append(
                str(_("Row %(row)s: “%(text)s” is not a date.") % {"row": number, "text": row[0]})
            )
            continue
        for code, cell in zip(header[1:], row[1:], strict=False):
            if not code or not currency_in_use(code, date):
                continue
            in_use.add(code)
            if not cell or cell.upper() == "N/A":
                continue
            try:
                rates.append((date, code, parse_rate(cell)))
            except AmountError:
                problems.append(
                    str(
                        _("Row %(row)s, %(currency)s: “%(text)s” is not a rate.")
                        % {"row": number, "currency": code, "text": cell}
                    )
                )
    unknown = [code for code in header[1:] if code and code not in in_use]
    return ParsedRates(rates=rates, problems=problems, unknown_currencies=unknown)


# Central Bank of Russia official rates ----------------------------------------------------------

# The bank's identifiers of currencies, for its "dynamic" files (one currency over a range of
# days), which name the currency only by this identifier. Daily files give the ISO code as well.
CBR_IDS = {
    "R01010": "AUD",
    "R01035": "GBP",
    "R01060": "AMD",
    "R01090B": "BYN",
    "R01210": "GEL",
    "R01235": "USD",
    "R01239": "EUR",
    "R01335": "KZT",
    "R01350": "CAD",
    "R01375": "CNY",
    "R01535": "NOK",
    "R01565": "PLN",
    "R01700J": "TRY",
    "R01720": "UAH",
    "R01760": "CZK",
    "R01770": "SEK",
    "R01775": "CHF",
    "R01820": "JPY",
}


def _cbr_value(record, number: str, problems: list[str], code: str) -> Decimal | None:
    value = record.findtext("VunitRate") or ""
    nominal = (record.findtext("Nominal") or "1").strip()
    if not value:
        value = record.findtext("Value") or ""
    try:
        rate = parse_rate(value.strip().replace(",", "."))
        units = int(nominal)
    except (AmountError, ValueError):
        problems.append(
            str(
                _("Row %(row)s, %(currency)s: “%(text)s” is not a rate.")
                % {"row": number, "currency": code, "text": value}
            )
        )
        return None
    if record.findtext("VunitRate"):
        return rate
    with localcontext() as context:
        context.prec = 40
        return rate / units


def cbr_parse(data: bytes) -> ParsedRates:
    """Read the Central Bank of Russia's `XML_daily.asp` (every currency on one day) or
    `XML_dynamic.asp` (one currency over a range of days) file.

    Each value is roubles for `Nominal` units of the currency, with a decimal comma ("103,2487");
    newer files also give `VunitRate`, roubles for one unit. The rates are returned as
    (date, currency, roubles for one unit).
    """
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    not_cbr = RateFileError(_("This is not a Central Bank of Russia rate file (ValCurs)."))
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise not_cbr from error
    if root.tag != "ValCurs":
        raise not_cbr
    rates: list[tuple[dt.date, str, Decimal]] = []
    problems: list[str] = []
    unknown: list[str] = []
    day = root.get("Date", "")
    for number, record in enumerate(root, start=1):
        if record.tag == "Valute":
            code, text = (record.findtext("CharCode") or "").strip(), day
        elif record.tag == "Record":
            code, text = CBR_IDS.get(record.get("Id", ""), ""), record.get("Date", "")
            if not code:
                unknown.append(record.get("Id", ""))
                continue
        else:
            continue
        try:
            date = dt.datetime.strptime(text.strip(), "%d.%m.%Y").date()
        except ValueError:
            problems.append(
                str(_("Row %(row)s: “%(text)s” is not a date.") % {"row": number, "text": text})
            )
            continue
        if not currency_in_use(code, date):
            unknown.append(code)
            continue
        rate = _cbr_value(record, str(number), problems, code)
        if rate is not None:
            rates.append((date, code, rate))
    return ParsedRates(rates=rates, problems=problems, unknown_currencies=sorted(set(unknown)))
