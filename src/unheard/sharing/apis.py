"""The signed feed of this instance's published records, for hub instances, and its key.

`GET /api/v1/sharing/feed` answers the envelope of `unheard.sharing.feed`; `GET
/api/v1/sharing/key` the public key that checks its signature. An instance without a key shares
nothing: both answer 404 `not_shared`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from unheard.core.api.errors import ApiError
from unheard.sharing import keys
from unheard.sharing.feed import FORMAT, feed_envelope

router = Router(tags=["sharing"])


class FeedOut(Schema):
    format: str = Field(description=f"Always “{FORMAT}”.")
    key: str = Field(description="The Ed25519 public key that signed the payload (base64).")
    payload: str = Field(
        description="JSON text: instance, generated_at, languages and records, each record "
        "with its kind, the sender's stable id, a version and its public fields."
    )
    signature: str = Field(description="Ed25519 signature of the payload's UTF-8 bytes (base64).")


class KeyOut(Schema):
    algorithm: str
    key: str = Field(description="Base64 of the 32 bytes of the Ed25519 public key.")


def _not_shared() -> ApiError:
    return ApiError("not_shared", _("This instance shares no feed."), status=404)


@router.get("/sharing/feed", response=FeedOut, url_name="sharing_feed")
def sharing_feed(request):
    """This instance's published records, signed, for hub instances to import."""
    envelope = feed_envelope()
    if envelope is None:
        raise _not_shared()
    return envelope


@router.get("/sharing/key", response=KeyOut, url_name="sharing_key")
def sharing_key(request):
    """The public key that checks the feed's signature."""
    key = keys.private_key()
    if key is None:
        raise _not_shared()
    return {"algorithm": "Ed25519", "key": keys.public_key_text(key)}
