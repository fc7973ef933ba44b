"""Reads from the registry: what the public may see, and derived views of a record."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from unheard.core.models import PublicationState
from unheard.registry.models import (
    Article,
    Case,
    CaseDefendant,
    Charge,
    Facility,
    Person,
    Recognition,
    TimelineEvent,
    Verdict,
)
from unheard.registry.release import Custody

PUBLISHED = PublicationState.PUBLISHED
NOT_COUNTED_VERDICTS = (Verdict.AppealOutcome.OVERTURNED, Verdict.AppealOutcome.RETRIAL)


def verdict_in_force(*, person: Person) -> Verdict | None:
    """The latest verdict that was not overturned or sent for retrial."""
    verdicts = [v for v in person.verdicts.order_by("date", "id") if v.punishment]
    if not verdicts or verdicts[-1].appeal_outcome in NOT_COUNTED_VERDICTS:
        return None
    return verdicts[-1]


def person_custody(*, person: Person) -> Custody | None:
    verdict = verdict_in_force(person=person)
    if verdict is None:
        return None
    events = person.events.filter(Q(case=verdict.case) | Q(case__isnull=True))
    detention = events.filter(kind__in=TimelineEvent.CUSTODIAL_KINDS).order_by("date").first()
    house_arrest_days = sum(
        ((e.end_date or verdict.date) - e.date).days
        for e in events.filter(kind=TimelineEvent.Kind.HOUSE_ARREST)
    )
    convicted = person.charges.filter(case=verdict.case).exclude(
        status__in=[Charge.Status.DROPPED, Charge.Status.ACQUITTED]
    )
    in_force = verdict.in_force_on or (
        verdict.date if verdict.instance != Verdict.Instance.FIRST else None
    )
    return Custody(
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
        several_verdicts=person.verdicts.values("case").distinct().count() > 1,
    )


def published_people() -> QuerySet[Person]:
    return Person.objects.filter(publication_state=PUBLISHED, is_synthetic=False)


def people_list(*, status: str = "", query: str = "") -> QuerySet[Person]:
    """Published people, optionally by status and by a name fragment in any stored spelling."""
    people = published_people().select_related("current_facility", "home_region")
    if status:
        people = people.filter(status=status)
    if query:
        name_fields = [
            "surname",
            "given_name",
            "display_name_en",
            "display_name_ru",
            "display_name_de",
            "display_name_fr",
            "aliases__name",
        ]
        matches = Q()
        for field_name in name_fields:
            matches |= Q(**{f"{field_name}__icontains": query})
        people = people.filter(pk__in=Person.objects.filter(matches).values("pk"))
    return people.order_by("surname", "given_name")


def people_held_count() -> int:
    return published_people().filter(status__in=Person.HELD_STATUSES).count()


def person_public(*, slug: str) -> Person:
    facts = {
        "charges": Charge.objects.filter(publication_state=PUBLISHED).select_related(
            "article__code", "case"
        ),
        "verdicts": Verdict.objects.filter(publication_state=PUBLISHED).select_related("case"),
        "events": TimelineEvent.objects.filter(publication_state=PUBLISHED).select_related(
            "facility", "case"
        ),
        "recognitions": Recognition.objects.filter(publication_state=PUBLISHED).select_related(
            "organisation"
        ),
    }
    prefetches = [
        Prefetch(name, queryset=qs.prefetch_related("sources"), to_attr=f"public_{name}")
        for name, qs in facts.items()
    ]
    return (
        published_people()
        .select_related("current_facility__region", "home_region")
        .prefetch_related(
            *prefetches,
            "sources",
            "political_views",
            "aliases",
            Prefetch(
                "case_links",
                queryset=CaseDefendant.objects.filter(
                    case__publication_state=PUBLISHED
                ).select_related("case"),
                to_attr="public_case_links",
            ),
        )
        .get(slug=slug)
    )


def case_public(*, slug: str) -> Case:
    return (
        Case.objects.filter(publication_state=PUBLISHED)
        .select_related("region")
        .prefetch_related(
            "sources",
            Prefetch(
                "defendant_links",
                queryset=CaseDefendant.objects.filter(
                    person__publication_state=PUBLISHED, person__is_synthetic=False
                ).select_related("person__current_facility"),
                to_attr="public_defendants",
            ),
            Prefetch(
                "events",
                queryset=TimelineEvent.objects.filter(
                    publication_state=PUBLISHED, person__publication_state=PUBLISHED
                )
                .select_related("person", "facility")
                .prefetch_related("sources"),
                to_attr="public_events",
            ),
        )
        .get(slug=slug)
    )


def cases_recent(*, limit: int = 5) -> QuerySet[Case]:
    return (
        Case.objects.filter(publication_state=PUBLISHED)
        .annotate(
            defendant_count=Count(
                "defendant_links",
                filter=Q(defendant_links__person__publication_state=PUBLISHED),
            )
        )
        .order_by("-started_on", "name")[:limit]
    )


def facility_public(*, slug: str) -> Facility:
    return (
        Facility.objects.filter(publication_state=PUBLISHED).select_related("region").get(slug=slug)
    )


def article_public(*, code: str, number: str) -> Article:
    return Article.objects.select_related("code").get(code__slug=code, number=number)


def charges_public_for_article(*, article: Article) -> QuerySet[Charge]:
    return (
        article.charges.filter(
            publication_state=PUBLISHED,
            person__publication_state=PUBLISHED,
            person__is_synthetic=False,
        )
        .select_related("person", "case")
        .prefetch_related("sources")
        .order_by("person__surname")
    )
