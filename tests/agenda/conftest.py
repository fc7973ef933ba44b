import pytest
from django.db import transaction

from unheard.core import plugins


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data of every app, loaded once per module and rolled back when it ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in plugins.demo_loaders():
            loader.run()
        yield
        transaction.set_rollback(True)
