"""The editors' checking queue: records that need an editor's attention, each with its reason.

Policy:

- One rule per reason (`CheckReason`), each a function of today's date in `RULES`:

  - **release passed**: a person recorded as held after the expected release
    (`selectors.people_release_passed`);
  - **custody term passed**: a person in pre-trial detention whose last custody order (the last
    detention or custody event) ran until a date now past: the extension that must have followed
    is not recorded;
  - **status stale**: a person held, under house arrest or under restrictions with neither a
    timeline event nor a source dated in the last `UNHEARD_CHECK_AFTER_MONTHS` months;
  - **facility address unsourced**: a facility with a postal address and no source;
  - **event unsourced**: a timeline event with no source;
  - **summary missing**: a person with no summary in a language in which other people have one.

- Drafts count as well as published records (a draft is checked before it goes public);
  synthetic people never do.
- An editor's `CheckMark` (made by `services.check_mark`, with the source read) takes the record
  out of the queue for that reason until the mark is older than `UNHEARD_CHECK_AFTER_MONTHS`;
  a rule that a source fixes (an unsourced address or event) is fixed by the source itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from unheard.core.visibility import without_synthetic
from unheard.registry.models import CheckMark, CheckReason, Facility, Person, TimelineEvent
from unheard.registry.selectors import people_release_passed

WATCHED_STATUSES = (
    *Person.HELD_STATUSES,
    Person.Status.HOUSE_ARREST,
    Person.Status.RESTRICTIONS,
)


@dataclass(frozen=True)
class CheckItem:
    """One record to check, why, and what the editor should know (`detail`)."""

    record: models.Model
    reason: CheckReason
    detail: str

    @property
    def person(self) -> Person | None:
        return (
            self.record if isinstance(self.record, Person) else getattr(self.record, "person", None)
        )


def check_after_months() -> int:
    return settings.UNHEARD_CHECK_AFTER_MONTHS


def recheck_cutoff(today: dt.date) -> dt.date:
    """Marks and news older than this date no longer count."""
    return today - relativedelta(months=check_after_months())


def _unmarked(queryset: models.QuerySet, reason: CheckReason, today: dt.date) -> models.QuerySet:
    marked = CheckMark.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model),
        reason=reason,
        checked_at__date__gte=recheck_cutoff(today),
    ).values("object_id")
    return queryset.exclude(pk__in=marked)


def _day(value: dt.date | None) -> str:
    # Details end with the date and no full stop: a Russian date already ends with "г.".
    return date_format(value) if value else _("never")


# The rules ------------------------------------------------------------------------------------


def release_passed(*, today: dt.date) -> Iterable[CheckItem]:
    reason = CheckReason.RELEASE_PASSED
    for person in _unmarked(people_release_passed(today=today), reason, today):
        detail = _("Expected release: %(date)s") % {"date": _day(person.expected_release)}
        yield CheckItem(person, reason, detail)


def custody_term_passed(*, today: dt.date) -> Iterable[CheckItem]:
    reason = CheckReason.CUSTODY_TERM_PASSED
    last_order = TimelineEvent.objects.filter(
        person=OuterRef("pk"), kind__in=TimelineEvent.CUSTODIAL_KINDS
    ).order_by("-date", "-id")
    people = (
        without_synthetic(Person.objects.filter(status=Person.Status.PRE_TRIAL))
        .annotate(term_end=Subquery(last_order.values("end_date")[:1]))
        .filter(term_end__lt=today)
        .order_by("term_end")
    )
    for person in _unmarked(people, reason, today):
        detail = _("The last custody order ran until %(date)s") % {"date": _day(person.term_end)}
        yield CheckItem(person, reason, detail)


def status_stale(*, today: dt.date) -> Iterable[CheckItem]:
    reason = CheckReason.STATUS_STALE
    cutoff = recheck_cutoff(today)
    people = (
        without_synthetic(Person.objects.filter(status__in=WATCHED_STATUSES))
        .annotate(last_event=Max("events__date"), last_source=Max("sources__published_on"))
        .filter(Q(last_event__lt=cutoff) | Q(last_event__isnull=True))
        .filter(Q(last_source__lt=cutoff) | Q(last_source__isnull=True))
        .order_by("last_event", "surname")
    )
    for person in _unmarked(people, reason, today):
        latest = max(filter(None, (person.last_event, person.last_source)), default=None)
        detail = _("Latest news: %(date)s") % {"date": _day(latest)}
        yield CheckItem(person, reason, detail)


def facility_address_unsourced(*, today: dt.date) -> Iterable[CheckItem]:
    reason = CheckReason.FACILITY_ADDRESS_UNSOURCED
    facilities = (
        Facility.objects.exclude(postal_address="").filter(sources__isnull=True).order_by("name")
    )
    for facility in _unmarked(facilities, reason, today):
        yield CheckItem(facility, reason, facility.postal_address)


def event_unsourced(*, today: dt.date) -> Iterable[CheckItem]:
    reason = CheckReason.EVENT_UNSOURCED
    events = (
        TimelineEvent.objects.filter(sources__isnull=True, person__is_synthetic=False)
        .select_related("person")
        .order_by("person__surname", "date")
    )
    for event in _unmarked(events, reason, today):
        yield CheckItem(event, reason, str(event))


def summary_missing(*, today: dt.date) -> Iterable[CheckItem]:
    reason = CheckReason.SUMMARY_MISSING
    columns = {code: f"summary_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES}
    blank = {
        code: Q(**{column: ""}) | Q(**{f"{column}__isnull": True})
        for code, column in columns.items()
    }
    people = without_synthetic(Person.objects.all())
    used = [code for code in columns if people.exclude(blank[code]).exists()]
    if not used:
        return
    lacking = Q()
    for code in used:
        lacking |= blank[code]
    for person in _unmarked(people.filter(lacking), reason, today):
        missing = [code for code in used if not getattr(person, columns[code])]
        detail = _("No summary in: %(languages)s.") % {"languages": ", ".join(missing)}
        yield CheckItem(person, reason, detail)


Rule = Callable[..., Iterable[CheckItem]]

RULES: dict[CheckReason, Rule] = {
    CheckReason.RELEASE_PASSED: release_passed,
    CheckReason.CUSTODY_TERM_PASSED: custody_term_passed,
    CheckReason.STATUS_STALE: status_stale,
    CheckReason.FACILITY_ADDRESS_UNSOURCED: facility_address_unsourced,
    CheckReason.EVENT_UNSOURCED: event_unsourced,
    CheckReason.SUMMARY_MISSING: summary_missing,
}


def checking_queue(*, today: dt.date | None = None) -> dict[CheckReason, list[CheckItem]]:
    """Every item to check, by reason in the order of `RULES`."""
    today = today or timezone.localdate()
    return {reason: list(rule(today=today)) for reason, rule in RULES.items()}


def checking_queue_count(*, today: dt.date | None = None) -> int:
    return sum(len(items) for items in checking_queue(today=today).values())


def waiting_count(user) -> int:
    """For the back-office home."""
    return checking_queue_count()


def check_item(*, record: models.Model, reason: CheckReason, today: dt.date | None = None):
    """The queue's item for this record and reason, or None when it is not (or no longer) there."""
    today = today or timezone.localdate()
    return next((item for item in RULES[reason](today=today) if item.record == record), None)
