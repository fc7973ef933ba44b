from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import (
    ConfidentialModel,
    HelpLink,
    NavItem,
    PersonHelpBox,
    TrackedFieldRef,
)
from unheard.letters import roles


class LettersConfig(AppConfig):
    name = "unheard.letters"
    label = "letters"
    verbose_name = _("Letters")

    nav_items = (NavItem(_("Write a letter"), "letters:few_letters", order=20),)
    role_grants = roles.ROLE_GRANTS
    # Authors' names and contacts: every view of them in the back office is audited.
    confidential_models = tuple(
        ConfidentialModel(name) for name in ("Letter", "DeliveryBatch", "Reply")
    )
    person_help_boxes = (PersonHelpBox("letters/includes/person_help.html", order=10),)
    # The home page's "write" link leads to the people who get few letters.
    # Until the actions app declares its own page, "act" leads to letter-writing too.
    help_links = (
        HelpLink("write", "letters:few_letters", order=10),
        HelpLink("act", "letters:few_letters", order=50),
    )
    tracked_fields = (TrackedFieldRef("LetterRules.text"),)
