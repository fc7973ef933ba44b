from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import BackofficeSection, DemoLoader, NavItem, RecordPanel, ScheduledJob
from unheard.publishing import roles


class PublishingConfig(AppConfig):
    name = "unheard.publishing"
    label = "publishing"
    verbose_name = _("Publishing")
    scheduled_jobs = (
        ScheduledJob("publishing.send_mail", "publishing_send_mail", timedelta(minutes=10)),
        ScheduledJob("publishing.send_digest", "publishing_send_digest", timedelta(days=7)),
    )
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("NewsPost",)

    backoffice_sections = (
        BackofficeSection(_("News"), models=("NewsPost", "Subscription"), order=35),
    )

    nav_items = (NavItem(_("News"), "publishing:news_list", order=40),)
    role_grants = roles.ROLE_GRANTS
    demo_loaders = (
        DemoLoader("unheard.publishing.demo_loader.demo_load", after=("registry", "funds")),
    )
    # News about a record, its feeds and the form to follow it by e-mail, on its page.
    record_panels = (
        RecordPanel("registry.Person", "publishing/includes/record_news.html", order=40),
        RecordPanel("registry.Case", "publishing/includes/record_news.html", order=40),
        RecordPanel("actions.Action", "publishing/includes/record_news.html", order=40),
        RecordPanel("funds.Campaign", "publishing/includes/record_news.html", order=40),
    )

    def ready(self) -> None:
        from unheard.publishing import signals  # noqa: F401
