"""Uploaded pictures (letters' attachments, photos of actions): recognised by their content, never
by their name, and rewritten from pixels.

A file is accepted only when Pillow reads it as a JPEG or PNG image within the size and pixel
limits. The stored copy is re-encoded from the pixels alone (turned upright first), so EXIF data
(camera, time, GPS position), ICC profiles and text chunks do not survive: a photo must not
tell the prison where or when it was taken.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
MAX_SIDE = 2400  # about A4 at 200 dpi: enough to print, small enough to post


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def image_clean(upload, *, max_bytes: int | None = None) -> CleanImage:
    """Check an uploaded file by content and return a metadata-free copy, or raise ValidationError."""
    limit = max_bytes or settings.UNHEARD_IMAGE_MAX_BYTES
    name = getattr(upload, "name", "") or _("the file")
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; a picture may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    not_a_picture = ValidationError(
        _("“%(name)s” is not a JPEG or PNG picture. Only photos and postcards can be attached.")
        % {"name": name},
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in FORMATS:
                raise not_a_picture
            if probe.width * probe.height > settings.UNHEARD_IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels; please send a smaller picture.")
                    % {"name": name},
                    code="too_many_pixels",
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as source:
            source_format = source.format
            # A JPEG is decoded at the smallest scale still larger than MAX_SIDE: a phone's
            # 12-megapixel photo then takes about a quarter of the memory.
            source.draft("RGB", (MAX_SIDE, MAX_SIDE))
            source.load()
            picture = ImageOps.exif_transpose(source)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise not_a_picture from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    content_type, extension = FORMATS[source_format]
    output = io.BytesIO()
    if source_format == "JPEG":
        clean = Image.frombytes("RGB", picture.size, picture.convert("RGB").tobytes())
        clean.save(output, format="JPEG", quality=88, optimize=True)
    else:
        mode = "RGBA" if picture.mode in ("RGBA", "LA", "P") else "RGB"
        clean = Image.frombytes(mode, picture.size, picture.convert(mode).tobytes())
        clean.save(output, format="PNG", optimize=True)
    return CleanImage(output.getvalue(), content_type, extension, clean.width, clean.height)
