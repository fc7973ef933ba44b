from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import BackofficeSection, DemoLoader, NavItem, TrackedFieldRef
from unheard.stats import roles


class StatsConfig(AppConfig):
    name = "unheard.stats"
    label = "stats"
    verbose_name = _("Statistics")
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("*",)

    nav_items = (
        NavItem(
            _("Statistics"),
            "stats:index",
            order=60,
            current_for=("stats:index", "stats:figure", "stats:years"),
        ),
    )
    role_grants = roles.ROLE_GRANTS
    demo_loaders = (DemoLoader("unheard.stats.demo_loader.demo_load", after=("registry",)),)
    tracked_fields = (
        TrackedFieldRef("ExternalFigure.counts"),
        TrackedFieldRef("ExternalFigure.organisation"),
        TrackedFieldRef("ExternalFigure.method"),
    )
    backoffice_sections = (
        BackofficeSection(_("Statistics"), models=("ExternalFigure",), order=50),
    )

    def ready(self) -> None:
        from unheard.stats import signals  # noqa: F401
