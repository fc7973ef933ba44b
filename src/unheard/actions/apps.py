from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.actions import roles
from unheard.core.plugins import BackofficeSection, DemoLoader


class ActionsConfig(AppConfig):
    name = "unheard.actions"
    label = "actions"
    verbose_name = _("Actions")

    role_grants = roles.ROLE_GRANTS
    demo_loaders = (DemoLoader("unheard.actions.demo_loader.demo_load", after=("registry",)),)
    backoffice_sections = (BackofficeSection(_("Actions"), models=("SolidarityAction",), order=40),)
