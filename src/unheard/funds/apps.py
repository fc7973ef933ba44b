from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import (
    BackofficeSection,
    ConfidentialModel,
    DemoLoader,
    FigureSource,
    HelpLink,
    NavItem,
    PersonHelpBox,
    TrackedFieldRef,
    WaitingCount,
)
from unheard.funds import roles


class FundsConfig(AppConfig):
    name = "unheard.funds"
    label = "funds"
    verbose_name = _("Funds")
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = (
        "PaymentMethod",
        "Campaign",
        "CampaignUpdate",
        "Donation",
        "Beneficiary",
        "AidRecord",
        "RunningCost",
        "ExchangeRate",
        "AggregateFigure",
    )

    nav_items = (
        NavItem(
            _("Give"),
            "funds:campaign_list",
            order=30,
            current_for=("funds:campaign_list", "funds:campaign_detail"),
        ),
        NavItem(_("Report"), "funds:report", order=40),
    )
    role_grants = roles.ROLE_GRANTS
    # Who gave, who received aid: every view of them in the back office is audited.
    confidential_models = tuple(
        ConfidentialModel(name)
        for name in (
            "Donor",
            "Donation",
            "Subscription",
            "StatementEntry",
            "DonationImport",
            "Beneficiary",
            "AidRecord",
        )
    )
    person_help_boxes = (PersonHelpBox("funds/includes/person_help.html", order=20),)
    help_links = (HelpLink("give", "funds:campaign_list", order=10),)
    # The measures are the labels of `AidCategory`, in its order (the models cannot be imported
    # here), then any kind.
    figure_sources = (
        FigureSource(
            key="aid-given",
            title=_("Aid given per month"),
            definition=_(
                "People the organisation helped, by the month the aid was given and its kind, "
                "from its own records of aid given (not the figures from elsewhere that the "
                "funds report adds): each person once per kind and month, and once under “any "
                "kind” however many kinds. So that nobody can be singled out, a number of people "
                "below the site's small-count threshold (5 unless the site sets another) is "
                "shown only as “fewer than” the threshold. On a past date, aid given on or "
                "before it."
            ),
            dimension=_("month"),
            measures=(
                _("legal assistance"),
                _("help with detention conditions"),
                _("humanitarian aid"),
                _("family support"),
                _("any kind"),
            ),
            count="unheard.funds.selectors.aid_given_per_month",
            charted=4,
            people_measures=(0, 1, 2, 3, 4),
            order=20,
        ),
    )
    demo_loaders = (DemoLoader("unheard.funds.demo_loader.demo_load", after=("registry",)),)
    tracked_fields = (
        TrackedFieldRef("Campaign.title"),
        TrackedFieldRef("Campaign.summary"),
        TrackedFieldRef("PaymentMethod.name"),
        TrackedFieldRef("AggregateFigure.label"),
        TrackedFieldRef("AggregateFigure.note"),
    )

    backoffice_sections = (
        BackofficeSection(
            _("Funds"),
            models=(
                "Campaign",
                "Donation",
                "DonationImport",
                "StatementEntry",
                "Donor",
                "Subscription",
                "PaymentMethod",
                "Beneficiary",
                "AidRecord",
                "RunningCost",
                "AggregateFigure",
                "ExchangeRate",
            ),
            order=30,
        ),
    )
    waiting_counts = (
        WaitingCount(
            _("Bank credits to match"),
            "unheard.funds.selectors.statement_entries_to_match_count",
            "admin:funds_statemententry_changelist",
            "funds.add_donation",
            order=40,
        ),
    )

    def ready(self) -> None:
        from unheard.funds import versioning

        versioning.register_models()
