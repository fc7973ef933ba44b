from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "unheard.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from unheard.registry import (
            signals,  # noqa: F401
            versioning,
        )

        versioning.register_models()
