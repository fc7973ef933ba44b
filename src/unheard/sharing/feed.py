"""The signed feed this instance publishes: its published records, for hubs to import.

The feed is an envelope `{"format", "key", "payload", "signature"}`: `payload` is the JSON text
of `{"format", "instance", "generated_at", "languages", "records"}` and `signature` the Ed25519
signature of that text's UTF-8 bytes, so a hub checks exactly the bytes it received, with no
rewriting of JSON on either side. `key` names the signing key; a hub trusts only the key its
editor entered for the peer.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import timezone

from unheard.registry.models import Region
from unheard.sharing import keys
from unheard.sharing.records import KINDS, LANGUAGES, digest, record_fields, sender_id

FORMAT = "unheard-sharing/1"


def feed_records() -> list[dict]:
    """Every public record of every kind, through the visibility policy; a fact whose person,
    case or article is not in the feed is left out with it."""
    rows = {name: list(kind.rows()) for name, kind in KINDS.items()}
    shared = {sender_id(KINDS[name], record) for name, found in rows.items() for record in found}
    public_regions = dict(Region.objects.public().values_list("pk", "slug"))
    records = []
    for name, found in rows.items():
        kind = KINDS[name]
        for record in found:
            fields = record_fields(kind, record, shared=shared, public_regions=public_regions)
            if any(fields[reference] is None for reference in kind.required):
                continue
            records.append(
                {
                    "kind": name,
                    "id": sender_id(kind, record),
                    "version": digest(fields),
                    "fields": fields,
                }
            )
    return records


def payload_text() -> str:
    payload = {
        "format": FORMAT,
        "instance": {"name": settings.UNHEARD_SITE_NAME, "url": settings.UNHEARD_SITE_URL},
        "generated_at": timezone.now().isoformat(),
        "languages": list(LANGUAGES),
        "records": feed_records(),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def feed_envelope() -> dict | None:
    """The signed feed, or None when this instance has no key (it shares nothing)."""
    key = keys.private_key()
    if key is None:
        return None
    text = payload_text()
    return {
        "format": FORMAT,
        "key": keys.public_key_text(key),
        "payload": text,
        "signature": keys.sign(key, text.encode("utf-8")),
    }
