"""What the public site shows is kept in Django's cache until the part of the record it shows
changes.

Policy:
* The record is versioned in parts, one per app: the registry's part (its people, cases,
  facilities, … and core's sources and translation states, which every app's records share),
  funds', letters', actions', petitions', publishing's, search's, stats', opendata's. Each part
  has a version, a random token, and so has the whole record (every part at once). Any save,
  delete or many-to-many change of a model an app declares in its `public_record_models`
  (core/plugins.py; every model of an app that counts a statistics figure, `FigureSource`)
  replaces the token of its app's part and the whole record's, at once and again when the
  transaction commits (so a value made from the old data while the change was being written
  is not kept under the new token). A lost token is replaced by a new one, so an evicted cache
  can never bring back an old value.
* A cached value names the parts it reads: `cached(name, compute, parts=("registry",))`,
  `record_key(name, parts=...)`. Without `parts` it depends on the whole record, so nothing is
  ever kept past a change it might show. A value names a part only when everything it reads,
  and everything the template that shows it reads, belongs to those parts: the people list's
  counts, order, filters and rows and the home page's summary read the registry only, so a
  donation, a letter or a sign-up leaves them warm; a statistics figure reads the registry and
  the part of the app that counts it. Whole pages (core/page_cache.py) show many apps at once
  and depend on the whole record.
* Changes that no public page, figure or file can show replace no token. An app declares them
  (`private_changes`, `core.plugins.PrivateChange`), with its reason, model by model or, through
  a test of the instance, change by change: letters' rate-limit hits, the links and e-mails sent
  to authors, moderators' decisions and the censor's translations, and a letter (or a step of
  its history) before it was ever approved, which no count shows. Anything not declared
  private is watched: when in doubt, an app declares nothing.
* Values are kept per language (labels are translated) and per date (ages and terms count days).
* Writes that send no signal (`QuerySet.update()`, `bulk_create`) do not replace any token: code
  that changes the record that way must call `record_changed()` (every part) or
  `record_changed("registry")` (the parts it changed). Each process has its own cache unless
  CACHES names a shared one (a file cache, Redis, Memcached), and then so are the tokens.
* The tokens are shared exactly as widely as the default cache. When that cache is a folder of
  files, each token is a file of its own in that folder ("record-version" for the whole record,
  "record-version.<part>" for a part), read with one system call (the cache's own `get` hashes
  the key, unpickles and decompresses: ten times the cost) and replaced atomically: a whole page
  costs one such read, as before the record had parts; any other cache keeps them as keys.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from functools import cache as once
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from unheard.core.plugins import figure_sources, private_changes, public_record_models

VERSION_KEY = "record:version"
TIMEOUT = 24 * 60 * 60
T = TypeVar("T")


VERSION_FILE = "record-version"
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


def record_version(parts: Iterable[str] | None = None) -> str:
    """The current version of the parts of the record named (of the whole record when None)."""
    if parts is None:
        return _version(None)
    return "-".join(_version(part) for part in _checked(parts))


def record_changed(*parts: str) -> None:
    """Replace the versions of the parts named (of every part when none is named) and of the
    whole record."""
    for part in (*_checked(parts or record_parts()), None):
        if (path := _version_file(part)) is not None:
            _file_version_replace(path)
        else:
            cache.set(_version_key(part), uuid.uuid4().hex, None)


@once
def record_parts() -> frozenset[str]:
    """Every part of the record a change replaces: one per app with a watched model."""
    return frozenset(_part(label.split(".")[0]) for label in _watched())


def _part(app_label: str) -> str:
    # Sources and translation states belong to every app's records; they change with the
    # registry's, which every cached value that reads the record names.
    return "registry" if app_label == "core" else app_label


def _checked(parts: Iterable[str]) -> list[str]:
    named = sorted(set(parts))
    if unknown := set(named) - record_parts():
        raise ValueError(f"Not a part of the record: {', '.join(sorted(unknown))}")
    return named


def _version(part: str | None) -> str:
    if (path := _version_file(part)) is not None:
        return _file_version(path)
    key = _version_key(part)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key)
    return version


def _version_key(part: str | None) -> str:
    return VERSION_KEY if part is None else f"{VERSION_KEY}:{part}"


def _version_file(part: str | None) -> str | None:
    """The token's file when the default cache is a folder of files, else None."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != FILE_CACHE:
        return None
    name = VERSION_FILE if part is None else f"{VERSION_FILE}.{part}"
    return os.path.join(config["LOCATION"], name)


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


def record_key(name: str, *, parts: Iterable[str] | None = None) -> str:
    """`name` made specific to the current version of the parts of the record it depends on
    (the whole record when None), the language and the day."""
    version = record_version(parts)
    return f"{version}:{get_language() or '-'}:{dt.date.today().isoformat()}:{name}"


def cached(name: str, compute: Callable[[], T], *, parts: Iterable[str] | None = None) -> T:
    """`compute()` kept under `name` until a part of the record it reads changes (`parts`;
    any part when None)."""
    key = f"record:{record_key(name, parts=parts)}"
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


def watched_models() -> list[type]:
    """Every model whose changes replace a token, with the link tables of their many-to-many
    fields: everything a public page, figure or file can show (the static mirror's update
    compares their rows)."""
    from django.apps import apps  # noqa: PLC0415 - the registry of models is ready only later

    watched = [model for model in apps.get_models() if _is_watched(model)]
    links = [
        field.remote_field.through
        for model in watched
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return watched + links


def _is_watched(model: type) -> bool:
    meta = model._meta
    return meta.label in _watched() or f"{meta.app_label}.*" in _watched()


@once
def _private() -> dict:
    return private_changes()


def _changed_part(sender: type, instance) -> str | None:
    """The part of the record a change replaces; None when the change cannot be public."""
    # A many-to-many change is sent by the link table; the record is the instance's model.
    for model in (sender,) if instance is None else (sender, type(instance)):
        if _is_watched(model):
            declared = _private().get(model._meta.label)
            mine = instance if isinstance(instance, model) else None
            if declared is not None and declared.covers(mine):
                return None
            return _part(model._meta.app_label)
    return None


def _on_change(sender, instance=None, **kwargs) -> None:
    if (part := _changed_part(sender, instance)) is not None:
        record_changed(part)
        transaction.on_commit(partial(record_changed, part))


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"public-record-changed-{id(signal)}")
