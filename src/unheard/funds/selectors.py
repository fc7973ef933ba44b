"""Reads of the funds app. Public reads select only public columns: never donors, beneficiaries,
notes or outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from unheard.core import batch, visibility
from unheard.funds.models import (
    AggregateFigure,
    AidCategory,
    AidRecord,
    Campaign,
    CampaignUpdate,
    Donation,
    PaymentMethod,
    StatementEntry,
)
from unheard.funds.money import Money, today
from unheard.registry.models import CaseDefendant


def reporting_currency() -> str:
    return getattr(settings, "UNHEARD_REPORTING_CURRENCY", "EUR")


def small_count_threshold() -> int:
    return visibility.small_count_threshold()


@dataclass
class Progress:
    """How far a campaign is: itemised donations (net of refunds) and sourced figures."""

    campaign: Campaign
    itemised: Money
    figures: list[AggregateFigure] = field(default_factory=list)
    donations: int = 0
    unconverted: list[Money] = field(default_factory=list)

    @property
    def from_figures(self) -> Money:
        return sum((f.money for f in self.figures), Money.zero(self.campaign.currency))

    @property
    def raised(self) -> Money:
        return self.itemised + self.from_figures

    @property
    def at_least(self) -> bool:
        return any(f.qualifier == AggregateFigure.Qualifier.AT_LEAST for f in self.figures)

    @property
    def goal(self) -> Money | None:
        return self.campaign.goal

    @property
    def percent(self) -> int | None:
        """Whole per cent of the goal reached, rounded down (99.9 % is not yet 100 %)."""
        goal = self.goal
        if not goal:
            return None
        return max(self.raised.minor, 0) * 100 // goal.minor

    @property
    def donations_public(self) -> int | None:
        """The number of donations, or None when it is small enough to point at someone."""
        if visibility.small_count_hidden(self.donations):
            return None
        return self.donations

    @property
    def bar_value(self) -> int:
        goal = self.goal
        return min(max(self.raised.minor, 0), goal.minor) if goal else 0


def published_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.public()


def campaigns_public() -> tuple[list[Campaign], list[Campaign]]:
    """Published campaigns: open ones, then those that ended, each with its progress.

    A campaign is listed as open only when someone can give to it: it has a payment link or a
    way to give. One within its dates but without any is not listed until it has one.
    """
    campaigns = list(
        published_campaigns()
        .select_related("beneficiary_person", "beneficiary_case")
        .order_by("ends_on", "title")
    )
    progress = campaigns_progress(campaigns)
    for campaign in campaigns:
        campaign.progress = progress[campaign.pk]
    on = today()
    givable = has_a_way_to_give()
    open_ = [c for c in campaigns if c.is_open(on) and givable(c)]
    closed = [c for c in campaigns if not c.is_open(on)]
    return open_, closed


def has_a_way_to_give():
    """A test for campaigns: whether a payment link or an active way to give is shown for it."""
    any_general = PaymentMethod.objects.filter(is_active=True).exists()
    chosen = set(
        Campaign.payment_methods.through.objects.filter(paymentmethod__is_active=True).values_list(
            "campaign_id", flat=True
        )
    )
    with_own_list = set(
        Campaign.payment_methods.through.objects.values_list("campaign_id", flat=True)
    )

    def test(campaign: Campaign) -> bool:
        if campaign.donate_url or campaign.pk in chosen:
            return True
        return any_general and campaign.pk not in with_own_list

    return test


def campaigns_progress(campaigns: list[Campaign]) -> dict[int, Progress]:
    """Progress of several campaigns in three queries."""
    ids = [c.pk for c in campaigns]
    totals = {
        row["campaign_id"]: row
        for row in Donation.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(
            total=Sum("campaign_minor"),
            donations=Count("pk", filter=Q(kind=Donation.Kind.DONATION)),
            unconverted=Count("pk", filter=Q(campaign_minor__isnull=True)),
        )
    }
    missing = {
        (row["campaign_id"], row["currency"]): row["total"]
        for row in Donation.objects.filter(campaign_id__in=ids, campaign_minor__isnull=True)
        .values("campaign_id", "currency")
        .annotate(total=Sum("amount_minor"))
    }
    figures: dict[int, list[AggregateFigure]] = {}
    for figure in (
        AggregateFigure.objects.filter(
            campaign_id__in=ids, metric=AggregateFigure.Metric.FUNDS_RAISED
        )
        .prefetch_related("sources")
        .order_by("period_end", "pk")
    ):
        figures.setdefault(figure.campaign_id, []).append(figure)
    result = {}
    for campaign in campaigns:
        row = totals.get(campaign.pk, {})
        result[campaign.pk] = Progress(
            campaign=campaign,
            itemised=Money(row.get("total") or 0, campaign.currency),
            figures=figures.get(campaign.pk, []),
            donations=row.get("donations") or 0,
            unconverted=[
                Money(total, currency)
                for (campaign_id, currency), total in missing.items()
                if campaign_id == campaign.pk and total
            ],
        )
    return result


def campaign_progress(*, campaign: Campaign) -> Progress:
    return campaigns_progress([campaign])[campaign.pk]


def campaign_public(*, slug: str) -> Campaign:
    campaign = (
        published_campaigns()
        .select_related("beneficiary_person", "beneficiary_case")
        .prefetch_related(
            "sources",
            Prefetch(
                "updates",
                queryset=CampaignUpdate.objects.public(),
                to_attr="public_updates",
            ),
        )
        .get(slug=slug)
    )
    campaign.progress = campaign_progress(campaign=campaign)
    return campaign


def beneficiary_public(campaign: Campaign):
    """The person or case a campaign is for, if it is published; None for the organisation."""
    for beneficiary in (campaign.beneficiary_person, campaign.beneficiary_case):
        if visibility.is_public(beneficiary):
            return beneficiary
    return None


def payment_methods_for(*, campaign: Campaign) -> list[PaymentMethod]:
    """The ways to give shown for a campaign: its own public list, else every public one; none
    once it has ended."""
    if not campaign.is_open():
        return []
    chosen = list(campaign.payment_methods.public())
    return chosen or list(PaymentMethod.objects.public())


def person_open_campaigns(*, person) -> list[Campaign]:
    """Open published campaigns for this person, or for a case they are a defendant in."""
    return batch.per_record("funds.person_open_campaigns", person.pk, _open_campaigns_of)


def _open_campaigns_of(person_ids: Collection[int]) -> dict[int, list[Campaign]]:
    on = today()
    person_ids = list(person_ids)
    campaigns = (
        published_campaigns()
        .filter(
            Q(beneficiary_person_id__in=person_ids)
            | Q(beneficiary_case__defendant_links__person_id__in=person_ids)
        )
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), ended=False)
        .select_related("beneficiary_case")
        .distinct()
        .order_by("ends_on", "title")
    )
    givable = batch.shared("funds.has_a_way_to_give", has_a_way_to_give)
    campaigns = [campaign for campaign in campaigns if givable(campaign)]
    defendants: dict[int, set[int]] = {}
    for case_id, person_id in CaseDefendant.objects.filter(
        case_id__in={c.beneficiary_case_id for c in campaigns}, person_id__in=person_ids
    ).values_list("case_id", "person_id"):
        defendants.setdefault(case_id, set()).add(person_id)
    progress = campaigns_progress(campaigns)
    for_person: dict[int, list[Campaign]] = {pk: [] for pk in person_ids}
    for campaign in campaigns:
        campaign.progress = progress[campaign.pk]
        people = {campaign.beneficiary_person_id} | defendants.get(
            campaign.beneficiary_case_id, set()
        )
        for pk in people & for_person.keys():
            for_person[pk].append(campaign)
    return for_person


def statement_entries_to_match_count(user) -> int:
    """For the back-office home: bank credits not yet recorded as donations."""
    return StatementEntry.objects.filter(donation__isnull=True).count()


def aid_given_per_month(*, as_of: dt.date) -> list[tuple[str, tuple[int, ...]]]:
    """The statistics section's "Aid given by kind per month" (declared on `FundsConfig`): for
    each month ("YYYY-MM") up to `as_of` in which aid was given, the people helped with each kind
    of aid (`AidCategory`, in its order) and with any kind, each person once per column. Exact
    counts: the statistics section shows the small ones as "fewer than N"."""
    kinds = [kind for kind, _label in AidCategory.choices]
    helped: dict[str, dict[str, set[int]]] = {}
    records = AidRecord.objects.filter(given_on__lte=as_of).values_list(
        "given_on", "category", "beneficiary"
    )
    for given_on, kind, beneficiary in records:
        month = helped.setdefault(f"{given_on.year:04d}-{given_on.month:02d}", {})
        month.setdefault(kind, set()).add(beneficiary)
        month.setdefault("", set()).add(beneficiary)
    return [
        (month, tuple(len(by_kind.get(kind, ())) for kind in [*kinds, ""]))
        for month, by_kind in sorted(helped.items())
    ]
