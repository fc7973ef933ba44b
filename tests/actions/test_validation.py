"""Bad input to actions: errors name the field, nothing is written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.actions.conftest import make_action
from unheard.actions.models import Action
from unheard.core.models import AuditEntry

pytestmark = pytest.mark.django_db
START = timezone.now() + dt.timedelta(days=3)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"ends_at": START - dt.timedelta(hours=1)}, "ends_at"),
        ({"time_zone": ""}, "time_zone"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"starts_at": dt.datetime(2030, 1, 1, 18, 0), "ends_at": None}, "starts_at"),
        ({"capacity": -1}, "capacity"),
        ({"latitude": 91, "longitude": 10}, "latitude"),
        ({"latitude": 10, "longitude": -181}, "longitude"),
        ({"latitude": 10}, "longitude"),
        ({"country": "QQ"}, "country"),
        ({"starts_on": dt.date(2012, 12, 2), "ends_on": dt.date(2012, 11, 29)}, "ends_on"),
    ],
)
def test_bad_values_are_refused_naming_the_field(data, field):
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        make_action(**{"starts_at": START, "ends_at": START + dt.timedelta(hours=2), **data})
    assert field in error.value.message_dict, error.value.message_dict
    assert not Action.objects.exists()
    assert AuditEntry.objects.count() == audit_rows


def test_the_proposal_form_names_bad_fields(client):
    response = client.post(
        "/en/actions/organise/",
        {
            "title": "Picket",
            "kind": "picket",
            "description": "We stand.",
            "date": "2030-05-01",
            "start_time": "18:00",
            "city": "Berlin",
            "country": "XY",
            "proposer_email": "nope",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"time_zone", "country", "proposer_email"} <= set(errors)
    assert not Action.objects.exists()


def test_a_good_action_is_stored_and_audited():
    action = make_action(capacity=0, latitude="52.52000", longitude="13.40500")
    assert action.capacity == 0
    assert AuditEntry.objects.filter(action="action_create", object_id=str(action.pk)).exists()
