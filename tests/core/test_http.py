from django.test import RequestFactory

from unheard.core.http import client_ip


def test_remote_addr_unless_a_trusted_proxy_header_is_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    settings.UNHEARD_CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.1"
    settings.UNHEARD_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "203.0.113.7"
    settings.UNHEARD_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert client_ip(request) == "10.0.0.1"  # header absent: fall back
