"""The actions list's filters in the API: typed in the schema, refused with a JSON error."""

import pytest

from tests.actions.conftest import make_action
from unheard.core.models import PublicationState
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"kind": "party"}, "bad_kind"),
        ({"from": "yesterday"}, "bad_from"),
        ({"to": "0.0"}, "bad_to"),  # not seconds since 1970 (schemathesis found it accepted)
        ({"from": "1700000000"}, "bad_from"),
    ],
)
def test_bad_filters_are_json_errors_naming_the_parameter(client, params, code):
    response = client.get("/api/v1/actions", params)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_good_filters_select(client):
    make_action()
    found = client.get("/api/v1/actions", {"kind": "picket", "from": "2000-01-01"}).json()
    assert [a["slug"] for a in found["results"]] == ["picket-berlin"]
    assert client.get("/api/v1/actions", {"kind": "lecture"}).json()["count"] == 0


def test_the_person_filter_lists_an_action_for_several_people_once(client):
    """The filter joins the action's people without DISTINCT: a slug names one person."""
    people = [
        Person.objects.create(
            surname=f"Тестов{number}",
            display_name=f"Pyotr Testov {number}",
            slug=f"testov-{number}",
            publication_state=PublicationState.PUBLISHED,
        )
        for number in range(2)
    ]
    make_action().people.set(people)
    found = client.get("/api/v1/actions", {"person": "testov-1"}).json()
    assert [a["slug"] for a in found["results"]] == ["picket-berlin"]
    people[1].publication_state = PublicationState.DRAFT
    people[1].save()
    assert client.get("/api/v1/actions", {"person": "testov-1"}).json()["count"] == 0
