import pytest
from django.db import transaction

from unheard.core import plugins
from unheard.mirror.build import mirror_build


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo (every app's loader), loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in plugins.demo_loaders():
            loader.run()
        yield django_db_blocker
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def mirror(demo, tmp_path_factory):
    """A mirror of the demo in English and Russian."""
    out = tmp_path_factory.mktemp("mirror") / "site"
    with demo.unblock():
        report = mirror_build(out=out, languages=["en", "ru"])
    return out, report
