"""Signing a petition: confirmed by the e-mailed link, counted once per address, refused when the
petition is closed or the address floods; every bad input named and nothing stored."""

import datetime as dt
import re
import threading

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.petitions.conftest import sign
from unheard.core.models import AuditEntry, RateLimitHit
from unheard.petitions import selectors, services
from unheard.petitions.models import Petition, Signature

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+/petitions/confirm/(\S+)/")


def confirm_link(smtp_server, address="anna@example.org") -> str:
    message = smtp_server.wait_for(1) and smtp_server.to(address)[-1]
    return LINK.search(smtp_server.body(message))[0]


def count(petition) -> int:
    return selectors.petitions_public().get(pk=petition.pk).signature_count


def test_a_signature_counts_once_confirmed_by_the_link(client, petition, smtp_server, committed):
    with committed():
        response = sign(client, petition)
    assert response.status_code == 302
    assert response["Location"] == f"/en/petitions/{petition.slug}/signed/"
    assert count(petition) == 0
    link = confirm_link(smtp_server)
    path = link.split("127.0.0.1:8000", 1)[1]
    page = client.get(path)
    assert "Confirm my signature" in page.content.decode()
    assert count(petition) == 0, "opening the link (a mail scanner) does not sign"
    done = client.post(path)
    assert "now counts" in done.content.decode()
    assert count(petition) == 1
    detail = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert "Anna Example, Leipzig (Germany)" in detail
    assert "anna@example.org" not in detail
    again = client.post(path)
    assert again.status_code == 404, "the link works once"


def test_the_same_address_twice_counts_once(client, petition, smtp_server, committed):
    with committed():
        sign(client, petition, ip="198.51.100.7")
    RateLimitHit.objects.all().delete()  # a few minutes later
    with committed():
        sign(client, petition, ip="198.51.100.8", email="ANNA@example.org", name="Anna again")
    assert Signature.objects.filter(petition=petition).count() == 1
    assert len(smtp_server.wait_for(2)) == 2, "the second sends the link again"
    client.post(confirm_link(smtp_server).split("8000", 1)[1])
    assert count(petition) == 1


def test_the_database_refuses_a_second_signature_with_the_same_address(petition):
    Signature.objects.create(petition=petition, name="A", country="DE", email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(petition=petition, name="B", country="FR", email="A@Example.org")


@pytest.mark.django_db(transaction=True)
def test_two_signatures_arriving_at_once_are_stored_once(petition):
    """Two requests with the same address at the same moment: one row, neither request fails."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; PostgreSQL runs this race for real")
    barrier = threading.Barrier(2)
    errors = []

    def submit(ip):
        try:
            barrier.wait()
            services.signature_submit(
                petition=petition,
                name="Anna",
                city="",
                country="DE",
                email="race@example.org",
                show_publicly=False,
                language="en",
                ip=ip,
            )
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(ip,)) for ip in ("192.0.2.1", "192.0.2.2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [e for e in errors if not isinstance(e, services.SignatureRefused)] == []
    assert Signature.objects.filter(email="race@example.org").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Enter a valid email address."),
        ("email", "", "This field is required."),
        ("name", "", "This field is required."),
        ("country", "XX", "Select a valid choice."),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(client, petition, field, value, message):
    response = sign(client, petition, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signature.objects.exists()
    assert not AuditEntry.objects.filter(action="signature_submit").exists()


def test_the_service_refuses_bad_input_by_field(petition):
    with pytest.raises(Exception) as refused:
        services.signature_submit(
            petition=petition,
            name=" ",
            city="",
            country="QQ",
            email="nope",
            show_publicly=False,
            language="en",
            ip=None,
        )
    assert set(refused.value.message_dict) == {"name", "country", "email"}
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Petition.Status.CLOSED, "This petition is closed: it takes no more signatures."),
        (
            Petition.Status.DELIVERED,
            "This petition has been delivered: it takes no more signatures.",
        ),
    ],
)
def test_a_closed_or_delivered_petition_refuses_signatures(client, petition, status, message):
    services.petition_update(petition=petition, data={"status": status}, acting_user=None)
    page = client.get(f"/en/petitions/{petition.slug}/").content.decode()
    assert message in page and '<form class="petition-form"' not in page
    response = sign(client, petition)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signature.objects.exists()


def test_a_link_to_a_petition_closed_since_signing_is_refused(
    client, petition, smtp_server, committed
):
    with committed():
        sign(client, petition)
    path = confirm_link(smtp_server).split("8000", 1)[1]
    services.petition_update(
        petition=petition, data={"status": Petition.Status.CLOSED}, acting_user=None
    )
    response = client.post(path)
    assert response.status_code == 410
    assert "closed" in response.content.decode()
    assert count(petition) == 0


def test_floods_from_one_address_are_rate_limited(client, petition, settings):
    settings.UNHEARD_PETITION_DAILY_LIMIT = 10
    assert sign(client, petition, email="one@example.org").status_code == 302
    second = sign(client, petition, email="two@example.org")
    assert second.status_code == 400
    assert "Too many signatures from this address" in second.content.decode()
    assert Signature.objects.count() == 1
    assert RateLimitHit.objects.filter(scope="petition-ip").count() == 1
    assert not RateLimitHit.objects.filter(key_hash__contains="198.51").exists()


def test_an_unknown_or_forged_link_is_refused(client):
    response = client.get("/en/petitions/confirm/forged-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_the_audit_log_never_names_the_signer(client, petition, smtp_server, committed):
    with committed():
        sign(client, petition)
    client.post(confirm_link(smtp_server).split("8000", 1)[1])
    rows = AuditEntry.objects.filter(action__startswith="signature_")
    assert {row.action for row in rows} == {"signature_submit", "signature_confirm"}
    for row in rows:
        text = f"{row.object_repr} {row.summary}"
        assert "Anna" not in text and "anna@" not in text and "Leipzig" not in text


def test_a_confirmation_never_sent_is_sent_by_the_command(petition, smtp_server, committed):
    signature = Signature.objects.create(
        petition=petition, name="Lost", country="DE", email="lost@example.org"
    )
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    with committed():
        call_command("petitions_send_mail", verbosity=0)
    assert smtp_server.wait_for(1) and smtp_server.to("lost@example.org")
    assert Signature.objects.get(pk=signature.pk).confirmation_sent_at is not None
