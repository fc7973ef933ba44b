import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture
def two_factor(settings):
    """The production rule: staff pass a second factor before the back office."""
    settings.UNHEARD_STAFF_2FA = True
    return settings


@pytest.fixture
def audited(settings):
    settings.UNHEARD_AUDIT_ACCESS = True
    return settings


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", password="a long passphrase of words")


def authenticator_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def unthrottled(device):
    """django-otp makes the next try wait after a wrong code (1 s, then doubling): skip the wait."""
    device.refresh_from_db()
    device.throttle_reset()
    return device
