"""Sharing between instances: the peers a hub pulls from, what it imported, and the conflicts.

Nothing here is public (the visibility policy's default, `Never`): the feed this instance
publishes is built from the registry's public records, not from these tables.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from unheard.core.models import TimeStamped


class Peer(TimeStamped):
    """A member instance whose signed feed this instance imports."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("short name"),
        max_length=40,
        unique=True,
        help_text=_("Added to the address of an imported record whose address is taken here."),
    )
    feed_url = models.URLField(_("feed address"), max_length=500)
    public_key = models.CharField(
        _("public key"),
        max_length=100,
        help_text=_("The peer's Ed25519 public key, as it publishes it beside its feed."),
    )
    is_active = models.BooleanField(_("pulled"), default=True)
    last_pulled_at = models.DateTimeField(_("last pulled"), null=True, blank=True, editable=False)
    last_result = models.TextField(_("result of the last pull"), blank=True, editable=False)

    class Meta:
        verbose_name = _("peer instance")
        verbose_name_plural = _("peer instances")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from unheard.sharing.keys import public_key_valid

        if self.public_key and not public_key_valid(self.public_key):
            raise ValidationError(
                {"public_key": _("Not an Ed25519 public key (base64 text of 32 bytes).")}
            )


class ImportedRecord(models.Model):
    """Provenance: the local record made from record `sender_id`, at `version`, of a peer.

    `local_digest` is the fingerprint of the local record's shared fields as the last import
    wrote them: when the record reads differently now, an editor changed it here. A person's
    `photo_sha256` is the hash of the peer's photo last downloaded (the one here is re-encoded,
    so its own hash differs): the photo is downloaded again only when the peer's hash changes."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="imported")
    sender_id = models.CharField(_("record at the peer"), max_length=60)
    version = models.CharField(_("version"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    local_digest = models.CharField(max_length=64, editable=False)
    photo_sha256 = models.CharField(
        _("hash of the peer's photo taken"), max_length=64, blank=True, editable=False
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("imported record")
        verbose_name_plural = _("imported records")
        ordering = ["peer", "sender_id"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "sender_id"], name="sharing_one_per_sender_id")
        ]

    def __str__(self) -> str:
        return _("from %(peer)s, record %(record)s, version %(version)s") % {
            "peer": self.peer,
            "record": self.sender_id,
            "version": self.version,
        }


class Conflict(models.Model):
    """A peer changed a record that an editor changed here too: the local one was kept, the
    peer's version waits here until an editor takes it or keeps the local one."""

    class Resolution(models.TextChoices):
        OPEN = "open", _("open")
        KEPT_LOCAL = "kept_local", _("kept the local record")
        TOOK_PEER = "took_peer", _("took the peer's version")

    imported = models.ForeignKey(ImportedRecord, on_delete=models.CASCADE, related_name="conflicts")
    version = models.CharField(_("peer's version"), max_length=64)
    fields = models.JSONField(_("peer's values"))
    found_at = models.DateTimeField(_("found"))
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, default=Resolution.OPEN
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("conflict")
        verbose_name_plural = _("conflicts")
        ordering = ["-found_at"]

    def __str__(self) -> str:
        return _("%(record)s: version %(version)s") % {
            "record": self.imported,
            "version": self.version,
        }
