"""A staff member enrols an authenticator and works in the back office, in Chromium, with the
Content-Security-Policy enforced: no page breaks it."""

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.accounts.conftest import current_code

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a long passphrase of words"


def test_enrol_then_work_without_csp_violations(page, settings):
    settings.UNHEARD_STAFF_2FA = True
    User.objects.create_superuser("root", password=PASSWORD)
    person = f.PersonFactory()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto("/admin/login/")
    page.fill("[name=username]", "root")
    page.fill("[name=password]", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/account/enrol/**")
    assert page.locator(".qr-code svg").is_visible()

    device = TOTPDevice.objects.get(user__username="root", confirmed=False)
    page.fill("[name=code]", current_code(device))
    page.locator("input[type=submit]").click()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="I have kept them").click()
    page.wait_for_url("**/admin/")

    for path in (
        "/admin/registry/person/",
        f"/admin/registry/person/{person.pk}/change/",
        "/admin/letters/letter/",
        "/admin/account/",
        "/en/",
        f"/en/people/{person.slug}/",
        "/api/v1/docs",
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert violations == []
