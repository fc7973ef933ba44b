"""The API tests read one world, loaded once for the whole folder and committed, so the live
test server (schemathesis) sees it too: the demo registry and campaigns from the seeds, plus
records the public must never see (a draft person, a draft facility, confidential notes)."""

import pytest
from django.utils import translation
from reversion.models import Revision

from tests.factories import FacilityFactory, PersonFactory, published
from tests.search.conftest import remove_registry_data
from unheard.actions.demo_loader import demo_load as actions_demo_load
from unheard.actions.models import Action, DayOfAction, DayStatement, Group
from unheard.core.models import PublicationState
from unheard.funds.demo_loader import demo_load as funds_demo_load
from unheard.funds.models import AggregateFigure, Campaign, PaymentMethod
from unheard.registry.demo_loader import demo_load as registry_demo_load
from unheard.registry.models import Person

MARKER = "API-CANARY-5521"
DRAFT_SLUG = "draft-api-person"


def plant_secrets() -> None:
    """A draft person, a published person in a draft facility, and confidential notes."""
    PersonFactory(
        slug=DRAFT_SLUG,
        surname=f"Черновиков{MARKER}",
        display_name_en=f"Draft Person {MARKER}",
        internal_notes=MARKER,
        publication_state=PublicationState.DRAFT,
    )
    hidden = FacilityFactory(name_en=f"Hidden facility {MARKER}", slug="hidden-facility")
    published(PersonFactory(slug="held-in-a-draft-facility", current_facility=hidden))
    Person.objects.filter(slug="azat-miftakhov").update(internal_notes=MARKER)


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), translation.override("en"):
        registry_demo_load()
        funds_demo_load()
        actions_demo_load()
        plant_secrets()
        yield
        for model in (DayStatement, Action, DayOfAction, Group):
            model.objects.all().delete()
        AggregateFigure.objects.all().delete()
        Campaign.objects.all().delete()
        PaymentMethod.objects.all().delete()
        remove_registry_data()
        Revision.objects.all().delete()


@pytest.fixture(scope="package")
def api_server(world):
    """A live server over the world, for requests over real HTTP (schemathesis, the docs page).

    pytest-django's `live_server` would make each test transactional, and so flush the world
    after the first one.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost:0")
    yield server.url
    server.stop()


@pytest.fixture
def get(client, world, db):
    """GET a path of the API (relative to /api/v1/) with query parameters; the response."""

    def get(path: str, **params):
        return client.get(f"/api/v1/{path}", params)

    return get
