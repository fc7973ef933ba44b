"""Reads from the registry: what the public may see, and derived views of a record."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.fields.files import FieldFile

from unheard.core import batch, dates
from unheard.core.dates import DatePrecision, normalise_partial
from unheard.core.record_cache import cached
from unheard.core.visibility import is_public, prefixed, public_condition, without_synthetic
from unheard.registry import people_filters
from unheard.registry.models import (
    Article,
    Case,
    CaseDefendant,
    Charge,
    Facility,
    LegalCode,
    Person,
    PersonAlias,
    Recognition,
    TimelineEvent,
    Verdict,
)
from unheard.registry.people_filters import REGISTRY, PeopleQuery
from unheard.registry.release import Custody, ReleaseEstimate, estimate_release

NOT_COUNTED_VERDICTS = (Verdict.AppealOutcome.OVERTURNED, Verdict.AppealOutcome.RETRIAL)


def facts(person: Person, related_name: str, *, public_only: bool) -> QuerySet:
    """A person's facts of one kind: only those the public may see, or every one (drafts too)."""
    manager = getattr(person, related_name)
    return manager.public() if public_only else manager.all()


def verdict_in_force(*, person: Person, public_only: bool = True) -> Verdict | None:
    """The latest verdict that was not overturned or sent for retrial."""
    verdicts = facts(person, "verdicts", public_only=public_only).order_by("date", "id")
    verdicts = [v for v in verdicts if v.punishment]
    if not verdicts or verdicts[-1].appeal_outcome in NOT_COUNTED_VERDICTS:
        return None
    return verdicts[-1]


CUSTODIAL_PUNISHMENTS = ("", Verdict.Punishment.IMPRISONMENT, Verdict.Punishment.FORCED_LABOUR)
CUSTODY_ENDS = (
    TimelineEvent.Kind.RELEASE,
    TimelineEvent.Kind.HOUSE_ARREST,
    TimelineEvent.Kind.RESTRICTIONS,
)


def days_held_before(*, events: list, verdicts: list, until) -> int | None:
    """Days in custody before `until`, or None when the record shows custody was never broken.

    Custody begins with a detention or custody order and ends with a release, a move to house
    arrest or restrictions, or a verdict whose punishment leaves the person free.
    """
    changes = [(e.date, True) for e in events if e.kind in TimelineEvent.CUSTODIAL_KINDS]
    changes += [(e.date, False) for e in events if e.kind in CUSTODY_ENDS]
    changes += [(v.date, False) for v in verdicts if v.punishment not in CUSTODIAL_PUNISHMENTS]
    held, since, interrupted = 0, None, False
    for date, opens in sorted(change for change in changes if change[0] < until):
        if opens and since is None:
            since = date
        elif not opens and since is not None:
            held, since, interrupted = held + (date - since).days, None, True
    if not interrupted:
        return None
    return held + ((until - since).days if since is not None else 0)


def custody_current_start(*, person: Person, public_only: bool = True) -> TimelineEvent | None:
    """The detention or custody order that began the person's current custody: the latest one."""
    events = facts(person, "events", public_only=public_only)
    return events.filter(kind__in=TimelineEvent.CUSTODIAL_KINDS).order_by("date", "id").last()


def verdicts_of_custody(
    *, person: Person, start: TimelineEvent | None, public_only: bool = True
) -> QuerySet[Verdict]:
    """The verdicts that can keep a person in the custody that began with `start`.

    A verdict belongs to the custody when it was given in the case of that detention, or on or
    after its date. A verdict given earlier in another case belongs to an earlier custody: the
    sentence was served, or the person was released, before being detained again.
    """
    verdicts = facts(person, "verdicts", public_only=public_only).exclude(punishment="")
    if start is None:
        return verdicts
    return verdicts.filter(Q(case_id=start.case_id) | Q(date__gte=start.date))


