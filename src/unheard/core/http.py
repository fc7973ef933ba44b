"""Facts about the request that several apps need."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address, for rate limits and login throttling.

    Behind a reverse proxy REMOTE_ADDR is the proxy's own address, and the proxy names the
    visitor in a header (UNHEARD_CLIENT_IP_HEADER, e.g. "HTTP_X_REAL_IP"). A visitor can send
    any header they like, so the header is believed only when the request comes from one of
    UNHEARD_TRUSTED_PROXIES; from anyone else REMOTE_ADDR counts, and a forged header changes
    nothing. The proxy must overwrite the header (nginx: `proxy_set_header X-Real-IP
    $remote_addr`), not append to it.
    """
    remote = request.META.get("REMOTE_ADDR")
    header = getattr(settings, "UNHEARD_CLIENT_IP_HEADER", "")
    if not header or not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get(header, "").split(",")[-1].strip()
    return forwarded if _is_address(forwarded) else remote


def client_ip_for_axes(request: HttpRequest, *args) -> str | None:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same address as every other limit."""
    return client_ip(request)


def is_trusted_proxy(address: str | None) -> bool:
    if not _is_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(
        ip in network for network in _trusted_networks(tuple(settings.UNHEARD_TRUSTED_PROXIES))
    )


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_address(value: str | None) -> bool:
    try:
        ipaddress.ip_address(value or "")
    except ValueError:
        return False
    return True
