"""What the public site shows is kept in Django's cache until the record changes.

Policy:
* Everything cached from the public record (counted statistics, whole pages: core/page_cache.py)
  is stored under the record's current version, a random token. Any save, delete or
  many-to-many change of a model an app declares in its `public_record_models` (core/plugins.py)
  replaces the token, at once and again when the transaction commits (so a value made from the
  old data while the change was being written is not kept under the new token). A lost token is
  replaced by a new one, so an evicted cache can never bring back an old value.
* Values are kept per language (labels are translated) and per date (ages and terms count days).
* Writes that send no signal (`QuerySet.update()`, `bulk_create`) do not replace the token: code
  that changes the record that way must call `record_changed()`. Each process has its own cache
  unless CACHES names a shared one (a file cache, Redis, Memcached), and then so is the token.
* The token is shared exactly as widely as the default cache. When that cache is a folder of
  files, the token is a file of its own in that folder, read with one system call on every page
  the page cache answers (the cache's own `get` hashes the key, unpickles and decompresses: ten
  times the cost) and replaced atomically; any other cache keeps it as one of its keys.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import uuid
from collections.abc import Callable
from functools import cache as once
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from unheard.core.plugins import figure_sources, public_record_models

VERSION_KEY = "record:version"
TIMEOUT = 24 * 60 * 60
T = TypeVar("T")


VERSION_FILE = "record-version"
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


def record_version() -> str:
    if (path := _version_file()) is not None:
        return _file_version(path)
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def record_changed() -> None:
    if (path := _version_file()) is not None:
        _file_version_replace(path)
    else:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version_file() -> str | None:
    """The token's file when the default cache is a folder of files, else None."""
    config = settings.CACHES["default"]
    return (
        os.path.join(config["LOCATION"], VERSION_FILE) if config["BACKEND"] == FILE_CACHE else None
    )


def _file_version(path: str) -> str:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return _file_version_replace(path, only_if_missing=True)
    try:
        return os.read(descriptor, 64).decode()
    finally:
        os.close(descriptor)


def _file_version_replace(path: str, *, only_if_missing: bool = False) -> str:
    """A new token written to a file of its own, then moved in at once: readers see the old
    token or the new one, never a part. `only_if_missing` keeps a token another process wrote
    first (the one it may already have used in its keys)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    version = uuid.uuid4().hex
    descriptor, written = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".version-")
    try:
        os.write(descriptor, version.encode())
        os.close(descriptor)
        if not only_if_missing:
            os.replace(written, path)
            return version
        try:
            os.link(written, path)
        except FileExistsError:
            return _file_version(path)
        return version
    finally:
        if os.path.exists(written):
            os.unlink(written)


def record_key(name: str) -> str:
    """`name` made specific to the record's current version, the language and the day."""
    return f"{record_version()}:{get_language() or '-'}:{dt.date.today().isoformat()}:{name}"


def cached(name: str, compute: Callable[[], T]) -> T:
    """`compute()` kept under `name` until the record changes."""
    key = f"record:{record_key(name)}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


@once
def _watched() -> frozenset[str]:
    # An app counting a figure of its own (FigureSource) changes the statistics with any model.
    figures = {f"{app.label}.*" for app, _source in figure_sources()}
    return frozenset(public_record_models()) | figures


def _is_watched(model: type) -> bool:
    meta = model._meta
    return meta.label in _watched() or f"{meta.app_label}.*" in _watched()


def _on_change(sender, instance=None, **kwargs) -> None:
    # A many-to-many change is sent by the link table; the record is the instance's model.
    if _is_watched(sender) or (instance is not None and _is_watched(type(instance))):
        record_changed()
        transaction.on_commit(record_changed)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"public-record-changed-{id(signal)}")
