"""Writes of a hub: peers, pulling their feeds into drafts, resolving conflicts.

A pull fetches the peer's feed, checks the envelope, the key and the signature, checks every
record's shape, then imports in one transaction through the registry's services: a record seen
for the first time becomes a draft; a changed record is updated, unless an editor changed the
local one since the last import, in which case the local one is kept and a `Conflict` waits for
an editor. Any refusal (bad signature, unknown key, malformed JSON, a record that fails
validation) raises `ValidationError` with a message and leaves nothing written.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.images import image_clean
from unheard.core.services import model_create, model_update
from unheard.registry import services as registry
from unheard.registry.models import (
    Article,
    CaseDefendant,
    LegalCode,
    Organisation,
    Person,
    PersonAlias,
    Region,
)
from unheard.sharing import keys
from unheard.sharing.feed import FORMAT
from unheard.sharing.models import Conflict, ImportedRecord, Peer
from unheard.sharing.records import (
    ARTICLE,
    CASE,
    CODE_COLUMNS,
    KINDS,
    ORGANISATION,
    PERSON,
    Kind,
    digest,
    natural_lookup,
    record_fields,
)

SYSTEM_USERNAME = "unheard-sharing"
PEER_FIELDS = ["name", "slug", "feed_url", "public_key", "is_active"]


def _fact_create(add):
    """A registry service adding a fact to a person, called with the person in `data`."""
    return lambda *, data, acting_user: add(
        person=data["person"], data=data, acting_user=acting_user
    )


def _fact_update(record, *, data, acting_user):
    return registry.fact_update(fact=record, data=data, acting_user=acting_user)


CREATE = {
    "source": registry.source_add,
    "facility": registry.facility_create,
    "case": registry.case_create,
    "person": registry.person_create,
    "charge": _fact_create(registry.charge_add),
    "verdict": _fact_create(registry.verdict_add),
    "event": _fact_create(registry.event_add),
    "recognition": _fact_create(registry.recognition_add),
    "designation": _fact_create(registry.designation_add),
}
UPDATE = {
    "source": lambda record, **kw: registry.source_update(source=record, **kw),
    "facility": lambda record, **kw: registry.facility_update(facility=record, **kw),
    "case": lambda record, **kw: registry.case_update(case=record, **kw),
    "person": lambda record, **kw: registry.person_update(person=record, **kw),
    "charge": _fact_update,
    "verdict": _fact_update,
    "event": _fact_update,
    "recognition": _fact_update,
    "designation": _fact_update,
}


def system_user():
    """The user in whose name pulls write (inactive: nobody signs in as it)."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# Peers ----------------------------------------------------------------------------------------


@transaction.atomic
def peer_create(*, data: Mapping[str, Any], acting_user) -> Peer:
    peer = model_create(model=Peer, fields=PEER_FIELDS, data=data)
    audit_log(
        acting_user=acting_user,
        action="peer_create",
        record=peer,
        summary=creation_summary(peer, [n for n in PEER_FIELDS if n in data]),
    )
    return peer


@transaction.atomic
def peer_update(*, peer: Peer, data: Mapping[str, Any], acting_user) -> Peer:
    peer, changes = model_update(instance=peer, fields=PEER_FIELDS, data=data)
    if changes:
        audit_log(
            acting_user=acting_user,
            action="peer_update",
            record=peer,
            summary=change_summary(peer, changes),
        )
    return peer


# Pulling --------------------------------------------------------------------------------------


@dataclass
class PullReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    deleted_here: int = 0
    waiting: int = 0

    def __str__(self) -> str:
        text = _(
            "%(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(conflicts)s in conflict with local edits, %(deleted_here)s deleted here"
        ) % asdict(self)
        if not self.waiting:
            return text
        waiting = ngettext(
            "%(count)s fact waits until the conflict of its person is resolved.",
            "%(count)s facts wait until the conflicts of their people are resolved.",
            self.waiting,
        ) % {"count": self.waiting}
        return f"{text}. {waiting}"


