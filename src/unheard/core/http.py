"""Facts about the request that several apps need."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address, for rate limits.

    Behind a reverse proxy REMOTE_ADDR is the proxy's own address. Set UNHEARD_CLIENT_IP_HEADER
    (e.g. "HTTP_X_REAL_IP") only when the proxy always overwrites that header: a visitor can
    send any header they like, so a header the proxy merely passes on would let them choose
    their address.
    """
    header = getattr(settings, "UNHEARD_CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")
