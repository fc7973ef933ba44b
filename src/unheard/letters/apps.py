from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import (
    BackofficeSection,
    ConfidentialModel,
    HelpLink,
    NavItem,
    PersonHelpBox,
    TrackedFieldRef,
    WaitingCount,
)
from unheard.letters import roles


class LettersConfig(AppConfig):
    name = "unheard.letters"
    label = "letters"
    verbose_name = _("Letters")
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("LetterRules", "Letter", "Reply")

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
    backoffice_sections = (
        BackofficeSection(
            _("Letters"), models=("Letter", "DeliveryBatch", "Reply", "LetterRules"), order=20
        ),
    )
    waiting_counts = (
        WaitingCount(
            _("Letters waiting for moderation"),
            "unheard.letters.selectors.moderation_queue_count",
            "admin:letters_letter_changelist",
            "letters.moderate_letter",
            query="?stage=queue",
            order=30,
        ),
    )
