"""The funds app's public API: campaigns with the figures their public page shows.

Only totals: the goal, what was raised (itemised donations net of refunds plus sourced
figures), the share of the goal and the number of donations (withheld when so small that it
could point at someone). Never a donor, a donation, a beneficiary the public may not see or a
note.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from unheard.core.api.pagination import Page, PageParams, paginate
from unheard.core.api.schemas import Label, Reference, Sourced, label, reference
from unheard.funds import selectors
from unheard.funds.money import Money

router = Router(tags=["funds"])


class MoneyOut(Schema):
    amount: Decimal
    currency: str


def money(value: Money | None) -> dict | None:
    return {"amount": value.amount, "currency": value.currency} if value else None


class CampaignSummary(Schema):
    slug: str
    title: str
    purpose: Label
    goal: MoneyOut | None
    raised: MoneyOut
    raised_at_least: bool = Field(description="A sourced figure says “at least”.")
    percent: int | None = Field(description="Whole per cent of the goal, rounded down.")
    donations: int | None = Field(description="None when too few to publish without a risk.")
    not_yet_converted: list[MoneyOut] = Field(description="Received, no exchange rate yet.")
    starts_on: dt.date | None
    ends_on: dt.date | None
    open: bool
    beneficiary: Reference | None = Field(description="The person or case, when public.")
    url: str

    @staticmethod
    def resolve_purpose(campaign) -> dict:
        return label(campaign, "purpose")

    @staticmethod
    def resolve_goal(campaign) -> dict | None:
        return money(campaign.progress.goal)

    @staticmethod
    def resolve_raised(campaign) -> dict | None:
        return money(campaign.progress.raised)

    @staticmethod
    def resolve_raised_at_least(campaign) -> bool:
        return campaign.progress.at_least

    @staticmethod
    def resolve_percent(campaign) -> int | None:
        return campaign.progress.percent

    @staticmethod
    def resolve_donations(campaign) -> int | None:
        return campaign.progress.donations_public

    @staticmethod
    def resolve_not_yet_converted(campaign) -> list:
        return [money(amount) for amount in campaign.progress.unconverted]

    @staticmethod
    def resolve_open(campaign) -> bool:
        return campaign.is_open()

    @staticmethod
    def resolve_beneficiary(campaign) -> dict | None:
        return reference(selectors.beneficiary_public(campaign))

    @staticmethod
    def resolve_url(campaign) -> str:
        return campaign.get_absolute_url()


class CampaignUpdateOut(Schema):
    date: dt.date
    title: str
    body: str


class CampaignDetail(Sourced, CampaignSummary):
    summary: str
    updates: list[CampaignUpdateOut]

    @staticmethod
    def resolve_updates(campaign) -> list:
        return campaign.public_updates


@router.get("/campaigns", response=Page[CampaignSummary], url_name="campaigns")
def campaign_list(request, paging: Query[PageParams]):
    """Published campaigns: open ones first, then those that ended."""
    open_campaigns, past_campaigns = selectors.campaigns_public()
    return paginate(open_campaigns + past_campaigns, paging)


@router.get("/campaigns/{slug}", response=CampaignDetail, url_name="campaign")
def campaign_detail(request, slug: str):
    """A published campaign with its public updates and sources."""
    return selectors.campaign_public(slug=slug)
