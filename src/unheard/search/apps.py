from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "unheard.search"
    label = "search"
    verbose_name = _("Search")
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = ("*",)

    def ready(self) -> None:
        from unheard.search import signals  # noqa: F401
