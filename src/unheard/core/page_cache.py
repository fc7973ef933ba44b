"""Whole public pages kept for anonymous readers until the record changes.

Policy:
* Only a GET by a reader without a session (staff) or pending messages is answered from the
  cache, and only when the page is not under /admin/, /api/, the static files or the media. The
  key is the page's scheme, host, full path with its query, the language (chosen here as
  LocaleMiddleware will choose it), the day and the whole record's version
  (core/record_cache.py): a page shows many apps, so any change of a model that may show on a
  public page drops every page (a change an app declares private drops none).
* A page is stored only when it is the same for every anonymous reader: status 200, not
  streamed, no cookie set (a form's CSRF token sets one, and so do messages), no CSRF token or
  CSP nonce used, no `private`/`no-store`/`no-cache` (`never_cache`), no Vary beyond the cookies
  a kept page cannot depend on and the language, and no signed-in user.
* The middleware sits above everything that does not tell one reader from another, so a kept
  page costs what a bare Django view costs: its headers are stored with it, those of the
  middleware below included (HSTS and the other security headers, the CSP of a page without a
  nonce, Content-Language, X-Frame-Options, Permissions-Policy); the request id, above it, is
  added to every answer. `X-Page-Cache` says HIT or MISS.
* UNHEARD_PAGE_CACHE_SECONDS bounds how long a page is kept (0 turns the cache off); pages go in
  the cache alias "pages" when CACHES names one, else in "default". Production keeps them in each
  worker's memory: the record's version, in the shared token, decides which page is current.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re

from unheard.core.record_cache import record_key

SKIPPED_PREFIXES = ("/admin/", "/api/")
ALLOWED_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
UNCACHEABLE = frozenset({"private", "no-store", "no-cache"})


def _store():
    return caches["pages" if "pages" in settings.CACHES else "default"]


def _seconds() -> int:
    return getattr(settings, "UNHEARD_PAGE_CACHE_SECONDS", 0)


def _personal_cookies() -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages"))


def _skipped_prefixes() -> tuple[str, ...]:
    return (*SKIPPED_PREFIXES, settings.STATIC_URL, settings.MEDIA_URL)


def _may_be_served(request: HttpRequest) -> bool:
    return (
        _seconds() > 0
        and request.method == "GET"
        and not request.path.startswith(_skipped_prefixes())
        and not any(name in request.COOKIES for name in _personal_cookies())
    )


def _page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + record_key(hashlib.sha256(address.encode()).hexdigest())


def _same_for_every_reader(request: HttpRequest, response: HttpResponse) -> bool:
    control = {
        part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")
    }
    vary = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part}
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not control & UNCACHEABLE
        and vary <= ALLOWED_VARY
        and not (user is not None and user.is_authenticated)
    )


def _kept(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.headers.items()), response.content


def _served(kept: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "HIT"
    return response


class PageCacheMiddleware:
    """Answers anonymous public GETs from the page cache (see the module's policy)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.locale = LocaleMiddleware(get_response)

    def __call__(self, request):
        if not _may_be_served(request):
            return self.get_response(request)
        # The language of the page, from its address (or cookie and Accept-Language where the
        # address has none), for its key: LocaleMiddleware, below, chooses it again on a miss.
        self.locale.process_request(request)
        # The key is taken before rendering: a page rendered while the record changes is kept
        # under the version it started from, which the change has already replaced.
        key = _page_key(request)
        kept = _store().get(key)
        if kept is not None:
            return _served(kept)
        response = self.get_response(request)
        if _same_for_every_reader(request, response):
            _store().set(key, _kept(response), _seconds())
            response.headers["X-Page-Cache"] = "MISS"
        return response
