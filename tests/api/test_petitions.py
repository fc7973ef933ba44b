"""The petitions routes: counts and texts of published petitions, never a signer."""

import pytest

from tests.petitions.conftest import draft_petition, petition  # noqa: F401 - fixtures
from unheard.petitions import services
from unheard.petitions.models import Delivery, Signature

pytestmark = pytest.mark.django_db


def signatures(record, confirmed: int, unconfirmed: int) -> None:
    for number in range(confirmed + unconfirmed):
        Signature.objects.create(
            petition=record,
            name=f"Signer {number}",
            country="FR",
            email=f"secret-{number}@example.org",
            show_publicly=True,
            is_confirmed=number < confirmed,
        )


def test_the_list_counts_confirmed_signatures_only(client, petition, draft_petition):  # noqa: F811
    signatures(petition, confirmed=3, unconfirmed=2)
    answer = client.get("/api/v1/petitions").json()
    assert answer["count"] == 1, "the draft is not listed"
    item = answer["results"][0]
    assert item["slug"] == "free-them"
    assert item["signatures"] == 3 and item["goal"] == 4 and item["percent"] == 75
    assert item["status"] == {"code": "open", "label": "open for signatures"}
    assert item["url"] == "/en/petitions/free-them/"


def test_a_petition_with_its_text_targets_and_delivery(client, petition):  # noqa: F811
    signatures(petition, confirmed=2, unconfirmed=1)
    services.delivery_record(
        petition=petition,
        data={
            "delivered_on": "2026-11-20",
            "recipient": "Embassy of Russia in Berlin",
            "method": Delivery.Method.IN_PERSON,
            "answer_en": "No answer yet.",
        },
        acting_user=None,
    )
    response = client.get("/api/v1/petitions/free-them")
    text = response.content.decode()
    answer = response.json()
    assert answer["text"] == "We call on the embassy to pass on our demand."
    assert answer["targets"] == [
        {
            "kind": {"code": "embassy", "label": "embassy or consulate"},
            "name": "Embassy of Russia in Berlin",
        }
    ]
    assert answer["status"]["code"] == "delivered"
    assert answer["deliveries"][0]["recipient"] == "Embassy of Russia in Berlin"
    assert answer["signatures"] == 2
    assert "secret-" not in text and "Signer" not in text


def test_a_draft_petition_is_not_found(client, draft_petition):  # noqa: F811
    response = client.get("/api/v1/petitions/draft-one")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_texts_in_the_requested_language(client, petition):  # noqa: F811
    services.petition_update(
        petition=petition, data={"title_de": "Freiheit für die Gefangenen"}, acting_user=None
    )
    answer = client.get("/api/v1/petitions/free-them?lang=de").json()
    assert answer["title"] == "Freiheit für die Gefangenen"
    assert answer["url"] == "/de/petitions/free-them/"