def feed_fetch(url: str) -> bytes:
    """The feed's bytes; at most `UNHEARD_SHARING_MAX_FEED_BYTES`."""
    if not url.startswith(("http://", "https://")):
        raise ValidationError(_("The feed address must start with http:// or https://."))
    limit = settings.UNHEARD_SHARING_MAX_FEED_BYTES
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (checked above)
            body = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ValidationError(
            _("The feed could not be fetched from %(url)s: %(error)s")
            % {"url": url, "error": error}
        ) from error
    if len(body) > limit:
        raise ValidationError(_("The feed is larger than %(limit)s bytes.") % {"limit": limit})
    return body


def _json(text: str | bytes, refusal: str) -> Any:
    """The parsed JSON, or a refusal whose message `refusal` ends with the parser's error."""
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(refusal % {"error": error}) from error


def feed_records_verified(*, peer: Peer, body: bytes) -> list[dict]:
    """The records of a feed signed by the peer's key; refuses anything else."""
    envelope = _json(body, _("The feed is not valid JSON: %(error)s"))
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise ValidationError(_("This is not an Unheard sharing feed (format %s).") % FORMAT)
    payload, signature = envelope.get("payload"), envelope.get("signature")
    if not isinstance(payload, str) or not isinstance(signature, str):
        raise ValidationError(_("The feed has no signed payload."))
    if envelope.get("key") != peer.public_key.strip():
        raise ValidationError(
            _("The feed is signed with a key unknown for %(peer)s: %(key)s")
            % {"peer": peer, "key": str(envelope.get("key"))[:60]}
        )
    if not keys.signature_valid(peer.public_key, signature, payload.encode("utf-8")):
        raise ValidationError(_("The feed's signature is not valid: nothing was imported."))
    content = _json(payload, _("The signed payload is not valid JSON: %(error)s"))
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise ValidationError(_("The signed payload is not an Unheard sharing feed."))
    records = content.get("records")
    if not isinstance(records, list):
        raise ValidationError(_("The signed payload has no list of records."))
    for record in records:
        _record_check(record)
    return records


SCALAR = (str, int, bool, type(None))


def _record_check(record: Any) -> None:
    if not isinstance(record, dict) or record.get("kind") not in KINDS:
        raise ValidationError(_("A record of the feed is of no known kind: %s") % str(record)[:80])
    kind = KINDS[record["kind"]]
    sender_id, version, fields = record.get("id"), record.get("version"), record.get("fields")
    if not isinstance(sender_id, str) or not sender_id.startswith(f"{kind.name}:"):
        raise ValidationError(_("A %(kind)s of the feed has no valid id.") % {"kind": kind.name})
    if not isinstance(version, str) or not version or len(version) > 64:
        raise ValidationError(_("Record %s has no valid version.") % sender_id)
    if not isinstance(fields, dict):
        raise ValidationError(_("Record %s has no fields.") % sender_id)
    unknown = set(fields) - kind.all_names()
    if unknown:
        raise ValidationError(
            _("Record %(id)s has unknown fields: %(fields)s")
            % {"id": sender_id, "fields": ", ".join(sorted(unknown))}
        )
    if kind.natural_key and natural_lookup(kind, sender_id) is None:
        raise ValidationError(
            _("A %(kind)s of the feed has no valid id: %(id)s")
            % {"kind": kind.name, "id": sender_id}
        )
    for name, value in fields.items():
        if name in kind.list_names():
            if not isinstance(value, list) or not all(LIST_ITEMS[name](item) for item in value):
                raise ValidationError(
                    _("Record %(id)s: the list %(field)s is malformed.")
                    % {"id": sender_id, "field": name}
                )
        elif not isinstance(value, SCALAR):
            raise ValidationError(
                _("Record %(id)s: the field %(field)s is not a plain value.")
                % {"id": sender_id, "field": name}
            )


def _strings(count: int):
    return lambda item: (
        isinstance(item, list) and len(item) == count and all(isinstance(v, str) for v in item)
    )


LIST_ITEMS = {
    "cases": _strings(2),  # [case id, role]
    "aliases": _strings(3),  # [name, kind, language]
    "sources": lambda item: isinstance(item, str),  # a source's id
}


