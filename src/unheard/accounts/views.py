"""Staff account pages: the second factor (verify, enrol, recovery codes) and one's sessions."""

from __future__ import annotations

import base64

import segno
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from unheard.accounts import selectors, services
from unheard.accounts.forms import CodeForm


def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator, or a recovery code."""
    if not user_has_device(request.user):
        return redirect(_with_next("accounts:enrol", request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if services.second_factor_pass(request=request, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _("This code is wrong or has expired. Try the next one."))
    return _page(request, "accounts/verify.html", _("Two-factor authentication"), form=form)


def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app. A user who already has one must pass it first."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(_with_next("accounts:verify", request))
    device = services.totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = services.second_factor_confirm(device=device, acting_user=request.user)
            otp_login(request, device)
            return _codes_page(request, codes, next_url=_next_url(request))
        form.add_error("code", _("This code is wrong or has expired. Try the next one."))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff", border=4)
    context = {
        "form": form,
        "qr_svg": mark_safe(qr),  # noqa: S308 - segno's own markup, no user text
        "secret": _grouped(base64.b32encode(device.bin_key).decode()),
    }
    return _page(request, "accounts/enrol.html", _("Set up two-factor authentication"), **context)


@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = services.recovery_codes_renew(user=request.user, acting_user=request.user)
    return _codes_page(request, codes, next_url=reverse("accounts:security"))


def security(request: HttpRequest) -> HttpResponse:
    """The user's second factor and the sessions they are signed in with."""
    context = {
        "sessions": selectors.staff_sessions_active(
            user=request.user, now=timezone.now(), current_key=request.session.session_key
        ),
        "recovery_codes_left": selectors.recovery_codes_left(user=request.user),
        "has_authenticator": user_has_device(request.user),
    }
    return _page(request, "accounts/security.html", _("Sign-in and sessions"), **context)


@require_POST
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    staff_session = get_object_or_404(request.user.staff_sessions, pk=pk)
    services.staff_session_end(staff_session=staff_session, acting_user=request.user)
    messages.success(request, _("The session has been ended."))
    return redirect("accounts:security")


def _codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    return _page(
        request,
        "accounts/recovery_codes.html",
        _("Your recovery codes"),
        codes=codes,
        next_url=next_url,
    )


def _page(request: HttpRequest, template: str, title: str, **context) -> HttpResponse:
    context = {**admin.site.each_context(request), "title": title, **context}
    return TemplateResponse(request, template, context)


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _with_next(url_name: str, request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return reverse(url_name) + (f"?{query}" if query else "")


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
