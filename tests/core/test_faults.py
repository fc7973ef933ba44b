"""A database that is down or locked gives readers a 503 page in their language, never a traceback."""

import socket
import sqlite3

import pytest
from django.db import connections
from django.urls import path

from tests.databases import default_database

pytestmark = pytest.mark.django_db(transaction=True)


def broken_view(request):
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", broken_view)]
handler500 = "unheard.core.faults.server_error"


def on_sqlite() -> bool:
    return connections["default"].vendor == "sqlite"


@pytest.fixture
def broken_database(tmp_path):
    """The default connection pointed at a database that does not exist."""
    name = str(tmp_path / "no-such-folder" / "site.sqlite3") if on_sqlite() else "no_such_database"
    with default_database(name):
        yield


@pytest.fixture
def stopped_server():
    """The default PostgreSQL connection pointed at a port where no server listens."""
    if on_sqlite():
        pytest.skip("SQLite has no server to stop")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connection = connections["default"]
    saved = connection.settings_dict["HOST"], connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", port
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = saved


@pytest.fixture
def locked_database(tmp_path):
    """A SQLite database another process holds an exclusive lock on, longer than requests wait."""
    if not on_sqlite():
        pytest.skip("the lock of a whole database is SQLite's")
    path = tmp_path / "site.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE held (id INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    with default_database(str(path), timeout=0.2):
        yield
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/de/", "Die Website ist kurz nicht erreichbar"),
        ("/ru/", "Сайт ненадолго недоступен"),
        ("/fr/", "Le site est brièvement indisponible"),
        ("/en/", "The site is briefly unavailable"),
    ],
)
def test_a_database_that_is_down_gives_a_503_page_in_the_readers_language(
    client, broken_database, path, heading
):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert f"<h1>{heading}</h1>" in text
    assert "Traceback" not in text and "OperationalError" not in text


def test_a_locked_database_gives_a_503_page(client, locked_database):
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 503
    assert "try again in a minute" in response.content.decode()


def test_a_stopped_postgresql_server_gives_a_503_page(client, stopped_server):
    client.raise_request_exception = False
    for page in ("/en/", "/en/people/"):
        response = client.get(page)
        assert response.status_code == 503, page
        text = response.content.decode()
        assert "<h1>The site is briefly unavailable</h1>" in text
        assert "Traceback" not in text and "OperationalError" not in text
    api = client.get("/api/v1/search", {"q": "Ivan"})
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "database_unavailable"


def test_the_api_gets_its_503_as_json(client, broken_database):
    client.raise_request_exception = False
    response = client.get("/api/v1/search", {"q": "Ivan"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    error = response.json()["error"]
    assert error["code"] == "database_unavailable"
    assert "database is unavailable" in error["message"]


@pytest.mark.urls("tests.core.test_faults")
def test_other_errors_keep_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
