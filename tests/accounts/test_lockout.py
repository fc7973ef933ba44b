"""Login throttling (django-axes): per account and per address, lifted by an administrator."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse

from unheard.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "a long passphrase of words"


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.UNHEARD_AUDIT_ACCESS = True
    return settings


@pytest.fixture
def editor(db):
    return User.objects.create_user("erin", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address="198.51.100.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_account_even_from_other_addresses(client, editor, throttled):
    for attempt in range(2):
        assert sign_in(client, "erin", "wrong", address=f"198.51.100.{attempt}").status_code == 200
    assert sign_in(client, "erin", "wrong", address="198.51.100.2").status_code == 429
    refused = sign_in(client, "erin", PASSWORD, address="203.0.113.9")
    assert refused.status_code == 429 and not signed_in(client)
    assert "Too many wrong passwords" in refused.content.decode()
    assert AuditEntry.objects.filter(action="login_failed").count() >= 3
    assert AuditEntry.objects.filter(action="login_locked_out").exists()
    assert "wrong" not in str(list(AuditEntry.objects.values_list("summary", flat=True)))


def test_one_address_trying_many_accounts_is_locked_out(client, editor, throttled):
    for name in ("ana", "boris", "clara"):
        sign_in(client, name, "guess", address="198.51.100.7")
    assert sign_in(client, "erin", PASSWORD, address="198.51.100.7").status_code == 429
    assert not signed_in(client)
    assert sign_in(client, "erin", PASSWORD, address="203.0.113.9").status_code == 302
    assert signed_in(client)


def test_an_administrator_lifts_the_lock(client, editor, superuser, throttled):
    for _ in range(3):
        sign_in(client, "erin", "wrong")
    assert sign_in(client, "erin", PASSWORD).status_code == 429

    admin = type(client)()
    admin.force_login(superuser)
    attempts = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200 and "erin" in attempts.content.decode()
    for attempt in AccessAttempt.objects.all():
        url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
        assert admin.post(url, {"post": "yes"}).status_code == 302
    assert sign_in(client, "erin", PASSWORD).status_code == 302 and signed_in(client)
    assert AuditEntry.objects.filter(action="login", acting_user=editor).exists()


def test_with_throttling_off_client_login_works_without_a_request(client, editor, settings):
    assert settings.AXES_ENABLED is False  # the test settings, for every other test
    assert client.login(username="erin", password=PASSWORD)
