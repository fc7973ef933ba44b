from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import NavItem


class OpenDataConfig(AppConfig):
    name = "unheard.opendata"
    label = "opendata"
    verbose_name = _("Open data")
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("DataSnapshot",)

    nav_items = (NavItem(_("Open data"), "opendata:index", order=90),)
