"""The registry's public API: people, cases, facilities, codes and articles.

Routes parse parameters and call selectors; what is public is the selectors' decision. The
schemas declare exactly the fields the public pages show: never internal notes, never who
submitted or published a record.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from unheard.core.api.errors import ApiError
from unheard.core.api.pagination import Page, PageParams, paginate
from unheard.core.api.schemas import (
    Label,
    PartialDateOut,
    Reference,
    Sourced,
    label,
    partial_date,
    public_or_none,
    reference,
)
from unheard.core.visibility import is_public
from unheard.registry import people_filters, selectors
from unheard.registry.models import ArticleCategory, Person
from unheard.registry.templatetags.registry_display import release_date

router = Router(tags=["registry"])


class RegionOut(Schema):
    slug: str
    name: str


class PoliticalViewOut(Schema):
    slug: str
    name: str


def region(record) -> dict | None:
    return {"slug": record.slug, "name": record.name} if record else None


# People


class PersonSummary(Schema):
    slug: str
    name: str
    name_original: str
    status: Label
    held: bool
    facility: Reference | None = Field(description="Where held now, when it is public.")
    url: str

    @staticmethod
    def resolve_name(person) -> str:
        return str(person)

    @staticmethod
    def resolve_name_original(person) -> str:
        return person.original_name

    @staticmethod
    def resolve_status(person) -> dict:
        return label(person, "status")

    @staticmethod
    def resolve_held(person) -> bool:
        return person.is_held

    @staticmethod
    def resolve_facility(person) -> dict | None:
        return reference(person.current_facility)

    @staticmethod
    def resolve_url(person) -> str:
        return person.get_absolute_url()


class ArticleRef(Schema):
    code: str
    number: str
    title: str
    url: str


def article_reference(article) -> dict:
    return {
        "code": article.code.slug,
        "number": article.number,
        "title": article.title,
        "url": article.get_absolute_url(),
    }


class ChargeOut(Sourced):
    citation: str
    article: ArticleRef
    case: Reference | None
    stage: Label | None
    status: Label
    brought_on: PartialDateOut | None

    @staticmethod
    def resolve_article(charge) -> dict:
        return article_reference(charge.article)

    @staticmethod
    def resolve_case(charge) -> dict | None:
        return reference(charge.case)

    @staticmethod
    def resolve_stage(charge) -> dict | None:
        return label(charge, "inchoate") if charge.inchoate else None

    @staticmethod
    def resolve_status(charge) -> dict:
        return label(charge, "status")

    @staticmethod
    def resolve_brought_on(charge) -> dict | None:
        return partial_date(charge.brought_on, charge.brought_on_precision)


class FineOut(Schema):
    amount: Decimal
    currency: str


class VerdictOut(Sourced):
    instance: Label
    date: PartialDateOut
    court: str
    judge: str
    case: Reference | None
    punishment: Label | None
    term_years: int
    term_months: int
    life_sentence: bool
    regime: Label | None
    fine: FineOut | None
    additional_penalties: str
    prosecutor_requested: str
    previous_verdict: Label | None = Field(description="What this verdict did to the previous one.")
    in_force_on: dt.date | None

    @staticmethod
    def resolve_instance(verdict) -> dict:
        return label(verdict, "instance")

    @staticmethod
    def resolve_date(verdict) -> dict | None:
        return PartialDateOut.of(verdict.decided)

    @staticmethod
    def resolve_case(verdict) -> dict | None:
        return reference(verdict.case)

    @staticmethod
    def resolve_punishment(verdict) -> dict | None:
        return label(verdict, "punishment") if verdict.punishment else None

    @staticmethod
    def resolve_regime(verdict) -> dict | None:
        return label(verdict, "regime") if verdict.regime else None

    @staticmethod
    def resolve_fine(verdict) -> dict | None:
        if verdict.fine_amount is None:
            return None
        return {"amount": verdict.fine_amount, "currency": verdict.fine_currency}

    @staticmethod
    def resolve_previous_verdict(verdict) -> dict | None:
        return label(verdict, "appeal_outcome") if verdict.appeal_outcome else None


class EventOut(Sourced):
    kind: Label
    date: PartialDateOut
    end_date: PartialDateOut | None
    description: str
    place: str
    facility: Reference | None

    @staticmethod
    def resolve_kind(event) -> dict:
        return label(event, "kind")

    @staticmethod
    def resolve_date(event) -> dict | None:
        return PartialDateOut.of(event.when)

    @staticmethod
    def resolve_end_date(event) -> dict | None:
        return PartialDateOut.of(event.until)

    @staticmethod
    def resolve_facility(event) -> dict | None:
        return reference(event.facility)


class CaseEventOut(EventOut):
    person: Reference

    @staticmethod
    def resolve_person(event) -> dict | None:
        return reference(event.person)


class OrganisationOut(Schema):
    slug: str
    name: str
    website: str


class RecognitionOut(Sourced):
    organisation: OrganisationOut
    date: PartialDateOut | None

    @staticmethod
    def resolve_organisation(recognition) -> dict:
        organisation = recognition.organisation
        return {"slug": organisation.slug, "name": organisation.name, "website": organisation.url}

    @staticmethod
    def resolve_date(recognition) -> dict | None:
        return PartialDateOut.of(recognition.when)


class CaseLinkOut(Schema):
    case: Reference
    role: Label
    co_defendants: list[Reference]

    @staticmethod
    def resolve_case(link) -> dict | None:
        return reference(link.case)

    @staticmethod
    def resolve_role(link) -> dict:
        return label(link, "role")

    @staticmethod
    def resolve_co_defendants(link) -> list:
        return [reference(other.person) for other in link.co_defendants]


class HeldAtOut(Reference):
    region: RegionOut
    postal_address: str = Field(description="Exactly as it must be written on an envelope.")


class PhotoOut(Schema):
    url: str
    credit: str


class PersonDetail(Sourced, PersonSummary):
    aliases: list[str]
    birth: PartialDateOut | None
    home_town: str
    home_region: RegionOut | None
    occupation: str
    political_views: list[PoliticalViewOut]
    summary: str
    biography: str
    interests: str
    likes_to_receive: str
    letters_reach: Label
    support_declined: bool = Field(description="The group that runs the site declines support.")
    support_caveat: str
    photo: PhotoOut | None = Field(description="Only a photo published with consent.")
    held_at: HeldAtOut | None
    expected_release: PartialDateOut | None = Field(
        description="An estimate under Article 72 of the Criminal Code."
    )
    cases: list[CaseLinkOut]
    charges: list[ChargeOut]
    verdicts: list[VerdictOut]
    timeline: list[EventOut]
    recognitions: list[RecognitionOut]

    @staticmethod
    def resolve_aliases(person) -> list[str]:
        return [alias.name for alias in person.aliases.all()]

    @staticmethod
    def resolve_birth(person) -> dict | None:
        return PartialDateOut.of(person.birth)

    @staticmethod
    def resolve_home_region(person) -> dict | None:
        return region(person.home_region)

    @staticmethod
    def resolve_political_views(person) -> list[dict]:
        return [{"slug": view.slug, "name": view.name} for view in person.political_views.all()]

    @staticmethod
    def resolve_letters_reach(person) -> dict:
        return label(person, "letters_reach")

    @staticmethod
    def resolve_photo(person) -> dict | None:
        if not (person.photo and is_public(person, "photo")):
            return None
        return {"url": person.photo.url, "credit": person.photo_credit}

    @staticmethod
    def resolve_held_at(person) -> dict | None:
        facility = public_or_none(person.current_facility)
        if facility is None:
            return None
        return {
            **reference(facility),
            "region": region(facility.region),
            "postal_address": facility.postal_address,
        }

    @staticmethod
    def resolve_expected_release(person) -> dict | None:
        return PartialDateOut.of(release_date(person))

    @staticmethod
    def resolve_cases(person) -> list:
        return person.public_case_links

    @staticmethod
    def resolve_charges(person) -> list:
        return person.public_charges

    @staticmethod
    def resolve_verdicts(person) -> list:
        return person.public_verdicts

    @staticmethod
    def resolve_timeline(person) -> list:
        return person.public_events

    @staticmethod
    def resolve_recognitions(person) -> list:
        return person.public_recognitions


def one_of(values, description: str):
    """A filter whose values are a fixed list, published in the OpenAPI schema ("" is no filter,
    as the list's "all" option sends it)."""
    return Field("", description=description, json_schema_extra={"enum": ["", *values]})


def slug_of(description: str):
    return Field("", description=description, max_length=people_filters.MAX_QUERY_LENGTH)


class PeopleFilters(Schema):
    """The people list's filters (as on /<lang>/people/); values the site does not know are 400."""

    status: str = one_of(
        [people_filters.HELD, *Person.Status.values],
        "A status, or `held` for any status of custody.",
    )
    home_region: str = slug_of("Slug of the region the person lives in.")
    held_region: str = slug_of("Slug of the region the person is held in now.")
    case: str = slug_of("Slug of a case.")
    article: str = slug_of("An article as `code:number` (`uk-rf:205.2`) or `number`.")
    category: str = one_of(ArticleCategory.values, "A category of articles.")
    view: str = slug_of("Slug of a political view.")
    organisation: str = slug_of("Slug of an organisation or movement.")
    recognised_by: str = slug_of("Slug of an organisation that recognised the person.")
    facility: str = slug_of("Slug of a place of detention.")
    sort: str = one_of(people_filters.SORTS, "The order of the list.")
    q: str = Field(
        "",
        description="A fragment of a name in any stored spelling.",
        max_length=people_filters.MAX_QUERY_LENGTH,
    )


def people_query(filters: PeopleFilters) -> people_filters.PeopleQuery:
    """The list's own parsing of its parameters; what it would ignore, the API refuses."""
    params = QueryDict(mutable=True)
    params.update({key: value for key, value in filters.model_dump().items() if value})
    query = people_filters.people_query_parse(params)
    if query.ignored:
        first = query.ignored[0]
        raise ApiError(
            "unknown_filter_value",
            _("“%(value)s” is not a value this list knows for “%(filter)s”.")
            % {"value": first.value, "filter": first.label},
        )
    return query


@router.get("/people", response=Page[PersonSummary], url_name="people")
def people_list(request, filters: Query[PeopleFilters], paging: Query[PageParams]):
    """Published people, filtered and sorted as the public people list is."""
    people = selectors.people_filtered(people_query=people_query(filters))
    return paginate(people, paging)


@router.get("/people/{slug}", response=PersonDetail, url_name="person")
def person_detail(request, slug: str):
    """A published person with their published charges, verdicts, timeline and recognitions."""
    return selectors.person_public(slug=slug)


# Cases


class CaseSummary(Schema):
    slug: str
    name: str
    kind: Label
    region: RegionOut | None = Field(description="Where the case was investigated.")
    started_on: PartialDateOut | None
    url: str

    @staticmethod
    def resolve_kind(case) -> dict:
        return label(case, "kind")

    @staticmethod
    def resolve_region(case) -> dict | None:
        return region(case.region)

    @staticmethod
    def resolve_started_on(case) -> dict | None:
        return partial_date(case.started_on, case.started_on_precision)

    @staticmethod
    def resolve_url(case) -> str:
        return case.get_absolute_url()


class DefendantOut(Schema):
    person: Reference
    role: Label
    held_at: Reference | None

    @staticmethod
    def resolve_person(link) -> dict | None:
        return reference(link.person)

    @staticmethod
    def resolve_role(link) -> dict:
        return label(link, "role")

    @staticmethod
    def resolve_held_at(link) -> dict | None:
        return reference(link.person.current_facility)


class CaseDetail(Sourced, CaseSummary):
    summary: str
    investigating_body: str
    defendants: list[DefendantOut]
    timeline: list[CaseEventOut]

    @staticmethod
    def resolve_defendants(case) -> list:
        return case.public_defendants

    @staticmethod
    def resolve_timeline(case) -> list:
        return case.public_events


@router.get("/cases", response=Page[CaseSummary], url_name="cases")
def case_list(request, paging: Query[PageParams]):
    """Published cases, by name."""
    return paginate(selectors.cases_public(), paging)


@router.get("/cases/{slug}", response=CaseDetail, url_name="case")
def case_detail(request, slug: str):
    """A published case with its published defendants and timeline."""
    return selectors.case_public(slug=slug)


# Facilities


class FacilitySummary(Schema):
    slug: str
    name: str
    kind: Label
    region: RegionOut
    town: str
    url: str

    @staticmethod
    def resolve_kind(facility) -> dict:
        return label(facility, "kind")

    @staticmethod
    def resolve_region(facility) -> dict | None:
        return region(facility.region)

    @staticmethod
    def resolve_url(facility) -> str:
        return facility.get_absolute_url()


class FacilityDetail(Sourced, FacilitySummary):
    number: str
    regime: Label | None
    postal_address: str
    electronic_letters: bool
    electronic_letters_service: str
    latitude: Decimal | None
    longitude: Decimal | None
    inmates: list[Reference] = Field(description="Published people held here now.")

    @staticmethod
    def resolve_regime(facility) -> dict | None:
        return label(facility, "regime") if facility.regime else None

    @staticmethod
    def resolve_inmates(facility) -> list:
        return [reference(person) for person in selectors.facility_inmates(facility=facility)]


@router.get("/facilities", response=Page[FacilitySummary], url_name="facilities")
def facility_list(request, paging: Query[PageParams]):
    """Published places of detention, by region and name."""
    return paginate(selectors.facilities_public(), paging)


@router.get("/facilities/{slug}", response=FacilityDetail, url_name="facility")
def facility_detail(request, slug: str):
    """A published place of detention, its address and the published people held there."""
    return selectors.facility_public(slug=slug)


# Codes of law and their articles


class CodeSummary(Schema):
    slug: str
    name: str
    short_name: str
    jurisdiction: str
    people_count: int = Field(description="Published people charged under any of its articles.")
    url: str

    @staticmethod
    def resolve_url(code) -> str:
        return reverse("registry:code_detail", kwargs={"code": code.slug})


class ArticleSummary(ArticleRef):
    category: Label
    people_count: int

    @staticmethod
    def resolve_code(article) -> str:
        return article.code.slug

    @staticmethod
    def resolve_category(article) -> dict:
        return label(article, "category")

    @staticmethod
    def resolve_url(article) -> str:
        return article.get_absolute_url()


class CodeDetail(CodeSummary):
    articles: list[ArticleSummary] = Field(description="Articles anyone public is charged under.")

    @staticmethod
    def resolve_articles(code) -> list:
        return code.articles_charged


class ArticleChargeOut(Schema):
    person: Reference
    citation: str
    case: Reference | None
    status: Label

    @staticmethod
    def resolve_person(charge) -> dict | None:
        return reference(charge.person)

    @staticmethod
    def resolve_case(charge) -> dict | None:
        return reference(charge.case)

    @staticmethod
    def resolve_status(charge) -> dict:
        return label(charge, "status")


class ArticleDetail(ArticleSummary):
    code_name: str
    charges: list[ArticleChargeOut]

    @staticmethod
    def resolve_code_name(article) -> str:
        return article.code.name

    @staticmethod
    def resolve_charges(article) -> list:
        return article.public_charges


@router.get("/codes", response=list[CodeSummary], url_name="codes")
def code_list(request):
    """Codes of law with how many published people are charged under each."""
    return selectors.codes_with_counts()


@router.get("/codes/{code}", response=CodeDetail, url_name="code")
def code_detail(request, code: str):
    """A code of law and its articles under which published people are charged."""
    legal_code = selectors.codes_with_counts().get(slug=code)
    articles = selectors.articles_with_counts(code=legal_code)
    legal_code.articles_charged = articles.filter(people_count__gt=0)
    return legal_code


@router.get("/codes/{code}/articles/{number}", response=ArticleDetail, url_name="article")
def article_detail(request, code: str, number: str):
    """An article and the published charges brought under it."""
    article = selectors.article_public(code=code, number=number)
    charges = list(selectors.charges_public_for_article(article=article))
    article.public_charges = charges
    article.people_count = len({charge.person_id for charge in charges})
    return article
