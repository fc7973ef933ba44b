"""The instance's Ed25519 key pair, and checking a peer's signature.

The private key is read from `UNHEARD_SHARING_PRIVATE_KEY` (base64 of the 32 raw bytes) or else
from the file `UNHEARD_SHARING_KEY_FILE`, which `unheard sharing_keys` writes when it is absent.
Keys travel as base64 text of their 32 raw bytes.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

RAW = serialization.Encoding.Raw


def _decode(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64") from error
    if len(raw) != 32:
        raise ValueError("not 32 bytes")
    return raw


def private_key() -> Ed25519PrivateKey | None:
    """This instance's key, or None when none is configured (then no feed is published)."""
    text = settings.UNHEARD_SHARING_PRIVATE_KEY
    if not text:
        path = Path(settings.UNHEARD_SHARING_KEY_FILE)
        if not path.is_file():
            return None
        text = path.read_text()
    return Ed25519PrivateKey.from_private_bytes(_decode(text))


def public_key_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(
        key.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
    ).decode()


def key_file_create(path: Path) -> Ed25519PrivateKey:
    """Write a new private key to `path`, readable by its owner only."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(base64.b64encode(raw).decode() + "\n")
    return key


def sign(key: Ed25519PrivateKey, data: bytes) -> str:
    return base64.b64encode(key.sign(data)).decode()


def public_key_valid(text: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(_decode(text))
    except ValueError:
        return False
    return True


def signature_valid(public_key: str, signature: str, data: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(_decode(public_key))
        key.verify(base64.b64decode(signature, validate=True), data)
    except (ValueError, binascii.Error, InvalidSignature):
        return False
    return True
