from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "unheard.funds"
    label = "funds"
    verbose_name = _("Funds")

    def ready(self) -> None:
        from unheard.funds import versioning

        versioning.register_models()
