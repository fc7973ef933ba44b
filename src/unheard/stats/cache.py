"""Counted figures are kept in Django's cache until the record changes.

Policy:
* Every cached count is stored under the record's current version, a random token; any save,
  delete or many-to-many change of a model of the record (`RECORD_APPS`, and the apps declaring
  a figure of their own, `core.plugins.FigureSource`) replaces the token, at
  once and again when the transaction commits (so a count made from the old data while the
  change was being written is not kept under the new token). A lost token is replaced by a new
  one, so an evicted cache can never bring back an old count.
* Counts are kept per language (labels are translated when counted) and per date counted on.
* Writes that send no signal (`QuerySet.update()`, `bulk_create`) do not replace the token: code
  that changes the record that way must call `record_changed()`. Each process has its own cache
  unless CACHES names a shared one (Redis, Memcached, the database), and then so is the token.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cache as once
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from unheard.core import plugins

RECORD_APPS = frozenset({"registry", "stats"})
VERSION_KEY = "stats:record-version"
TIMEOUT = 24 * 60 * 60
T = TypeVar("T")


def record_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def record_changed() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def cached(name: str, compute: Callable[[], T]) -> T:
    """`compute()` kept under `name` until the record changes."""
    key = f"stats:{record_version()}:{get_language() or '-'}:{name}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


@once
def record_apps() -> frozenset[str]:
    return RECORD_APPS | {app.label for app, _source in plugins.figure_sources()}


def _on_change(sender, **kwargs) -> None:
    if sender._meta.app_label in record_apps():
        record_changed()
        transaction.on_commit(record_changed)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"stats-record-changed-{id(signal)}")
