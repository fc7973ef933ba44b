"""Short locks that hold across worker processes, for counters that must not be overrun.

A check-then-record counter (a rate limit) is atomic only if two workers cannot both check
before either records. `key_lock(name)` takes, inside the caller's transaction, a lock on the
name that is released at commit or rollback:

* PostgreSQL: `pg_advisory_xact_lock` on a 64-bit hash of the name — other transactions
  locking the same name wait; different names do not.
* SQLite: the site's transactions are IMMEDIATE (config/settings/base.py), so a transaction
  that writes holds the database's one write lock from its first statement: concurrent
  submissions already run one after another, and nothing more is needed.
"""

from __future__ import annotations

import hashlib

from django.db import connection


def key_lock(name: str) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("key_lock() must run inside a transaction.")
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(name.encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def key_locks(names) -> None:
    """Several locks, always taken in the same order so that two callers cannot deadlock."""
    for name in sorted(set(names)):
        key_lock(name)
