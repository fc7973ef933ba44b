"""Limits on what one request may make the server do.

Policy:
* A request body larger than `UNHEARD_MAX_REQUEST_BYTES` is refused with 413 from its
  Content-Length, before a byte of it is read (the shipped nginx refuses it even earlier, with
  `client_max_body_size`). Fields other than files are held in memory only up to
  DATA_UPLOAD_MAX_MEMORY_SIZE; files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file.
* An image is never decoded before its header is read: an upload whose width × height exceeds
  `UNHEARD_IMAGE_MAX_PIXELS` is refused from its header (core/images.py), and Pillow's own
  MAX_IMAGE_PIXELS is set to the same bound (core's AppConfig) so nothing decodes a larger one.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if announced_length(request) > settings.UNHEARD_MAX_REQUEST_BYTES:
            return body_too_large(request)
        return self.get_response(request)


def announced_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def body_too_large(request: HttpRequest) -> HttpResponse:
    limit_mb = settings.UNHEARD_MAX_REQUEST_BYTES // (1024 * 1024)
    message = _("What you sent is too large: at most %(limit)s MB may be sent at once.") % {
        "limit": limit_mb
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "too_large", "message": message}}, status=413)
    response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    response["Connection"] = "close"
    return response
