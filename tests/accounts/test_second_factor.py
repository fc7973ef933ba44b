"""Two-factor authentication for the back office (unheard.accounts.policy)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import authenticator_of, current_code, unthrottled
from unheard.core.models import AuditEntry

pytestmark = pytest.mark.django_db

OPEN = {"login", "logout", "jsi18n"}


def back_office_urls() -> list[str]:
    """Every URL of the back office, its parameters filled with plausible values."""
    urls = [reverse(f"accounts:{name}") for name in ("security",)]
    urls.append(reverse("accounts:session_end", args=[1]))
    urls.append(reverse("accounts:recovery_codes"))
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    for name, converters in _named_patterns(admin.site.get_urls()):
        if name in OPEN:
            continue
        if "app_label" in converters:
            urls.extend(reverse(f"admin:{name}", kwargs={"app_label": label}) for label in labels)
            continue
        urls.append(_reverse_with_ones(f"admin:{name}", converters))
    return sorted(set(urls))


def _reverse_with_ones(name: str, converters) -> str:
    """Named parameters, or the unnamed groups of older regex patterns (django-reversion's)."""
    try:
        return reverse(name, kwargs={key: "1" for key in converters})
    except NoReverseMatch:
        pass
    for count in (1, 2, 3):
        try:
            return reverse(name, args=["1"] * count)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(name)


def _named_patterns(patterns, converters=()):
    for pattern in patterns:
        named = {*pattern.pattern.converters, *pattern.pattern.regex.groupindex}
        here = (*converters, *named)
        if isinstance(pattern, URLResolver):
            yield from _named_patterns(pattern.url_patterns, here)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, here


def test_the_crawl_covers_the_back_office():
    urls = back_office_urls()
    assert reverse("admin:index") in urls
    assert reverse("admin:core_auditentry_changelist") in urls
    assert reverse("admin:registry_person_change", args=[1]) in urls
    assert len(urls) > 200


def test_every_back_office_url_sends_staff_without_a_device_to_enrol(client, superuser, two_factor):
    client.force_login(superuser)
    for url in back_office_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        target = urlsplit(response.url)
        assert target.path == reverse("accounts:enrol"), url
        assert parse_qs(target.query)["next"] == [url]


def test_every_back_office_url_asks_staff_with_a_device_for_a_code(client, superuser, two_factor):
    authenticator_of(superuser)
    client.force_login(superuser)
    for url in back_office_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert urlsplit(response.url).path == reverse("accounts:verify"), url
    for url in back_office_urls()[:20]:
        assert client.post(url).status_code == 302, url


def test_a_code_from_the_authenticator_opens_the_back_office(client, superuser, two_factor):
    device = authenticator_of(superuser)
    client.force_login(superuser)
    people = reverse("admin:registry_person_changelist")
    verify = f"{reverse('accounts:verify')}?next={people}"
    wrong = client.post(verify, {"code": "000000" if current_code(device) != "000000" else "1"})
    assert wrong.status_code == 200 and "wrong" in wrong.content.decode()
    assert client.get(people).status_code == 302
    unthrottled(device)
    response = client.post(verify, {"code": current_code(device)})
    assert response.status_code == 302 and response.url == people
    assert client.get(people).status_code == 200
    assert client.get(reverse("accounts:security")).status_code == 200


def test_a_foreign_next_address_is_not_followed(client, superuser, two_factor):
    device = authenticator_of(superuser)
    client.force_login(superuser)
    response = client.post(
        f"{reverse('accounts:verify')}?next=https://evil.example/", {"code": current_code(device)}
    )
    assert response.url == reverse("admin:index")


def test_enrolment_sets_up_an_authenticator_and_recovery_codes(client, make_staff, two_factor):
    editor = make_staff("erin", "editor")
    client.force_login(editor)
    response = client.get(reverse("admin:index"))
    page = client.get(response.url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "<svg" in content and "otpauth" not in content  # the key only in the picture and text
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert client.post(response.url, {"code": "12345"}).status_code == 200  # wrong: form again
    done = client.post(response.url, {"code": current_code(unthrottled(device))})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEntry.objects.get(action="second_factor_enrol").acting_user == editor


def test_a_password_alone_cannot_replace_the_enrolled_device(client, superuser, two_factor):
    """Someone holding only the password must not enrol a phone of their own."""
    authenticator_of(superuser)
    client.force_login(superuser)
    response = client.get(reverse("accounts:enrol"))
    assert urlsplit(response.url).path == reverse("accounts:verify")
    assert TOTPDevice.objects.filter(user=superuser).count() == 1


def test_a_recovery_code_opens_the_back_office_once(client, superuser, two_factor):
    device = authenticator_of(superuser)
    client.force_login(superuser)
    verify = reverse("accounts:verify")
    client.post(verify, {"code": current_code(device)})
    renewed = client.post(reverse("accounts:recovery_codes"))
    code = renewed.context["codes"][0]
    assert AuditEntry.objects.filter(action="recovery_codes_renew").count() == 1

    client.logout()
    client.force_login(superuser)
    assert client.post(verify, {"code": code}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEntry.objects.filter(action="recovery_code_use").count() == 1
    assert not StaticToken.objects.filter(token=code).exists()

    client.logout()
    client.force_login(superuser)
    assert client.post(verify, {"code": code}).status_code == 200  # used up
    assert AuditEntry.objects.filter(action="second_factor_failed").count() == 1


def test_the_public_site_sees_unverified_staff_as_signed_out(client, superuser, two_factor):
    client.force_login(superuser)
    response = client.get("/en/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_with_the_setting_off_staff_sign_in_with_a_password(client, superuser, settings):
    assert settings.UNHEARD_STAFF_2FA is False  # the test settings, for every other test
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