def person_custody(*, person: Person, public_only: bool = True) -> Custody | None:
    """The sentence in force for the person's current custody, or None when there is none.

    A new case after an old sentence is a new custody: a person detained again is not released
    on the old sentence's date, so until the new case has a verdict there is no estimate.

    Read from the facts the public may see, so that a draft verdict or event changes nothing
    public; `public_only=False` counts the drafts too (the back office's estimate).
    """
    verdict = verdict_in_force(person=person, public_only=public_only)
    start = custody_current_start(person=person, public_only=public_only)
    custody_verdicts = verdicts_of_custody(person=person, start=start, public_only=public_only)
    if verdict is None or not custody_verdicts.filter(pk=verdict.pk).exists():
        return None
    events = facts(person, "events", public_only=public_only).filter(
        Q(case=verdict.case) | Q(case__isnull=True)
    )
    detention = events.filter(kind__in=TimelineEvent.CUSTODIAL_KINDS).order_by("date").first()
    house_arrest_days = sum(
        ((e.end_date or verdict.date) - e.date).days
        for e in events.filter(kind=TimelineEvent.Kind.HOUSE_ARREST)
    )
    convicted = (
        facts(person, "charges", public_only=public_only)
        .filter(case=verdict.case)
        .exclude(status__in=[Charge.Status.DROPPED, Charge.Status.ACQUITTED])
    )
    in_force = verdict.in_force_on or (
        verdict.date if verdict.instance != Verdict.Instance.FIRST else None
    )
    custody_days = days_held_before(
        events=list(events.order_by("date", "id")),
        verdicts=list(
            facts(person, "verdicts", public_only=public_only)
            .filter(case=verdict.case)
            .order_by("date", "id")
        ),
        until=in_force or verdict.date,
    )
    return Custody(
        custody_days=custody_days,
        punishment=verdict.punishment,
        regime=verdict.regime,
        term_years=verdict.term_years,
        term_months=verdict.term_months,
        verdict_date=verdict.date,
        in_force_on=in_force,
        custody_start=detention.date if detention else None,
        custody_start_precision=detention.date_precision if detention else "day",
        house_arrest_days=max(house_arrest_days, 0),
        articles=tuple((c.article.number, c.part) for c in convicted.select_related("article")),
        several_verdicts=custody_verdicts.values("case").distinct().count() > 1,
    )


def release_estimate(*, person: Person, public_only: bool = True) -> ReleaseEstimate | None:
    """The expected release of a person still held, from the public facts (what every public
    page, feed and the API show) or, for the back office, from every fact, drafts included."""
    if person.status in (Person.Status.RELEASED, Person.Status.DECEASED, Person.Status.EMIGRATED):
        return None
    custody = person_custody(person=person, public_only=public_only)
    return estimate_release(custody) if custody is not None else None


def published_people() -> QuerySet[Person]:
    return people_filters.published_people()


def people_filtered(*, people_query: PeopleQuery) -> QuerySet[Person]:
    """The public people list: filtered, sorted, with what its table shows."""
    people = people_filters.people_matching(people_query).select_related(
        "current_facility", "home_region"
    )
    return people_filters.people_sorted(people, people_query.sort)


class PeopleInOrder(Sequence):
    """The people of a list in its order, read from the database a page (a slice) at a time.

    The order itself (the ids of every matching public person, sorted) is computed once and kept
    under the version of the registry's part of the record (core/record_cache.py), so neither the count nor a far page
    sorts the whole registry again; a slice reads only its own people, through the visibility
    policy again.
    """

    def __init__(self, *, people_query: PeopleQuery):
        self.people_query = people_query
        key = f"people-order:{people_query.sort}:{people_filters.query_key(people_query)}"
        self.ids = array("q", cached(key, self._ordered_ids, parts=REGISTRY))

    def _ordered_ids(self) -> bytes:
        ordered = people_filtered(people_query=self.people_query).values_list("pk", flat=True)
        return array("q", ordered).tobytes()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : (index + 1) or None][0]
        return PeopleSlice(list(self.ids[index]))


