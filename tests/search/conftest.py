import pytest
from reversion.models import Revision

from unheard.core.models import AuditEntry, Source
from unheard.registry import models
from unheard.registry.demo_loader import demo_load
from unheard.search.models import SearchWord


def remove_registry_data() -> None:
    models.Person.objects.all().delete()
    for model in (
        models.Case,
        models.Facility,
        models.Article,
        models.LegalCode,
        models.Region,
        models.Organisation,
        models.PoliticalView,
        Source,
    ):
        model.objects.all().delete()
    Revision.objects.all().delete()
    SearchWord.objects.all().delete()
    # The loaders wrote through audited services; the log refuses deletes, so it is emptied
    # below the ORM's guard, as a test database may be.
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo registry (63 real people from the seed book), loaded once per module.

    Each test still runs in its own transaction, so what a test changes is rolled back.
    """
    with django_db_blocker.unblock():
        demo_load()
        yield
        remove_registry_data()
