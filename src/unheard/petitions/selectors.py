"""Reads of petitions, through the visibility policy (`unheard.core.visibility`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from unheard.core.output.csv import Column
from unheard.petitions.models import Delivery, NotableSignatory, Petition, PetitionTarget, Signature


def petitions_public() -> QuerySet[Petition]:
    """Published petitions and open letters with their count of confirmed signatures."""
    return Petition.objects.public().annotate(
        signature_count=Count("signatures", filter=Q(signatures__is_confirmed=True))
    )


def petition_public(*, slug: str) -> Petition:
    """One published petition with what its page shows; DoesNotExist when there is none."""
    return (
        petitions_public()
        .prefetch_related(
            Prefetch("targets", queryset=PetitionTarget.objects.public()),
            Prefetch("notable_signatories", queryset=NotableSignatory.objects.public()),
            Prefetch("deliveries", queryset=Delivery.objects.public()),
        )
        .get(slug=slug)
    )


def signatures_shown(*, petition: Petition, limit: int = 100) -> list[Signature]:
    """The latest confirmed signers who chose to show their name and city."""
    return list(
        Signature.objects.public()
        .filter(petition=petition)
        .order_by("-confirmed_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class Progress:
    count: int
    goal: int | None

    @property
    def percent(self) -> int | None:
        if not self.goal:
            return None
        return min(100, self.count * 100 // self.goal)


def petition_progress(petition: Petition) -> Progress:
    return Progress(count=petition.signature_count, goal=petition.goal)


# The signatures file for delivery: organisers only (permission petitions.export_signatures).
SIGNATURE_COLUMNS = (
    Column(_("name"), "name"),
    Column(_("city"), "city"),
    Column(_("country"), "country"),
    Column(_("e-mail"), "email"),
    Column(_("confirmed"), "confirmed_at", formatter=lambda at: at.isoformat() if at else ""),
    Column(_("shown in public"), lambda s: str(_("yes")) if s.show_publicly else str(_("no"))),
)


def signatures_for_delivery(*, petition: Petition) -> QuerySet[Signature]:
    """Every confirmed signature of a petition, in the order given; never for a public page."""
    return Signature.objects.filter(petition=petition, is_confirmed=True).order_by(
        "confirmed_at", "id"
    )