class PeopleSlice(Sequence):
    """A page of `PeopleInOrder`: read from the database only when its people are looked at, so
    a page whose rows are kept rendered (person_list.html) reads none."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    @cached_property
    def people(self) -> list[Person]:
        people = (
            published_people()
            .filter(pk__in=self.ids)
            .select_related("current_facility", "home_region")
        )
        found = {person.pk: person for person in people_filters.with_detention_and_sentence(people)}
        return [found[pk] for pk in self.ids if pk in found]

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.people[index]

    def __iter__(self):
        return iter(self.people)


def people_list(*, status: str = "", query: str = "") -> QuerySet[Person]:
    """Published people, optionally by status and by a name fragment in any stored spelling."""
    people = published_people().select_related("current_facility", "home_region")
    if status:
        people = people.filter(status=status)
    if query:
        people = people.filter(people_filters.name_condition(query))
    return people.order_by("surname", "given_name")


def people_held_count() -> int:
    return published_people().filter(status__in=Person.HELD_STATUSES).count()


def person_photo_public(*, name: str) -> FieldFile | None:
    """The photo stored as `name` when a person the public may see shows it (with consent)."""
    for person in Person.objects.public().filter(photo=name):
        if is_public(person, "photo"):
            return person.photo
    return None


def person_public(*, slug: str) -> Person:
    """A published person with their published facts; `public_case_links` carry co-defendants.
    Within a batch (`core.batch`), read with every person of the batch."""
    person = batch.per_slug("registry.person_public", slug, people_public)
    if person is None:
        raise Person.DoesNotExist(f"No published person {slug!r}.")
    return person


def people_public(slugs: Collection[str]) -> dict[str, Person]:
    """The published people of these slugs, as `person_public` gives each: slug -> person."""
    facts = {
        "charges": Charge.objects.public()
        .select_related("article__code", "case")
        .order_by("article__sort_key", "part", "pk"),
        "verdicts": Verdict.objects.public().select_related("case").order_by("date", "pk"),
        "events": TimelineEvent.objects.public()
        .select_related("facility", "case")
        .order_by("date", "pk"),
        "recognitions": Recognition.objects.public().select_related("organisation").order_by("pk"),
    }  # each with a last tie-breaker: one person and a batch list rows alike on PostgreSQL
    prefetches = [
        Prefetch(name, queryset=qs.prefetch_related("sources"), to_attr=f"public_{name}")
        for name, qs in facts.items()
    ]
    people = (
        published_people()
        .select_related("current_facility__region", "home_region")
        .prefetch_related(
            *prefetches,
            "sources",
            "political_views",
            Prefetch("aliases", queryset=PersonAlias.objects.order_by("pk")),
            Prefetch(
                "case_links",
                queryset=CaseDefendant.objects.public()
                .select_related("case")
                .order_by("pk")  # the same order for one person and for a batch (PostgreSQL)
                .prefetch_related(
                    Prefetch(
                        "case__defendant_links",
                        queryset=_public_defendant_links().order_by(
                            "person__surname", "person__given_name"
                        ),
                        to_attr="public_defendants",
                    )
                ),
                to_attr="public_case_links",
            ),
        )
        .filter(slug__in=list(slugs))
    )
    for person in people:
        for link in person.public_case_links:
            link.co_defendants = [
                other for other in link.case.public_defendants if other.person_id != person.pk
            ]
    return {person.slug: person for person in people}


def _public_defendant_links() -> QuerySet[CaseDefendant]:
    return CaseDefendant.objects.public().select_related("person__current_facility")


def case_public(*, slug: str) -> Case:
    """A published case; each of `public_defendants` carries `verdict`, the latest published one."""
    case = (
        Case.objects.public()
        .select_related("region")
        .prefetch_related(
            "sources",
            Prefetch(
                "defendant_links",
                queryset=_public_defendant_links().order_by(
                    "person__surname", "person__given_name"
                ),
                to_attr="public_defendants",
            ),
            Prefetch(
                "verdicts",
                queryset=Verdict.objects.public().exclude(punishment="").order_by("date", "id"),
                to_attr="public_verdicts",
            ),
            Prefetch(
                "events",
                queryset=TimelineEvent.objects.public()
                .select_related("person", "facility")
                .prefetch_related("sources"),
                to_attr="public_events",
            ),
        )
        .get(slug=slug)
    )
    latest = {verdict.person_id: verdict for verdict in case.public_verdicts}
    for link in case.public_defendants:
        link.verdict = latest.get(link.person_id)
    return case


def cases_recent(*, limit: int = 5) -> QuerySet[Case]:
    return (
        Case.objects.public()
        .annotate(
            defendant_count=Count(
                "defendant_links",
                filter=prefixed(public_condition(Person), "defendant_links__person"),
            )
        )
        .order_by(F("started_on").desc(nulls_last=True), "-created_at")[:limit]
    )


def facility_public(*, slug: str) -> Facility:
    return Facility.objects.public().select_related("region").get(slug=slug)


def facility_inmates(*, facility: Facility) -> QuerySet[Person]:
    return published_people().filter(current_facility=facility).order_by("surname", "given_name")


def article_public(*, code: str, number: str) -> Article:
    return Article.objects.public().select_related("code").get(code__slug=code, number=number)


def charges_public_for_article(*, article: Article) -> QuerySet[Charge]:
    return (
        article.charges.public()
        .select_related("person", "case")
        .prefetch_related("sources")
        .order_by("person__surname")
    )


def code_public(*, slug: str) -> LegalCode:
    return LegalCode.objects.public().get(slug=slug)


def codes_with_counts() -> QuerySet[LegalCode]:
    """Codes of law with how many published people are charged under any of their articles."""
    return (
        LegalCode.objects.public()
        .annotate(
            people_count=Count(
                "articles__charges__person",
                filter=prefixed(public_condition(Charge), "articles__charges"),
                distinct=True,
            )
        )
        .order_by("jurisdiction", "slug")
    )


def articles_with_counts(*, code: LegalCode) -> QuerySet[Article]:
    """A code's articles with how many published people are charged under each."""
    return (
        code.articles.public()
        .annotate(
            people_count=Count(
                "charges__person",
                filter=prefixed(public_condition(Charge), "charges"),
                distinct=True,
            )
        )
        .select_related("code")
        .order_by("sort_key")
    )


