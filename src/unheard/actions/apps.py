from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.actions import roles
from unheard.core.plugins import (
    BackofficeSection,
    DemoLoader,
    HelpLink,
    NavItem,
    ScheduledJob,
    TrackedFieldRef,
)


class ActionsConfig(AppConfig):
    name = "unheard.actions"
    label = "actions"
    verbose_name = _("Actions")
    scheduled_jobs = (
        ScheduledJob("actions.send_mail", "actions_send_mail", timedelta(minutes=10)),
        ScheduledJob("actions.remind", "actions_remind", timedelta(hours=1)),
        ScheduledJob("actions.purge", "actions_purge", timedelta(days=1)),
    )
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = (
        "Group",
        "DayOfAction",
        "Action",
        "DayStatement",
        "SignUp",
        "ActionReport",
        "ReportPhoto",
    )

    nav_items = (
        NavItem(
            _("Act"),
            "actions:list",
            order=35,
            current_for=("actions:list", "actions:action", "actions:days", "actions:day"),
        ),
    )
    help_links = (HelpLink("act", "actions:list", order=10),)
    role_grants = roles.ROLE_GRANTS
    demo_loaders = (DemoLoader("unheard.actions.demo_loader.demo_load", after=("registry",)),)
    backoffice_sections = (
        BackofficeSection(
            _("Actions"),
            models=("Action", "DayOfAction", "Group", "SignUp", "ActionReport"),
            order=40,
        ),
    )
    tracked_fields = (
        TrackedFieldRef("Action.title"),
        TrackedFieldRef("DayOfAction.title"),
        TrackedFieldRef("Action.description"),
        TrackedFieldRef("DayOfAction.description"),
        TrackedFieldRef("DayStatement.summary"),
        TrackedFieldRef("DayStatement.author_description"),
        TrackedFieldRef("Group.description"),
        TrackedFieldRef("Action.accessibility"),
        TrackedFieldRef("Action.city_name"),
        TrackedFieldRef("Group.city_name"),
    )
