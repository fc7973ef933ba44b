from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.brochure import roles
from unheard.core.plugins import BackofficeSection


class BrochureConfig(AppConfig):
    name = "unheard.brochure"
    label = "brochure"
    verbose_name = _("Brochure")

    backoffice_sections = (BackofficeSection(_("Brochure"), models=("BrochureJob",), order=38),)
    role_grants = roles.ROLE_GRANTS
