"""Joining an action: confirmed by e-mail (a real SMTP server), capacity and waiting list,
cancelling by link, reminders the day before, abuse control."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.actions.conftest import link_in, make_action, path_of
from unheard.actions import selectors, services
from unheard.actions.models import ActionRateLimitHit, SignUp
from unheard.core.models import PublicationState

pytestmark = pytest.mark.django_db
Status = SignUp.Status


def join(client, action, email, name="Anna", ip="198.51.100.1"):
    return client.post(
        f"/en/actions/{action.slug}/", {"name": name, "email": email}, REMOTE_ADDR=ip
    )


def confirm_by_mail(client, smtp_server, address, count):
    message = smtp_server.to(address)[count - 1] if smtp_server.wait_for(count) else None
    path = path_of(link_in(smtp_server.body(message), "/confirm/"))
    assert client.get(path).status_code == 200
    return client.post(path)


def test_a_sign_up_counts_once_its_e_mail_is_confirmed(client, action, smtp_server, committed):
    with committed():
        response = join(client, action, "anna@example.org")
    assert response.status_code == 302
    assert selectors.places_of(action).taken == 0  # unconfirmed: does not count
    with committed():
        page = confirm_by_mail(client, smtp_server, "anna@example.org", 1)
    assert "you are taking part" in page.content.decode()
    assert SignUp.objects.get().status == Status.CONFIRMED
    assert selectors.places_of(action).taken == 1
    confirmed = smtp_server.wait_for(2)[1]
    assert "/join/cancel/" in smtp_server.body(confirmed)


def test_a_bad_e_mail_is_refused_naming_the_field_and_nothing_is_stored(client, action):
    response = join(client, action, "not-an-address")
    assert response.status_code == 400
    assert "e-mail" in response.content.decode().lower()
    with pytest.raises(ValidationError) as error:
        services.sign_up_submit(action=action, name="A", email="a@", language="en", ip=None)
    assert "email" in error.value.message_dict
    assert not SignUp.objects.exists()


def test_the_same_e_mail_twice_counts_once(action):
    for email in ("Anna@Example.org", "anna@example.org "):
        ActionRateLimitHit.objects.all().delete()  # a minute later
        services.sign_up_submit(action=action, name="Anna", email=email, language="en", ip=None)
    assert SignUp.objects.count() == 1
    services.sign_up_confirm(sign_up_id=SignUp.objects.get().pk)
    ActionRateLimitHit.objects.all().delete()
    services.sign_up_submit(
        action=action, name="Anna", email="ANNA@example.org", language="en", ip=None
    )
    assert SignUp.objects.get().status == Status.CONFIRMED
    assert selectors.places_of(action).taken == 1


def test_the_database_refuses_a_second_row_for_the_same_address(action):
    """Two requests at the same moment: the unique constraint keeps one row."""
    SignUp.objects.create(action=action, name="A", email="same@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(action=action, name="B", email="SAME@example.org")


def test_past_the_capacity_sign_ups_wait_and_move_up_when_someone_cancels(
    client, smtp_server, committed
):
    action = make_action(capacity=1)
    first, second = (
        services.sign_up_submit(
            action=action, name=n, email=f"{n}@example.org", language="en", ip=n
        )
        for n in ("first", "second")
    )
    services.sign_up_confirm(sign_up_id=first.pk)
    services.sign_up_confirm(sign_up_id=second.pk)
    assert SignUp.objects.get(pk=second.pk).status == Status.WAITING
    assert selectors.places_of(action).full
    with committed():
        services.sign_up_cancel(sign_up_id=first.pk)
    assert SignUp.objects.get(pk=second.pk).status == Status.CONFIRMED
    promoted = smtp_server.wait_for(1)[-1]
    assert promoted["To"] == "second@example.org" and "A place is free" in promoted["Subject"]


def test_cancel_by_the_link_in_the_e_mail(client, action, smtp_server, committed):
    with committed():
        join(client, action, "bob@example.org")
    with committed():
        confirm_by_mail(client, smtp_server, "bob@example.org", 1)
    cancel = path_of(link_in(smtp_server.body(smtp_server.wait_for(2)[1]), "/cancel/"))
    client.post(cancel)
    assert SignUp.objects.get().status == Status.CANCELLED
    assert selectors.places_of(action).taken == 0


@pytest.mark.parametrize("token", ["garbage", "1:abc:def"])
def test_a_forged_or_broken_link_is_refused(client, token):
    for kind in ("confirm", "cancel"):
        response = client.get(f"/en/actions/join/{kind}/{token}/")
        assert response.status_code == 404
        assert "not valid" in response.content.decode()


def test_a_room_full_of_people_can_join_from_one_address_but_a_flood_cannot(client, action):
    """A letter-writing evening behind one NAT address (walk A2): ten in ten minutes pass."""
    for number in range(10):
        assert join(client, action, f"p{number}@example.org", ip="192.0.2.9").status_code == 302
    response = join(client, action, "eleven@example.org", ip="192.0.2.9")
    assert response.status_code == 429
    assert response.content.decode().count("Too many requests") == 1
    assert SignUp.objects.count() == 10
    other = make_action(slug="another-evening")
    assert join(client, other, "eleven@example.org", ip="192.0.2.9").status_code == 302


def test_one_e_mail_address_cannot_flood_from_many_network_addresses(client):
    for number in range(3):
        action = make_action(slug=f"evening-{number}")
        assert (
            join(client, action, "same@example.org", ip=f"198.51.100.{number}").status_code == 302
        )
    last = make_action(slug="evening-last")
    assert join(client, last, "same@example.org", ip="198.51.100.99").status_code == 429


def test_a_german_sign_up_is_confirmed_in_german(client, action, smtp_server, committed):
    """Walk A1: the subject and the body came in English to a sign-up from /de/."""
    with committed():
        response = client.post(
            f"/de/actions/{action.slug}/", {"name": "Jana", "email": "jana@example.org"}
        )
    assert response.status_code == 302
    message = smtp_server.wait_for(1)[0]
    body = smtp_server.body(message)
    assert "Bitte bestätigen Sie Ihre Teilnahme" in message["Subject"]
    assert "Vielen Dank, dass Sie" in body and "Bitte bestätigen Sie Ihre Anmeldung" in body
    assert "Please confirm" not in body and "/de/actions/join/confirm/" in body
    assert message["From"] == settings.DEFAULT_FROM_EMAIL != "letters@localhost"  # walk A14


def test_nobody_can_join_a_draft_or_cancelled_action(client, action):
    draft = make_action(slug="draft", publication_state=PublicationState.DRAFT)
    assert client.get(f"/en/actions/{draft.slug}/").status_code == 404
    services.action_update(action=action, data={"status": "cancelled"}, acting_user=None)
    with pytest.raises(ValidationError):
        services.sign_up_submit(
            action=action, name="A", email="a@example.org", language="en", ip=None
        )


def test_the_reminder_goes_the_day_before_once_to_those_taking_part(smtp_server, committed):
    now = timezone.now().replace(hour=10, minute=0) + dt.timedelta(days=2)
    start = now + dt.timedelta(hours=29)  # 15:00 UTC on the next day
    tomorrow = make_action(slug="tomorrow", starts_at=start, ends_at=None, time_zone="UTC")
    later = make_action(slug="later")
    for action, email in (
        (tomorrow, "t@example.org"),
        (later, "l@example.org"),
        (tomorrow, "u@example.org"),
    ):
        services.sign_up_submit(action=action, name="X", email=email, language="de", ip=email)
    for sign_up in SignUp.objects.exclude(email="u@example.org"):
        services.sign_up_confirm(sign_up_id=sign_up.pk)
    with committed():
        sent = services.reminders_send(now=now)
    assert sent == 1
    assert services.reminders_send(now=now) == 0
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["t@example.org"]
