"""The petitions app's public API: petitions and open letters, their texts, targets, notable
signatories, deliveries and count of confirmed signatures. Never a signer's e-mail; signers who
chose to show their name are on the page, not here."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema

from unheard.core.api.pagination import Page, PageParams, paginate
from unheard.core.api.schemas import Label, Sourced, label
from unheard.petitions import selectors

router = Router(tags=["petitions"])


class TargetOut(Schema):
    kind: Label
    name: str

    @staticmethod
    def resolve_kind(target) -> dict:
        return label(target, "kind")


class NotableSignatoryOut(Sourced):
    name: str
    description: str


class DeliveryOut(Sourced):
    delivered_on: dt.date
    recipient: str
    method: Label
    answer: str
    answered_on: dt.date | None

    @staticmethod
    def resolve_method(delivery) -> dict:
        return label(delivery, "method")


class PetitionSummary(Schema):
    slug: str
    kind: Label
    title: str
    status: Label
    published_on: dt.date | None
    goal: int | None
    signatures: int = Field(description="Confirmed signatures.")
    percent: int | None = Field(description="Whole per cent of the goal, at most 100.")
    url: str

    @staticmethod
    def resolve_kind(petition) -> dict:
        return label(petition, "kind")

    @staticmethod
    def resolve_status(petition) -> dict:
        return label(petition, "status")

    @staticmethod
    def resolve_signatures(petition) -> int:
        return petition.signature_count

    @staticmethod
    def resolve_percent(petition) -> int | None:
        return selectors.petition_progress(petition).percent

    @staticmethod
    def resolve_url(petition) -> str:
        return petition.get_absolute_url()


class PetitionDetail(Sourced, PetitionSummary):
    text: str
    targets: list[TargetOut]
    notable_signatories: list[NotableSignatoryOut]
    deliveries: list[DeliveryOut]

    @staticmethod
    def resolve_targets(petition) -> list:
        return list(petition.targets.all())

    @staticmethod
    def resolve_notable_signatories(petition) -> list:
        return list(petition.notable_signatories.all())

    @staticmethod
    def resolve_deliveries(petition) -> list:
        return list(petition.deliveries.all())


@router.get("/petitions", response=Page[PetitionSummary], url_name="petitions")
def petition_list(request, paging: Query[PageParams]):
    """Published petitions and open letters, newest first, with their counts."""
    return paginate(selectors.petitions_public(), paging)


@router.get("/petitions/{slug}", response=PetitionDetail, url_name="petition")
def petition_detail(request, slug: str):
    """A published petition or open letter with its text in the answer's language."""
    return selectors.petition_public(slug=slug)
