"""The public "organise an action in your city" form: e-mail confirmed, moderated, nothing public
before an organiser approves it."""

import pytest

from tests.actions.conftest import link_in, path_of
from unheard.actions.models import Action
from unheard.core.models import PublicationState
from unheard.core.publication import record_publish

pytestmark = pytest.mark.django_db


def propose(client, day, **extra):
    data = {
        "title": "Letters evening in Lyon",
        "kind": "letter_evening",
        "description": "We write postcards to prisoners.",
        "day": day.pk,
        "date": "2030-12-10",
        "start_time": "18:00",
        "end_time": "21:00",
        "time_zone": "Europe/Paris",
        "city": "Lyon",
        "country": "fr",
        "proposer_name": "Claire",
        "proposer_email": "claire@example.org",
        **extra,
    }
    return client.post("/en/actions/organise/", data, REMOTE_ADDR="198.51.100.30")


def test_a_proposal_is_confirmed_by_e_mail_then_approved_and_shown_on_its_day(
    client, day, smtp_server, committed, make_staff
):
    with committed():
        assert propose(client, day).status_code == 302
    action = Action.objects.get()
    assert action.publication_state == PublicationState.DRAFT
    assert (action.country, action.time_zone, action.local_start.hour) == ("FR", "Europe/Paris", 18)
    assert client.get(f"/en/days/{day.slug}/").content.decode().count("Lyon") == 0
    message = smtp_server.wait_for(1)[0]
    assert message["To"] == "claire@example.org"
    path = path_of(link_in(smtp_server.body(message), "/confirm/"))
    client.post(path)
    action.refresh_from_db()
    assert action.publication_state == PublicationState.IN_REVIEW
    assert client.get(f"/en/actions/{action.slug}/").status_code == 404
    organiser = make_staff("org", "organiser")
    record_publish(record=action, acting_user=organiser)
    page = client.get(f"/en/days/{day.slug}/").content.decode()
    assert "Letters evening in Lyon" in page and "claire@example.org" not in page
    assert "Claire" not in client.get(f"/en/actions/{action.slug}/").content.decode()


def test_an_unconfirmed_proposal_never_reaches_review(client, day, committed):
    with committed():
        propose(client, day)
    assert Action.objects.get().publication_state == PublicationState.DRAFT
    assert client.get("/en/actions/organise/confirm/forged/").status_code == 404
