"""Cross-record checks that a single model field cannot express."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from unheard.core.dates import PartialDate

if TYPE_CHECKING:
    from unheard.registry.models import Verdict


def _in_saved_or_pending(fact, model, pending_attribute: str) -> bool:
    """Whether a row of `model` links the fact's person to its case, saved or about to be.

    The admin saves a person with all their inlines at once; it tells each fact which cases the
    sibling forms are adding (`pending_case_ids`, `pending_charge_case_ids`).
    """
    if fact.case_id in getattr(fact, pending_attribute, set()):
        return True
    return (
        bool(fact.person_id)
        and model.objects.filter(person_id=fact.person_id, case_id=fact.case_id).exists()
    )


def is_defendant(charge) -> bool:
    """Linked to the case, or about to be: by the same save, or by a link waiting for review."""
    from unheard.registry.models import CaseDefendant
    from unheard.registry.review import link_proposed

    return _in_saved_or_pending(charge, CaseDefendant, "pending_case_ids") or link_proposed(
        person_id=charge.person_id, case_id=charge.case_id
    )


def verdict_errors(verdict: Verdict) -> dict[str, list[str]]:
    """What is wrong with a verdict, by field: the rules of "Bad input" in the registry issue."""
    from unheard.registry.models import Charge, TimelineEvent, Verdict

    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if verdict.punishment in {Verdict.Punishment.IMPRISONMENT, Verdict.Punishment.FORCED_LABOUR}:
        if verdict.term_years == 0 and verdict.term_months == 0 and not verdict.life_sentence:
            add("term_years", _("A sentence of imprisonment or forced labour needs a term."))
    elif verdict.regime:
        add("regime", _("Only imprisonment has a regime."))
    if verdict.appeal_outcome and verdict.instance == Verdict.Instance.FIRST:
        add("appeal_outcome", _("A first-instance verdict has no appeal outcome."))
    if verdict.in_force_on and verdict.date and verdict.in_force_on < verdict.date:
        add("in_force_on", _("A verdict cannot enter into force before it is handed down."))
    if not (verdict.case_id and verdict.date):
        return errors
    if not _in_saved_or_pending(verdict, Charge, "pending_charge_case_ids"):
        add(
            "case",
            _("There is no charge against this person in this case; record the charge first."),
        )
    if not verdict.person_id:
        return errors

    detention = (
        TimelineEvent.objects.filter(
            person_id=verdict.person_id,
            kind__in=TimelineEvent.CUSTODIAL_KINDS,
            case_id=verdict.case_id,
        )
        .order_by("date")
        .first()
    )
    if detention and PartialDate(verdict.date, verdict.date_precision).latest() < detention.date:
        add(
            "date",
            _("The verdict (%(verdict)s) is dated before the detention (%(detention)s).")
            % {"verdict": verdict.date.isoformat(), "detention": detention.date.isoformat()},
        )
    return errors
