"""Logs that can be followed from a reader's error page to its traceback.

Policy:
* Every request gets an id, kept in a context variable for the time of the request and written in
  every log line (`%(request_id)s`, "-" outside a request) and returned as the `X-Request-ID`
  response header. An incoming `X-Request-ID` (from the reverse proxy) is reused only if it looks
  like an id — 8 to 64 letters, digits, dots, dashes or underscores — so a header can never put
  line breaks or markup into the logs; otherwise a new one is made.
* Errors go to stderr with their traceback, and to `ADMINS` by e-mail when the deployment names
  them (`UNHEARD_ADMINS`). Those e-mails never carry what was posted (a letter, an author's
  address): `PostDataHiddenFilter` blanks every POST value, and Django already hides cookies and
  settings that look secret.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from django.views.debug import SafeExceptionReporterFilter

HEADER = "X-Request-ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
NO_REQUEST = "-"

request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)


def request_id_for(incoming: str | None) -> str:
    """The proxy's id when it looks safe, else a new one."""
    if incoming and SAFE_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request id for the logs of this request and returns it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current = request_id_for(request.headers.get(HEADER))
        request.request_id = current
        token = request_id.set(current)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = current
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so formats can show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class PostDataHiddenFilter(SafeExceptionReporterFilter):
    """Error reports (e-mails to ADMINS) show which fields were posted, never their values."""

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {name: self.cleansed_substitute for name in request.POST}
