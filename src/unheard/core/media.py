"""Files under media that the public may see, served only after the visibility policy said so.

Nothing under MEDIA_ROOT is served straight from disk: a view of the app that owns the record
(a person's photo in registry, a report's photo in actions, a news post's image in publishing)
finds the record that names the file, asks `is_public`, and answers 404 otherwise. Then
`media_response` hands the file over:

* in production (`UNHEARD_MEDIA_ACCEL_PREFIX`, for example "/internal-media/") with an empty
  body and `X-Accel-Redirect`, so that nginx sends the bytes from its `internal` location
  (deploy/nginx.conf);
* elsewhere (`make run`, tests) Django streams the file itself.

Either way browsers and shared caches keep the file `MEDIA_MAX_AGE` seconds at most, so a photo
whose consent is withdrawn, or whose record goes back to draft, is gone from them within minutes.
A file shown only to staff (a hidden person's photo in the back office) is sent `private=True`:
`Cache-Control: private, no-store`, kept by no cache at all.
"""

from __future__ import annotations

import mimetypes
import secrets
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control

MEDIA_MAX_AGE = 300  # seconds


def unguessable_name(folder: str, filename: str) -> str:
    """A stored name in `folder` that no one can guess from a person's name or slug, nor from the
    uploader's file name; only the extension is kept."""
    extension = PurePosixPath(filename).suffix.lower()
    extension = extension if extension[1:].isalnum() else ""
    return f"{folder}/{secrets.token_urlsafe(16)}{extension}"


def media_name(folder: str, name: str) -> str:
    """The stored name of a file requested as `folder`/`name`; 404 for a name that climbs out
    of the folder or is not a plain relative path."""
    parts = name.split("/")
    if not name or any(part in ("", ".", "..") for part in parts) or "\\" in name or "\0" in name:
        raise Http404
    return f"{folder}/{name}"


def media_response(file: FieldFile, *, private: bool = False) -> HttpResponse:
    """The file of a record the caller has found public (or, `private`, that the signed-in user
    may see); 404 when it is missing on disk."""
    try:
        exists = bool(file) and file.storage.exists(file.name)
    except SuspiciousFileOperation:
        exists = False
    if not exists:
        raise Http404
    prefix = getattr(settings, "UNHEARD_MEDIA_ACCEL_PREFIX", "")
    if prefix:
        # nginx keeps the upstream's Content-Type over its own guess, so it must be right here.
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        response = HttpResponse(content_type=kind)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(file.name)
    else:
        response = FileResponse(file.storage.open(file.name, "rb"))
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=MEDIA_MAX_AGE)
    return response
