"""The back office of sharing: peers (admins), provenance of imported records, conflicts."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from unheard.core.admin import ReadOnlyAdminMixin, ServiceWritesAdmin
from unheard.sharing import services, tasks
from unheard.sharing.models import Conflict, ImportedRecord, Peer
from unheard.sharing.records import KINDS, PERSON, record_fields


def _local_link(imported: ImportedRecord) -> str:
    record = imported.record
    if record is None:
        return _("(deleted here)")
    meta = record._meta
    try:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return str(record)
    return format_html('<a href="{}">{}</a>', url, record)


@admin.register(Peer)
class PeerAdmin(ServiceWritesAdmin, admin.ModelAdmin):
    create_service = staticmethod(services.peer_create)
    update_service = staticmethod(services.peer_update)
    record_argument = "peer"
    list_display = ["name", "feed_url", "is_active", "last_pulled_at", "last_result"]
    readonly_fields = ["last_pulled_at", "last_result"]
    prepopulated_fields = {"slug": ("name",)}
    actions = ["pull_now"]

    @admin.action(description=_("Pull the selected peers' feeds now"), permissions=["change"])
    def pull_now(self, request, queryset):
        results = tasks.pull_peers.enqueue([peer.pk for peer in queryset])
        if results.is_finished:
            for name, text in results.return_value.items():
                self.message_user(request, f"{name}: {text}")
        else:
            self.message_user(request, _("The pull runs in the background."), messages.INFO)


@admin.register(ImportedRecord)
class ImportedRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Provenance: where each imported record came from, read only."""

    list_display = ["local_record", "peer", "sender_id", "version", "imported_at"]
    list_filter = ["peer", "content_type"]
    search_fields = ["sender_id"]
    fields = ["provenance", "local_record", "imported_at"]
    readonly_fields = fields

    @admin.display(description=_("provenance"))
    def provenance(self, imported: ImportedRecord) -> str:
        return str(imported)

    @admin.display(description=_("record here"))
    def local_record(self, imported: ImportedRecord) -> str:
        return _local_link(imported)


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    """A peer's version beside the local record; the editor takes one of them."""

    list_display = ["imported", "local_record", "found_at", "resolution"]
    list_filter = ["resolution", "imported__peer"]
    fields = ["provenance", "local_record", "differences", "found_at", "resolution", "resolved_at"]
    readonly_fields = fields
    actions = ["take_peer", "keep_local"]

    @admin.display(description=_("provenance"))
    def provenance(self, conflict: Conflict) -> str:
        return _("%(imported)s; the peer now has version %(version)s") % {
            "imported": conflict.imported,
            "version": conflict.version,
        }

    @admin.display(description=_("record here"))
    def local_record(self, conflict: Conflict) -> str:
        return _local_link(conflict.imported)

    @admin.display(description=_("fields that differ (here → at the peer)"))
    def differences(self, conflict: Conflict) -> str:
        kind = _kind(conflict)
        record = conflict.imported.record
        here = record_fields(kind, record) if record else {}
        if kind is PERSON and record:  # the photo here is re-encoded: the peer's hashes compared
            here["photo_url"] = conflict.fields.get("photo_url")
            here["photo_sha256"] = conflict.imported.photo_sha256 or None
        rows = [
            (
                name,
                json.dumps(here.get(name), ensure_ascii=False),
                json.dumps(value, ensure_ascii=False),
            )
            for name, value in sorted(conflict.fields.items())
            if name not in kind.reference_names() and here.get(name) != value
        ]
        if not rows:
            return "—"
        cells = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td></tr>", rows)
        return format_html("<table>{}</table>", cells)

    def _resolve(self, request, queryset, *, take_peer: bool) -> None:
        done = 0
        for conflict in queryset:
            try:
                services.conflict_resolve(
                    conflict=conflict, take_peer=take_peer, acting_user=request.user
                )
            except ValidationError as error:
                self.message_user(
                    request, f"{conflict}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request, ngettext("%d conflict resolved.", "%d conflicts resolved.", done) % done
            )

    @admin.action(description=_("Take the peer's version"), permissions=["change"])
    def take_peer(self, request, queryset):
        self._resolve(request, queryset, take_peer=True)

    @admin.action(description=_("Keep the local record"), permissions=["change"])
    def keep_local(self, request, queryset):
        self._resolve(request, queryset, take_peer=False)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _kind(conflict: Conflict):
    return KINDS[conflict.imported.sender_id.split(":", 1)[0]]
