"""Staff sessions: time-outs, and the second factor before the back office (see `policy`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from unheard.accounts import services
from unheard.accounts.policy import is_staff_account, session_expired

# What a signed-in staff user may open before passing the second factor.
OPEN_BEFORE_SECOND_FACTOR = {
    "admin:login",
    "admin:logout",
    "admin:jsi18n",
    "accounts:verify",
    "accounts:enrol",
}


class StaffAccountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        # Without a session cookie nobody is signed in: leave the request (and its caching) alone.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and is_staff_account(request.user):
            response = self.staff_request(request)
            if response is not None:
                return response
        return self.get_response(request)

    def staff_request(self, request: HttpRequest):
        now = timezone.now()
        if session_expired(request.session, now=now):
            services.staff_session_forget(session_key=request.session.session_key)
            logout(request)
            if in_back_office(request):
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_with_next("admin:login", request)
            return None
        services.staff_session_touch(request=request, now=now)
        if not settings.UNHEARD_STAFF_2FA or request.user.is_verified():
            return None
        if not in_back_office(request):
            request.user = AnonymousUser()
            return None
        if view_name(request) in OPEN_BEFORE_SECOND_FACTOR:
            return None
        step = "accounts:verify" if user_has_device(request.user) else "accounts:enrol"
        return redirect_with_next(step, request)


def in_back_office(request: HttpRequest) -> bool:
    return request.path_info.startswith(reverse("admin:index"))


def view_name(request: HttpRequest) -> str:
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def redirect_with_next(url_name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"
    )
