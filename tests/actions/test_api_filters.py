"""The actions list's filters in the API: typed in the schema, refused with a JSON error."""

import pytest

from tests.actions.conftest import make_action

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "code"), [({"kind": "party"}, "bad_kind"), ({"from": "yesterday"}, "bad_from")]
)
def test_bad_filters_are_json_errors_naming_the_parameter(client, params, code):
    response = client.get("/api/v1/actions", params)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_good_filters_select(client):
    make_action()
    found = client.get("/api/v1/actions", {"kind": "picket", "from": "2000-01-01"}).json()
    assert [a["slug"] for a in found["results"]] == ["picket-berlin"]
    assert client.get("/api/v1/actions", {"kind": "lecture"}).json()["count"] == 0
