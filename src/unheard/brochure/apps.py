from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrochureConfig(AppConfig):
    name = "unheard.brochure"
    label = "brochure"
    verbose_name = _("Brochure")
