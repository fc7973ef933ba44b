import pytest
from django.db import transaction
from django.utils import translation

from unheard.core import plugins


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo (every app's loader), loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in plugins.demo_loaders():
            loader.run()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english():
    """Messages (refusals) are read in English; the outputs set their own language."""
    with translation.override("en"):
        yield
