from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import (
    BackofficeLink,
    BackofficeSection,
    DemoLoader,
    HelpLink,
    NavItem,
    ReviewQueueSource,
    TrackedFieldRef,
    WaitingCount,
)
from unheard.registry import roles


class RegistryConfig(AppConfig):
    name = "unheard.registry"
    label = "registry"
    verbose_name = _("Registry")
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("*",)

    home_page = "registry:home"
    nav_items = (
        NavItem(_("People"), "registry:person_list", order=10),
        NavItem(
            _("Articles"),
            "registry:code_list",
            order=50,
            current_for=("registry:code_list", "registry:code_detail"),
        ),
        NavItem(
            _("Translation"),
            "registry:translation_dashboard",
            order=90,
            shown_if="unheard.core.translation_state.request_may_translate",
        ),
    )
    role_grants = roles.ROLE_GRANTS
    # The fallback of each way to help, until an app offers a page of its own.
    help_links = tuple(
        HelpLink(way, "registry:person_list", order=100) for way in ("write", "give", "act")
    )
    demo_loaders = (DemoLoader("unheard.registry.demo_loader.demo_load"),)
    backoffice_sections = (
        BackofficeSection(
            _("Registry"),
            links=(
                BackofficeLink(
                    _("Quick add: a new detention"),
                    "admin:registry_person_quick_add",
                    "registry.add_person",
                ),
                BackofficeLink(_("Review queue"), "admin:review_queue"),
                BackofficeLink(
                    _("Checking queue"), "admin:registry_checking_queue", "registry.view_checkmark"
                ),
            ),
            models=(
                "Person",
                "Case",
                "Facility",
                "ReviewUnit",
                "core.Source",
                "Charge",
                "Verdict",
                "TimelineEvent",
                "Recognition",
                "Organisation",
                "Article",
                "LegalCode",
                "Region",
                "PoliticalView",
            ),
            order=10,
        ),
    )
    waiting_counts = (
        WaitingCount(
            _("Records to check"),
            "unheard.registry.checking.waiting_count",
            "admin:registry_checking_queue",
            "registry.view_checkmark",
            order=20,
        ),
    )
    review_queue_sources = (ReviewQueueSource("unheard.registry.admin_review.units_waiting"),)
    tracked_fields = (
        TrackedFieldRef("Person.summary"),
        TrackedFieldRef("Person.biography"),
        TrackedFieldRef("Case.summary"),
        TrackedFieldRef("Person.display_name"),
        TrackedFieldRef("Person.occupation"),
        TrackedFieldRef("Person.interests"),
        TrackedFieldRef("Person.support_caveat"),
        TrackedFieldRef("Case.name"),
        TrackedFieldRef("Case.investigating_body"),
        TrackedFieldRef("TimelineEvent.description"),
        TrackedFieldRef("TimelineEvent.place"),
        TrackedFieldRef("Verdict.court"),
        TrackedFieldRef("Verdict.additional_penalties"),
        TrackedFieldRef("Organisation.name"),
        TrackedFieldRef("Facility.name"),
        TrackedFieldRef("Region.name"),
        TrackedFieldRef("PoliticalView.name"),
        TrackedFieldRef("LegalCode.name"),
        TrackedFieldRef("LegalCode.short_name"),
        TrackedFieldRef("Article.title"),
    )

    def ready(self) -> None:
        from unheard.registry import (
            signals,  # noqa: F401
            versioning,
        )

        versioning.register_models()
