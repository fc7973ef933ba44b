"""Security headers on every page, and templates that the Content-Security-Policy allows."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import unheard

pytestmark = pytest.mark.django_db
PACKAGE = Path(unheard.__file__).parent


@pytest.mark.parametrize("path", ["/en/", "/ru/", "/api/v1/people", "/admin/login/"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    # The directives' order is not fixed: compare them one by one.
    directives = {d.strip() for d in policy.split(";")}
    assert {"default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} <= directives
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "style-src 'self'" in directives
    assert any(d.startswith("script-src 'self'") for d in directives)
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_page_that_needs_an_inline_script_gets_a_nonce(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">1</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/")
    response = CSPMiddleware(view)(request)
    nonce = re.search(r"'nonce-([\w+/=-]+)'", response["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()


def test_the_back_office_carries_them_too(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "unsafe-inline" not in response["Content-Security-Policy"]


INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an event handler attribute"),
    (
        re.compile(
            r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)(?![^>]*nonce=)", re.I
        ),
        "an inline script",
    ),
]


def test_no_page_template_holds_inline_script_or_style():
    """The CSP allows no inline style or script: put them in static files (a script that must
    be inline carries nonce="{{ request.csp_nonce }}"). PDF templates (the brochure's too) and the
    static mirror's are not served as the site's pages."""
    found = []
    for template in PACKAGE.glob("*/templates/**/*.html"):
        # Printed, or written to the static mirror's folder: never served under the site's CSP.
        printed = {"pdf", "brochure", "mirror"} & set(template.parts)
        if printed or "pdf" in template.name or "print" in template.name:
            continue
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                found.append(f"{template.relative_to(PACKAGE)}: {what}")
    assert not found, "\n".join(found)
