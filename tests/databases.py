"""Reaching another database through the default connection, for tests of backups and faults."""

from contextlib import contextmanager

from django.db import connections


@contextmanager
def default_database(name: str, **options):
    """Points the default connection, in this thread and any new one, at the database `name`.

    `options` are added to the connection's OPTIONS meanwhile.

    (The test case allows only the default alias, so the site and the restored database are
    reached through it in turn.) pytest-django's SQLite database lives in memory and would vanish
    if its connection were closed: it is set aside and put back afterwards.
    """
    connection = connections["default"]
    saved_name, saved_connection = connection.settings_dict["NAME"], None
    saved_options = connection.settings_dict["OPTIONS"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        saved_connection, connection.connection = connection.connection, None
    else:
        connection.close()
    connection.settings_dict["NAME"] = name
    connection.settings_dict["OPTIONS"] = {**saved_options, **options}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = saved_name
        connection.settings_dict["OPTIONS"] = saved_options
        connection.connection = saved_connection
