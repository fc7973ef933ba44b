"""Errors are logged with their traceback and the request id; admins get them by e-mail."""

import io
import logging
import logging.config

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

from unheard.core.logs import HEADER, request_id_for


def broken_view(request):
    logging.getLogger("unheard.tests").info("about to fail")
    raise RuntimeError("the view broke")


def fine_view(request):
    return HttpResponse("ok")


urlpatterns = [path("broken/", broken_view), path("fine/", fine_view)]

pytestmark = [pytest.mark.urls("tests.core.test_logs"), pytest.mark.django_db]


@pytest.fixture
def log_lines():
    """The root logger's lines, formatted and filtered as settings.LOGGING's stderr handler does."""
    stream = io.StringIO()
    config = settings.LOGGING
    handler = logging.StreamHandler(stream)
    handler.addFilter(
        logging.config.DictConfigurator({}).configure_filter(dict(config["filters"]["request_id"]))
    )
    handler.setFormatter(logging.Formatter(config["formatters"]["line"]["format"]))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_an_error_is_logged_with_its_traceback_and_request_id(client, log_lines):
    client.raise_request_exception = False
    response = client.get("/broken/", headers={HEADER: "proxy-id-1234"})
    assert response.status_code == 500
    assert response[HEADER] == "proxy-id-1234"
    text = log_lines.getvalue()
    assert "INFO [proxy-id-1234] unheard.tests: about to fail" in text
    assert "ERROR [proxy-id-1234] django.request: Internal Server Error: /broken/" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the view broke" in text


def test_an_unsafe_incoming_id_is_replaced(client, log_lines):
    for unsafe in ("short", "evil\r\nERROR forged line", "<script>alert(1)</script>", "x" * 65):
        response = client.get("/fine/", headers={HEADER: unsafe})
        assert response[HEADER] != unsafe
        assert len(response[HEADER]) == 32 and response[HEADER].isalnum()
    first, second = client.get("/fine/")[HEADER], client.get("/fine/")[HEADER]
    assert first != second


def test_outside_a_request_the_id_is_a_dash(log_lines):
    logging.getLogger("unheard.tests").warning("from a task")
    assert "WARNING [-] unheard.tests: from a task" in log_lines.getvalue()


def test_safe_ids_are_kept():
    assert request_id_for("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0") == (
        "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    )


def test_admins_get_the_error_by_e_mail_without_what_was_posted(client, smtp_server, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    client.raise_request_exception = False
    client.post(
        "/broken/", {"author_email": "author@example.net"}, headers={HEADER: "mail-id-5678"}
    )
    [message] = smtp_server.wait_for(1)
    assert "ops@example.org" in message.envelope_recipients
    body = smtp_server.body(message)
    assert "[mail-id-5678]" in body
    assert "Traceback" in body and "the view broke" in body
    assert "author_email" in body
    assert "author@example.net" not in body


def test_no_e_mail_when_no_admins_are_named(client, smtp_server, settings):
    settings.ADMINS = []
    client.raise_request_exception = False
    client.get("/broken/")
    assert smtp_server.wait_for(1, timeout=1) == []