def timeline_updates_recent(*, limit: int = 8) -> QuerySet[TimelineEvent]:
    """The latest news from the record: the most recently published timeline events."""
    return (
        TimelineEvent.objects.public()
        .select_related("person", "facility", "case")
        .order_by(F("published_at").desc(nulls_last=True), "-date", "-id")[:limit]
    )


@dataclass(frozen=True)
class Birthday:
    person: Person
    date: dt.date
    age: int


def birthdays_upcoming(*, today: dt.date, days: int = 30) -> list[Birthday]:
    """Birthdays of people held now in the next `days` days (today included), soonest first.

    Only birth dates known to the day count; a birthday card needs the day. The window may run
    over the new year.
    """
    candidates = published_people().filter(
        status__in=Person.HELD_STATUSES,
        birth_date__isnull=False,
        birth_date_precision="day",
        birth_date__month__in=dates.months_touched(today, today + dt.timedelta(days=days)),
    )
    birthdays = []
    for person in candidates.select_related("current_facility"):
        date = dates.upcoming_anniversary(person.birth_date, today=today, days=days)
        if date is not None:
            birthdays.append(Birthday(person, date, date.year - person.birth_date.year))
    return sorted(birthdays, key=lambda b: (b.date, b.person.surname, b.person.given_name))