def peer_pull(*, peer: Peer, acting_user) -> PullReport:
    """Fetch, check and import a peer's feed (one transaction); the result is kept on the peer.
    Raises `ValidationError` when the feed is refused."""
    try:
        body = feed_fetch(peer.feed_url)
        report = feed_import(peer=peer, body=body, acting_user=acting_user)
    except ValidationError as error:
        _pull_result(peer, _("Refused: %s") % " ".join(error.messages))
        raise
    _pull_result(peer, str(report))
    return report


def _pull_result(peer: Peer, text: str) -> None:
    Peer.objects.filter(pk=peer.pk).update(last_pulled_at=timezone.now(), last_result=text)


def feed_import(*, peer: Peer, body: bytes, acting_user) -> PullReport:
    """Import the records of a feed's bytes: all of them or, on any refusal, none (and no
    photo file left behind)."""
    records = feed_records_verified(peer=peer, body=body)
    report = PullReport()
    with _photos_removed_on_refusal() as stored:
        importer = _Importer(peer, acting_user, report, stored)
        for kind in KINDS.values():
            for record in records:
                if record["kind"] == kind.name:
                    importer.take(kind, record)
        audit_log(acting_user=acting_user, action="peer_pull", record=peer, summary=asdict(report))
    return report


@contextmanager
def _photos_removed_on_refusal() -> Iterator[list[str]]:
    """One transaction, and a list for the names of the photo files stored inside it: files are
    no part of the transaction, so when it raises they are deleted again and the media folder is
    as it was. (A photo an accepted pull replaces stays, like every earlier photo of a registry
    record: the record's history names it and a revert restores it.)"""
    stored: list[str] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        storage = Person._meta.get_field("photo").storage
        for name in stored:
            storage.delete(name)
        raise


