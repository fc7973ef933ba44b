"""Revision history for the funds records that are edited (the ledger itself is append-only)."""

import reversion

from unheard.funds import models


def register_models() -> None:
    if not reversion.is_registered(models.Campaign):
        reversion.register(models.Campaign, follow=("updates",))
    for model in (
        models.CampaignUpdate,
        models.PaymentMethod,
        models.Subscription,
        models.Beneficiary,
        models.AidRecord,
        models.RunningCost,
        models.ExchangeRate,
        models.AggregateFigure,
    ):
        if not reversion.is_registered(model):
            reversion.register(model)
