from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import (
    ConfidentialModel,
    DemoLoader,
    HelpLink,
    NavItem,
    PersonHelpBox,
    TrackedFieldRef,
)
from unheard.funds import roles


class FundsConfig(AppConfig):
    name = "unheard.funds"
    label = "funds"
    verbose_name = _("Funds")

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
    demo_loaders = (DemoLoader("unheard.funds.demo_loader.demo_load", after=("registry",)),)
    tracked_fields = (
        TrackedFieldRef("Campaign.title"),
        TrackedFieldRef("Campaign.summary"),
        TrackedFieldRef("PaymentMethod.name"),
        TrackedFieldRef("AggregateFigure.label"),
        TrackedFieldRef("AggregateFigure.note"),
    )

    def ready(self) -> None:
        from unheard.funds import versioning

        versioning.register_models()
