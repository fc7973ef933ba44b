"""The letters' rate limit holds when several workers check it at the same moment."""

import sqlite3
import threading

import pytest
from django.db import connections, transaction

from tests.databases import default_database
from unheard.letters.models import RateLimitHit
from unheard.letters.ratelimit import rate_limit_record, rate_limited

pytestmark = pytest.mark.django_db(transaction=True)
KEYS = {"ip": "203.0.113.77", "email": "racer@example.org"}
WORKERS = 6


def in_a_thread(function):
    """Run `function` on its own database connection, as another worker would."""

    def run():
        try:
            function()
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def shared_database(tmp_path):
    """A database the workers' own connections share: a WAL file on SQLite (as in production)."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        yield
        return
    path = tmp_path / "site.sqlite3"
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    with default_database(str(path)):
        yield


def test_only_one_of_several_simultaneous_submissions_passes(shared_database):
    start = threading.Barrier(WORKERS)
    accepted, errors = [], []

    def submit():
        start.wait()
        try:
            with transaction.atomic():
                if not rate_limited(keys=KEYS):
                    rate_limit_record(keys=KEYS)
                    accepted.append(True)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    for thread in [in_a_thread(submit) for _ in range(WORKERS)]:
        thread.join()
    assert not errors
    assert len(accepted) == 1
    counted = []
    in_a_thread(lambda: counted.append(RateLimitHit.objects.count())).join()
    assert counted == [2]  # one hit for the address, one for the e-mail