def _messages(error: ValidationError) -> str:
    """The error's messages, each after the name of its field when it has one."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        f"{field}: {message}" if field != "__all__" else message
        for field, messages in error.message_dict.items()
        for message in messages
    )


class _Importer:
    def __init__(self, peer: Peer, acting_user, report: PullReport, stored: list[str]):
        self.peer, self.acting_user, self.report = peer, acting_user, report
        self.stored = stored  # the photo files this pull stored
        self.known = {i.sender_id: i for i in ImportedRecord.objects.filter(peer=peer)}

    def take(self, kind: Kind, record: dict) -> None:
        sender_id, version, fields = record["id"], record["version"], record["fields"]
        try:
            if kind.natural_key:
                reference_ensure(
                    kind=kind, sender_id=sender_id, fields=fields, acting_user=self.acting_user
                )
            elif "person" in kind.required:
                self._take_fact(kind, sender_id, version, fields)
            else:
                self._take(kind, sender_id, version, fields)
        except ValidationError as error:
            raise ValidationError(
                _("Record %(id)s failed validation: %(errors)s")
                % {"id": sender_id, "errors": _messages(error)}
            ) from error

    def _take_fact(self, kind: Kind, sender_id: str, version: str, fields: dict) -> None:
        """A fact that fails validation while its person is in conflict here (a charge in a
        case whose link waits with the person's new version) waits for the conflict to be
        resolved, and is taken at the first pull after; otherwise it refuses the pull."""
        try:
            with transaction.atomic():
                self._take(kind, sender_id, version, fields)
        except ValidationError:
            if not self._in_conflict(fields.get("person")):
                raise
            self.report.waiting += 1

    def _in_conflict(self, person_id) -> bool:
        imported = self.known.get(person_id) if isinstance(person_id, str) else None
        return (
            imported is not None
            and imported.conflicts.filter(resolution=Conflict.Resolution.OPEN).exists()
        )

    def _take(self, kind: Kind, sender_id: str, version: str, fields: dict) -> None:
        imported = self.known.get(sender_id)
        if imported is None:
            created = self._create(kind, sender_id, version, fields)
            if created is None:
                self.report.deleted_here += 1
                return
            self.known[sender_id] = created
            self.report.created += 1
            return
        if imported.version == version:
            self.report.unchanged += 1
            return
        local = imported.record
        if local is None:
            self.report.deleted_here += 1
        elif digest(record_fields(kind, local)) != imported.local_digest:
            Conflict.objects.update_or_create(
                imported=imported,
                resolution=Conflict.Resolution.OPEN,
                defaults={"version": version, "fields": fields, "found_at": timezone.now()},
            )
            self.report.conflicts += 1
        else:
            record_apply(
                imported=imported,
                version=version,
                fields=fields,
                acting_user=self.acting_user,
                stored=self.stored,
            )
            self.report.updated += 1

    def _create(
        self, kind: Kind, sender_id: str, version: str, fields: dict
    ) -> ImportedRecord | None:
        """The new local record's provenance; None for a fact whose person was deleted here."""
        data = model_data(kind, fields, peer=self.peer, known=self.known)
        for name in kind.required:
            if data.get(name) is None:
                if self._deleted_here(fields.get(name)):
                    return None
                raise ValidationError(
                    _("%(field)s %(id)s is not in the feed.")
                    % {"field": name, "id": fields.get(name)}
                )
        if "slug" in kind.fields:
            data["slug"] = _free_slug(kind, data.get("slug") or "", self.peer)
        local = CREATE[kind.name](data=data, acting_user=self.acting_user)
        photo = ""
        if kind is PERSON:
            _person_lists_add(local, fields, self.peer, self.known, self.acting_user)
            photo = _photo_take(
                local,
                fields,
                peer=self.peer,
                taken="",
                acting_user=self.acting_user,
                stored=self.stored,
            )
        return ImportedRecord.objects.create(
            peer=self.peer,
            sender_id=sender_id,
            version=version,
            content_type=ContentType.objects.get_for_model(kind.model),
            object_id=local.pk,
            local_digest=digest(record_fields(kind, local)),
            photo_sha256=photo,
            imported_at=timezone.now(),
        )

    def _deleted_here(self, sender_id) -> bool:
        imported = self.known.get(sender_id) if isinstance(sender_id, str) else None
        return imported is not None and imported.record is None


def record_apply(
    *, imported: ImportedRecord, version: str, fields: dict, acting_user, stored: list[str]
) -> None:
    """Write the peer's `fields` over the local record (its address stays as it is here); the
    name of a photo file it stores is added to `stored`."""
    kind = KINDS[imported.sender_id.split(":", 1)[0]]
    local = imported.record
    data = model_data(kind, fields, peer=imported.peer)
    data.pop("slug", None)
    for name in kind.required:  # a fact stays with its person here
        if data.get(name) is None:
            data.pop(name, None)
    UPDATE[kind.name](local, data=data, acting_user=acting_user)
    local.refresh_from_db()
    if kind is PERSON:
        _person_lists_add(local, fields, imported.peer, None, acting_user)
        imported.photo_sha256 = _photo_take(
            local,
            fields,
            peer=imported.peer,
            taken=imported.photo_sha256,
            acting_user=acting_user,
            stored=stored,
        )
    imported.version = version
    imported.local_digest = digest(record_fields(kind, local))
    imported.imported_at = timezone.now()
    imported.save(update_fields=["version", "local_digest", "photo_sha256", "imported_at"])


def model_data(
    kind: Kind, fields: dict, *, peer: Peer | None, known: dict[str, ImportedRecord] | None = None
) -> dict:
    """The model's values for the feed's fields: converted by the model's own fields (a bad
    date is a `ValidationError`), references to records imported from the same peer (an
    article by its code and number), sources to those imported from the peer."""
    data: dict[str, Any] = {}
    for name in kind.columns():
        if name in fields:
            data[name] = _converted(kind.model._meta.get_field(name), fields[name])
    for name, target in kind.references:
        value = fields.get(name)
        if value is not None and not str(value).startswith(f"{target}:"):
            raise ValidationError(
                _("%(field)s must name a %(kind)s.") % {"field": name, "kind": target}
            )
        if name in fields:
            data[name] = _local(peer, value, known)
    for name in kind.regions:
        if name in fields:
            slug = fields[name]
            data[name] = Region.objects.filter(slug=slug).first() if slug else None
    if kind.sourced and "sources" in fields:
        found = (_local(peer, sender_id, known) for sender_id in fields["sources"])
        data["sources"] = [source for source in found if source is not None]
    return data


def _converted(field: models.Field, value: Any) -> Any:
    if value is None and not field.null:
        return (
            "" if isinstance(field, models.CharField | models.TextField) else field.to_python(value)
        )
    return field.to_python(value)


def _local(peer: Peer | None, sender_id: str | None, known: dict[str, ImportedRecord] | None):
    if not sender_id:
        return None
    kind = KINDS.get(sender_id.partition(":")[0])
    if kind is not None and kind.natural_key:
        return _reference_here(kind, sender_id)
    if known is not None:
        imported = known.get(sender_id)
    else:
        imported = ImportedRecord.objects.filter(peer=peer, sender_id=sender_id).first()
    return imported.record if imported else None


def _free_slug(kind: Kind, slug: str, peer: Peer) -> str:
    taken = kind.model._default_manager.filter(slug=slug).exists()
    return f"{slug}-{peer.slug}"[:200] if taken else slug


def _person_lists_add(person, fields: dict, peer: Peer, known, acting_user) -> None:
    """Link the person to the peer's cases imported here and add the aliases not here yet;
    links and aliases are added, never removed."""
    for case_id, role in fields.get("cases", []):
        case = _local(peer, case_id, known)
        if case is None or not case_id.startswith(f"{CASE.name}:"):
            continue
        if not CaseDefendant.objects.filter(person=person, case=case).exists():
            registry.defendant_add(
                person=person, data={"case": case, "role": role}, acting_user=acting_user
            )
    for name, alias_kind, language in fields.get("aliases", []):
        if not PersonAlias.objects.filter(person=person, name=name).exists():
            registry.alias_add(
                person=person,
                data={"name": name, "kind": alias_kind, "language": language},
                acting_user=acting_user,
            )


# Photos: downloaded only when the peer's photo changed, only as the peer publishes it ---------


def _photo_take(
    person, fields: dict, *, peer: Peer, taken: str, acting_user, stored: list[str]
) -> str:
    """Set the peer's photo of a person, downloaded only when its hash differs from the one
    `taken` at the last import, with its credit and the consent it is published with; remove
    the photo taken from the peer when the peer no longer publishes one (its consent withdrawn).
    The name of the file stored is added to `stored`. Returns the hash of the peer's photo now
    here ("" for none)."""
    wanted = fields.get("photo_sha256") or ""
    if not wanted:
        if taken:
            registry.person_update(
                person=person,
                data={"photo": "", "photo_credit": "", "photo_consent": False},
                acting_user=acting_user,
            )
        return ""
    data: dict[str, Any] = {"photo_credit": fields.get("photo_credit") or ""}
    if wanted != taken:
        picture = image_clean(ContentFile(photo_fetch(peer, fields.get("photo_url"), wanted)))
        name = f"{person.slug or person.pk}.{picture.extension}"
        data |= {"photo": ContentFile(picture.content, name=name), "photo_consent": True}
    registry.person_update(person=person, data=data, acting_user=acting_user)
    if "photo" in data:
        stored.append(person.photo.name)
    person.refresh_from_db()
    return wanted


def photo_fetch(peer: Peer, url, sha256: str) -> bytes:
    """The bytes of a photo at the peer's own address (the scheme and host of its feed), at most
    `UNHEARD_IMAGE_MAX_BYTES`, checked against the hash the signed feed gives."""
    where, feed = urlsplit(str(url or "")), urlsplit(peer.feed_url)
    if (where.scheme, where.netloc) != (feed.scheme, feed.netloc):
        raise ValidationError(
            {
                "photo_url": _("The photo is not at the peer's address %(host)s.")
                % {"host": feed.netloc}
            }
        )
    limit = settings.UNHEARD_IMAGE_MAX_BYTES
    try:
        with urllib.request.urlopen(str(url), timeout=60) as response:  # noqa: S310 (checked)
            content = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ValidationError(
            {"photo_url": _("The photo could not be fetched: %(error)s") % {"error": error}}
        ) from error
    if len(content) > limit:
        raise ValidationError(
            {"photo_url": _("The photo is larger than %(limit)s bytes.") % {"limit": limit}}
        )
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ValidationError({"photo_sha256": _("The photo differs from its hash in the feed.")})
    return content


# Reference data: articles and organisations, matched by their natural key ---------------------


def _reference_here(kind: Kind, sender_id: str) -> models.Model | None:
    lookup = natural_lookup(kind, sender_id)
    return kind.model._default_manager.filter(**lookup).first() if lookup else None


def reference_ensure(*, kind: Kind, sender_id: str, fields: dict, acting_user) -> models.Model:
    """The reference record named by a feed's natural id (`article:uk-rf/205.2`,
    `organisation:memorial`): the one here, never changed, or else added from the feed's values.
    Reference data says what a law or an organisation is called, nothing about anyone: it is
    public as soon as a public record refers to it."""
    found = _reference_here(kind, sender_id)
    if found is not None:
        return found
    lookup = natural_lookup(kind, sender_id) or {}
    return REFERENCE_ADD[kind.name](lookup=lookup, fields=fields, acting_user=acting_user)


def _article_add(*, lookup: dict, fields: dict, acting_user) -> Article:
    """The article, with its code of law when that is missing too."""
    code_slug, number = lookup["code__slug"], lookup["number"]
    if fields.get("code") != code_slug or fields.get("number") != number:
        raise ValidationError(_("The article's code and number differ from its id."))
    code = LegalCode.objects.filter(slug=code_slug).first()
    if code is None:
        code_data = {"slug": code_slug, "jurisdiction": fields.get("code_jurisdiction") or "RU"}
        code_data |= {name[len("code_") :]: fields.get(name) or "" for name in CODE_COLUMNS[2:]}
        code = registry.legal_code_create(data=code_data, acting_user=acting_user)
    data = model_data(ARTICLE, fields, peer=None)
    return registry.article_create(data={**data, "code": code}, acting_user=acting_user)


def _organisation_add(*, lookup: dict, fields: dict, acting_user) -> Organisation:
    data = model_data(ORGANISATION, fields, peer=None)
    return registry.organisation_create(
        data={**data, "slug": lookup["slug"]}, acting_user=acting_user
    )


REFERENCE_ADD = {"article": _article_add, "organisation": _organisation_add}


# Conflicts ------------------------------------------------------------------------------------


def conflict_resolve(*, conflict: Conflict, take_peer: bool, acting_user) -> Conflict:
    """Take the peer's version over the local record, or keep the local one. Keeping it marks
    this version as seen: the next change at the peer raises a new conflict, so the local edit
    is never overwritten without an editor's choice."""
    with _photos_removed_on_refusal() as stored:
        return _conflict_resolved(conflict, take_peer, acting_user, stored)


def _conflict_resolved(conflict: Conflict, take_peer: bool, acting_user, stored) -> Conflict:
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.resolution != Conflict.Resolution.OPEN:
        raise ValidationError(_("This conflict was resolved already."))
    imported = conflict.imported
    if imported.record is None:
        raise ValidationError(_("The local record was deleted: there is nothing to resolve."))
    if take_peer:
        record_apply(
            imported=imported,
            version=conflict.version,
            fields=conflict.fields,
            acting_user=acting_user,
            stored=stored,
        )
        conflict.resolution = Conflict.Resolution.TOOK_PEER
    else:
        imported.version = conflict.version
        imported.save(update_fields=["version"])
        conflict.resolution = Conflict.Resolution.KEPT_LOCAL
    conflict.resolved_at = timezone.now()
    conflict.save(update_fields=["resolution", "resolved_at"])
    audit_log(
        acting_user=acting_user,
        action="conflict_resolve",
        record=conflict,
        summary={"resolution": conflict.resolution, "record": imported.sender_id},
    )
    return conflict
