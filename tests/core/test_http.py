from django.test import RequestFactory

from unheard.core.http import client_ip


def test_remote_addr_unless_a_trusted_proxy_header_is_configured(settings):
    settings.UNHEARD_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    settings.UNHEARD_CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
    settings.UNHEARD_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "203.0.113.7"
    settings.UNHEARD_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request) == "10.0.0.1"  # header absent: fall back


def test_the_header_is_believed_only_from_a_trusted_proxy(settings):
    settings.UNHEARD_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.UNHEARD_TRUSTED_PROXIES = ["127.0.0.1"]
    factory = RequestFactory()
    direct = factory.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(direct) == "198.51.100.9"  # a visitor cannot choose their address
    proxied = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert client_ip(proxied) == "203.0.113.7"
    garbage = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="not an address")
    assert client_ip(garbage) == "127.0.0.1"


def test_forwarded_for_counts_the_address_the_proxy_saw(settings):
    """nginx appends the peer to X-Forwarded-For: the visitor may write anything before it."""
    settings.UNHEARD_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.UNHEARD_TRUSTED_PROXIES = ["127.0.0.1"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"
