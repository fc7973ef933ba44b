from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import (
    BackofficeSection,
    ConfidentialModel,
    FigureSource,
    HelpLink,
    NavItem,
    PersonHelpBox,
    PrivateChange,
    ScheduledJob,
    TrackedFieldRef,
    WaitingCount,
)
from unheard.letters import roles


class LettersConfig(AppConfig):
    name = "unheard.letters"
    label = "letters"
    verbose_name = _("Letters")
    scheduled_jobs = (
        ScheduledJob("letters.send_mail", "letters_send_mail", timedelta(minutes=10)),
        ScheduledJob("letters.purge", "letters_purge", timedelta(days=1)),
    )
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("LetterRules", "Letter", "Reply")
    # Every model of the app is watched (it counts a figure); these changes cannot show on any
    # public page, figure or file, so they leave the record's version alone (core/record_cache.py):
    # letters are never public, only counted, and only once approved (selectors.py).
    private_changes = (
        # A submission counted against its sender's addresses; the links and e-mails sent to
        # authors; the moderators' decisions, the censor's translations, the printed batches
        # and the pictures sent with a letter: the back office's and the authors' only.
        *(
            PrivateChange(name)
            for name in (
                "RateLimitHit",
                "LetterToken",
                "LetterNotification",
                "ModerationDecision",
                "LetterTranslation",
                "DeliveryBatch",
                "LetterAttachment",
            )
        ),
        # A letter waiting for its author or the moderators, or rejected, and the steps of its
        # history other than approval and delivery: no count shows them.
        PrivateChange("Letter", when="unheard.letters.selectors.letter_counted_nowhere"),
        PrivateChange(
            "LetterStatusChange", when="unheard.letters.selectors.status_change_counted_nowhere"
        ),
    )

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
    figure_sources = (
        FigureSource(
            key="letters",
            title=_("Letters and replies per month"),
            definition=_(
                "Letters written through this site to published people, by month: a letter "
                "counts as approved in the month the moderators first approved it, and as "
                "delivered in the month its delivery was first recorded; letters waiting for "
                "moderation, returned to their author or rejected are not counted. Replies are "
                "the replies from published people recorded as received, by the month received. "
                "On a past date, what was recorded on or before it."
            ),
            dimension=_("month"),
            measures=(_("letters approved"), _("letters delivered"), _("replies received")),
            count="unheard.letters.selectors.letters_and_replies_per_month",
            order=10,
        ),
    )
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