def release_passed_condition(*, today: dt.date) -> Q:
    """Held people whose expected release is over (`release.release_date_passed`, in SQL).

    The stored date is the first day of its period, so the period is over when that day is
    before the first day of today's period of the same precision.
    """
    over = Q()
    for precision in DatePrecision.values:
        over |= Q(
            release_computation__precision=precision,
            expected_release__lt=normalise_partial(today, precision),
        )
    return Q(status__in=Person.HELD_STATUSES, expected_release__isnull=False) & over


def people_release_passed(*, today: dt.date) -> QuerySet[Person]:
    """The editors' checking queue: people recorded as held after their expected release.

    Published or not, so that a draft is checked before it goes public; oldest estimate first.
    """
    return (
        without_synthetic(Person.objects.filter(release_passed_condition(today=today)))
        .select_related("current_facility")
        .order_by("expected_release", "surname", "given_name")
    )


def home_summary(*, today: dt.date) -> dict:
    """What the home page shows from the registry, kept until the registry's part of the record
    changes (or the day does: core/record_cache.py), so that the page does not count the whole
    registry each time."""
    return cached(
        "home-summary",
        lambda: {
            "held_count": people_held_count(),
            "people_count": published_people().count(),
            "recent_cases": list(cases_recent()),
            "updates": list(timeline_updates_recent()),
            "birthdays": birthdays_upcoming(today=today),
            "releases": list(releases_upcoming(today=today)),
        },
        parts=REGISTRY,
    )


def releases_upcoming(*, today: dt.date, limit: int = 6) -> QuerySet[Person]:
    """People held now whose computed release date is still ahead, soonest first."""
    return (
        published_people()
        .filter(status__in=Person.HELD_STATUSES, expected_release__isnull=False)
        .exclude(release_passed_condition(today=today))
        .order_by("expected_release", "surname", "given_name")[:limit]
    )


def cases_public() -> QuerySet[Case]:
    """Every published case, by name (the API's case list)."""
    return Case.objects.public().select_related("region").order_by("name", "pk")


def facilities_public() -> QuerySet[Facility]:
    """Every published place of detention, by region and name (the API's facility list)."""
    return Facility.objects.public().select_related("region").order_by("region__name", "name", "pk")


def people_recognised_count(*, start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Published people recognised as political prisoners by an organisation (a published
    recognition), optionally only those whose recognition is dated from `start` to `end`.

    The home page, the statistics and the funds report all count with this and with
    `people_held_count()`, so the same words mean the same number everywhere.
    """
    recognitions = Recognition.objects.public()
    if start or end:
        recognitions = recognitions.filter(date__isnull=False)
        if start:
            recognitions = recognitions.filter(date__gte=start)
        if end:
            recognitions = recognitions.filter(date__lte=end)
    return published_people().filter(pk__in=recognitions.values("person")).count()


# Public facts for statistics: each read built on `published_people()` ---------------------------


def people_held() -> QuerySet[Person]:
    """People held now: the home page's count (`people_held_count`) is the count of these."""
    return published_people().filter(status__in=Person.HELD_STATUSES)


def events_public(*, kinds) -> QuerySet[TimelineEvent]:
    """Published timeline events of the given kinds, of published people."""
    return TimelineEvent.objects.public().filter(kind__in=kinds)


def verdicts_public() -> QuerySet[Verdict]:
    """Published verdicts of published people in published cases."""
    return Verdict.objects.public().filter(case__in=Case.objects.public())


def charges_public(*, cases: Q | None = None) -> QuerySet[Charge]:
    """Published charges of published people in published cases (those of them that meet
    `cases`, a condition on the case, when given: one join with the cases, not two)."""
    return Charge.objects.public().filter(case__in=Case.objects.public().filter(cases or Q()))


def prosecutions_public() -> QuerySet[CaseDefendant]:
    """One row per published person per published case: the unit of a prosecution."""
    return CaseDefendant.objects.public()
