"""Review of changes to published records: services and selectors.

Policy (with `UNHEARD_REQUIRE_SECOND_APPROVAL` on, the default):
* A change to a published person, case or facility, or to a published fact of a published person
  (and to the aliases and case links of a published person), does not touch the live row: it is
  kept in the record's open `ReviewUnit` as proposed field values, beside the values the live row
  held when the change was proposed. The public keeps reading the live rows.
* New facts, cases and facilities the change brings are drafts, as before; the unit publishes
  them with the change.
* The editor submits the unit; a reviewer who did not make or submit the change approves it (one
  transaction: the proposed values are written through the registry's services, the new records
  are published through `unheard.core.publication`) or returns it with a comment (the editors are
  told in the back office and by e-mail).
* Approval refuses, publishing nothing, when a fact to publish cites no source or when a live row
  changed since the change was proposed. Two approvals of one unit publish it once (the unit row is
  locked). A unit whose record was deleted is discarded with a notice.
* A revert of a published record is a proposed change like any other; it never touches the
  publication state.

Without second approval, changes are written at once, as before.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from unheard.core.audit import audit_log
from unheard.core.models import PublicationState, Publishable
from unheard.core.publication import (
    publish_permission,
    record_publish,
    record_return_to_draft,
    record_submit,
    unsourced,
)
from unheard.core.services import editable_fields, revision
from unheard.registry import services
from unheard.registry.models import Case, CaseDefendant, Facility, Person, PersonAlias
from unheard.registry.review_models import ReviewUnit

logger = logging.getLogger(__name__)

ROOTS = (Person, Case, Facility)
# Rows with no publication state of their own, public as soon as the records they name are: a new
# one naming only published records waits in the unit as a proposed addition.
ADDED_WITH_REVIEW = {PersonAlias: services.alias_add, CaseDefendant: services.defendant_add}
# Fields computed from the facts: never an editor's change.
COMPUTED = {"expected_release", "release_computation"}
# Fields a revert leaves alone: the workflow's own and what is computed from the facts.
NOT_REVERTED = {"publication_state", *COMPUTED}
# Fields the history does not list as changes: bookkeeping of every save.
NOT_SHOWN = {"created_at", "updated_at", "sort_key"}


# Values as stored in a unit -------------------------------------------------------------------


def dump_value(model: type[models.Model], name: str, value: Any) -> Any:
    """A field's value as JSON: related records by key, dates as ISO text, files by name."""
    field_ = model._meta.get_field(name)
    if field_.many_to_many:
        return sorted(getattr(v, "pk", v) for v in value)
    if field_.many_to_one or field_.one_to_one:
        return getattr(value, "pk", value)
    if isinstance(field_, models.FileField):
        return getattr(value, "name", value) or ""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def live_value(record: models.Model, name: str) -> Any:
    field_ = record._meta.get_field(name)
    if field_.many_to_many:
        return sorted(getattr(record, name).values_list("pk", flat=True))
    if field_.many_to_one:
        return getattr(record, field_.attname)
    return dump_value(type(record), name, getattr(record, name))


def load_value(model: type[models.Model], name: str, raw: Any) -> Any:
    """The value a service takes for a field stored with `dump_value`."""
    field_ = model._meta.get_field(name)
    if field_.many_to_many:
        return list(field_.related_model._default_manager.filter(pk__in=raw))
    if field_.many_to_one:
        return None if raw is None else field_.related_model._default_manager.get(pk=raw)
    if isinstance(field_, models.FileField):
        return raw
    return field_.to_python(raw)


def _file_stored(record: models.Model, name: str, value: Any) -> Any:
    """An uploaded file is put in storage now, so that the unit can name it."""
    if getattr(value, "_committed", True) is False:
        value.save(value.name, value.file, save=False)
    return value


# Which changes are reviewed -------------------------------------------------------------------


def root_of(record: models.Model) -> models.Model:
    """The record a change is reviewed with: a fact's person, or the record itself."""
    if isinstance(record, ROOTS):
        return record
    return record.person


def is_live(record: models.Model) -> bool:
    if isinstance(record, Publishable):
        return record.publication_state == PublicationState.PUBLISHED
    return is_live(root_of(record))


def is_reviewed(record: models.Model) -> bool:
    """Whether a change to this record waits for a reviewer instead of being written at once."""
    if not settings.UNHEARD_REQUIRE_SECOND_APPROVAL or record.pk is None:
        return False
    fresh = type(record)._default_manager.filter(pk=record.pk).first()
    return fresh is not None and is_live(fresh) and is_live(root_of(fresh))


def _shadowed(model: type[models.Model]) -> set[str]:
    """Translated fields' original names: their columns per language (`summary_en`) say it all."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _model(label: str) -> type[models.Model]:
    app_label, model_name = label.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model_name).model_class()


def _find(item: Mapping[str, Any]) -> models.Model | None:
    return _model(item["model"])._default_manager.filter(pk=item["pk"]).first()


def addition_is_reviewed(model: type[models.Model], data: Mapping[str, Any]) -> bool:
    """Whether a new alias or case link would go live at once, and so waits for a reviewer."""
    if not settings.UNHEARD_REQUIRE_SECOND_APPROVAL or model not in ADDED_WITH_REVIEW:
        return False
    named = [value for value in data.values() if isinstance(value, Publishable)]
    return bool(named) and all(
        value.pk is not None and is_live(type(value)._default_manager.get(pk=value.pk))
        for value in named
    )


def link_proposed(*, person_id: int | None, case_id: int | None) -> bool:
    """Whether the person's open unit proposes linking them to the case."""
    if person_id is None or case_id is None:
        return False
    unit = unit_open(Person(pk=person_id))
    return unit is not None and any(
        item.get("add")
        and item["model"] == _label(CaseDefendant)
        and item["fields"].get("case") == case_id
        for item in unit.changes
    )


# Selectors ------------------------------------------------------------------------------------


def unit_open(record: models.Model, *, lock: bool = False) -> ReviewUnit | None:
    """The unit of changes waiting for this record (or for the person it is a fact of)."""
    root = root_of(record)
    units = ReviewUnit.objects.filter(
        content_type=ContentType.objects.get_for_model(root),
        object_id=root.pk,
        state__in=ReviewUnit.OPEN,
    )
    if lock:
        units = units.select_for_update()
    return units.order_by("pk").first()


def proposed_values(record: models.Model) -> dict[str, Any]:
    """The values proposed for this record's fields in its open unit ({} when none)."""
    return unit_proposals(record).values.get((_label(type(record)), record.pk), {})


@dataclass
class Proposals:
    """What an open unit proposes, as the edit page shows it: field values by record
    (`(model label, pk)`), the records to delete and the rows to add."""

    values: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    deletions: set[tuple[str, int]] = field(default_factory=set)
    additions: list[str] = field(default_factory=list)


def unit_proposals(record: models.Model) -> Proposals:
    """The proposals of the open unit of this record (or of the person it is a fact of)."""
    unit = unit_open(record)
    proposals = Proposals()
    for item in unit.changes if unit is not None else ():
        if item.get("add"):
            proposals.additions.append(item["repr"])
            continue
        model = _model(item["model"])
        key = (item["model"], item["pk"])
        proposals.values[key] = {
            name: load_value(model, name, raw) for name, raw in item["fields"].items()
        }
        if item.get("delete"):
            proposals.deletions.add(key)
    return proposals


def units_in_review() -> list[ReviewUnit]:
    return list(
        ReviewUnit.objects.filter(state=ReviewUnit.State.IN_REVIEW)
        .select_related("submitted_by", "content_type")
        .prefetch_related("authors")
    )


def units_returned_to(user) -> list[ReviewUnit]:
    """Units returned with a comment to an editor who made changes in them."""
    return list(
        ReviewUnit.objects.filter(state=ReviewUnit.State.DRAFT, authors=user)
        .exclude(comment="")
        .select_related("decided_by", "content_type")
    )


def units_being_edited() -> list[ReviewUnit]:
    return list(
        ReviewUnit.objects.filter(state=ReviewUnit.State.DRAFT)
        .select_related("content_type")
        .prefetch_related("authors")
    )


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str


@dataclass
class RecordDiff:
    kind: str  # "changed", "new" or "deleted"
    model_name: str
    record: str
    rows: list[FieldDiff] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def show_value(model: type[models.Model], name: str, raw: Any) -> str:
    """A stored value as an editor reads it: labels of choices, names of related records."""
    field_ = model._meta.get_field(name)
    if raw in (None, "", []):
        return "—"
    if field_.many_to_many:
        return ", ".join(str(r) for r in load_value(model, name, raw))
    if field_.many_to_one:
        related = field_.related_model._default_manager.filter(pk=raw).first()
        return str(related) if related else _("(deleted record #%(pk)s)") % {"pk": raw}
    if field_.choices:
        return str(dict(field_.flatchoices).get(raw, raw))
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    return str(raw)


def _field_label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _sources_of(record: models.Model) -> list[str]:
    sources = getattr(record, "sources", None)
    return [str(s) for s in sources.all()] if sources is not None else []


def _new_record_diff(record: models.Model) -> RecordDiff:
    model = type(record)
    rows = []
    for name in editable_fields(model):
        if name in NOT_SHOWN | NOT_REVERTED | _shadowed(model) or name == "sources":
            continue
        raw = live_value(record, name)
        default = model._meta.get_field(name).get_default()
        if raw in (None, "", [], False) or raw == dump_value(model, name, default):
            continue
        rows.append(FieldDiff(_field_label(model, name), "—", show_value(model, name, raw)))
    return RecordDiff(
        "new", str(model._meta.verbose_name), str(record), rows, sources=_sources_of(record)
    )


def unit_diff(unit: ReviewUnit) -> list[RecordDiff]:
    """Field by field, what approving the unit changes for the public: old → new."""
    diffs = []
    for item in unit.changes:
        model = _model(item["model"])
        name = str(model._meta.verbose_name)
        if item.get("add"):
            rows = [
                FieldDiff(_field_label(model, field_name), "—", show_value(model, field_name, raw))
                for field_name, raw in item["fields"].items()
                if field_name != "person"
            ]
            diffs.append(RecordDiff("new", name, item["repr"], rows))
            continue
        record = _find(item)
        if record is None:
            diffs.append(RecordDiff("deleted", name, item["repr"]))
            continue
        if item.get("delete"):
            diffs.append(RecordDiff("deleted", name, str(record), sources=_sources_of(record)))
            continue
        rows = [
            FieldDiff(
                _field_label(model, field_name),
                show_value(model, field_name, live_value(record, field_name)),
                show_value(model, field_name, raw),
            )
            for field_name, raw in item["fields"].items()
        ]
        diffs.append(RecordDiff("changed", name, str(record), rows, sources=_sources_of(record)))
    root = unit.record
    if root is not None:
        diffs += [_new_record_diff(record) for record in unit_new_records(root)]
    return diffs


def unit_new_records(root: models.Model) -> list[Publishable]:
    """The drafts (or records in review) that approving the unit publishes: the person's new
    facts and the unpublished cases and facilities they, or the person, refer to."""
    facts = []
    for related_name in getattr(root, "PUBLISH_WITH", ()):
        facts += [
            fact
            for fact in getattr(root, related_name).all()
            if fact.publication_state != PublicationState.PUBLISHED
        ]
    referring: list[models.Model] = [root, *facts]
    if isinstance(root, Person):
        referring += list(root.case_links.select_related("case"))
        referring += list(root.charges.all()) + list(root.verdicts.all()) + list(root.events.all())
    referred = []
    for record in referring:
        for name in ("case", "facility", "current_facility"):
            target = getattr(record, name, None) if hasattr(record, name) else None
            if (
                isinstance(target, Publishable)
                and target.publication_state != PublicationState.PUBLISHED
                and target not in referred
            ):
                referred.append(target)
    return [*referred, *facts]


def version_changes(
    model: type[models.Model], older: Mapping[str, Any], newer: Mapping[str, Any]
) -> list[FieldDiff]:
    """What changed between two stored versions of a record (reversion's `field_dict`)."""
    rows = []
    for name, new in newer.items():
        try:
            field_ = model._meta.get_field(name)
        except Exception:
            continue
        if field_.name in NOT_SHOWN | COMPUTED | _shadowed(model):
            continue
        if not getattr(field_, "concrete", False):
            continue
        old = older.get(name)
        if field_.many_to_many:
            old = sorted(getattr(v, "pk", v) for v in (old or []))
            new = sorted(getattr(v, "pk", v) for v in (new or []))
        else:
            old = dump_value(model, field_.name, old)
            new = dump_value(model, field_.name, new)
        if old != new:
            rows.append(
                FieldDiff(
                    _field_label(model, field_.name),
                    show_value(model, field_.name, old),
                    show_value(model, field_.name, new),
                )
            )
    return rows


def revert_data(record: models.Model, version) -> dict[str, Any]:
    """The fields a revert to `version` changes on the record, as stored values."""
    model = type(record)
    stored = version.field_dict
    data = {}
    for name in editable_fields(model):
        if name in NOT_REVERTED | NOT_SHOWN | _shadowed(model):
            continue
        field_ = model._meta.get_field(name)
        key = name if field_.many_to_many or name in stored else field_.attname
        if key not in stored:
            continue
        old = stored[key]
        if field_.many_to_many:
            old = sorted(getattr(v, "pk", v) for v in old)
        else:
            old = dump_value(model, name, old)
        if old != live_value(record, name):
            data[name] = old
    return data


def revert_preview(record: models.Model, version) -> list[FieldDiff]:
    model = type(record)
    return [
        FieldDiff(
            _field_label(model, name),
            show_value(model, name, live_value(record, name)),
            show_value(model, name, raw),
        )
        for name, raw in revert_data(record, version).items()
    ]


# Services -------------------------------------------------------------------------------------


def _unit_for(root: models.Model, *, acting_user, kind=ReviewUnit.Kind.CHANGE) -> ReviewUnit:
    unit = unit_open(root, lock=True)
    if unit is None:
        unit = ReviewUnit.objects.create(
            content_type=ContentType.objects.get_for_model(root),
            object_id=root.pk,
            record_repr=str(root)[:300],
            kind=kind,
        )
    if getattr(acting_user, "is_authenticated", False):
        unit.authors.add(acting_user)
    return unit


def _item(unit: ReviewUnit, record: models.Model) -> dict[str, Any]:
    for item in unit.changes:
        if item["model"] == _label(type(record)) and item["pk"] == record.pk:
            return item
    item = {
        "model": _label(type(record)),
        "pk": record.pk,
        "repr": str(record)[:300],
        "fields": {},
        "base": {},
        "delete": False,
    }
    unit.changes.append(item)
    return item


def _check_proposal(record: models.Model, fields: Mapping[str, Any]) -> None:
    """Validate the record as it would be with the proposed values, without saving it."""
    model = type(record)
    probe = model._default_manager.get(pk=record.pk)
    for name, raw in fields.items():
        field_ = model._meta.get_field(name)
        if field_.many_to_many:
            continue
        setattr(probe, field_.attname if field_.many_to_one else name, raw)
    probe.full_clean()


@transaction.atomic
def change_propose(*, record: models.Model, data: Mapping[str, Any], acting_user) -> ReviewUnit:
    """Keep a change to a published record for review; the live row is not touched."""
    model = type(record)
    live = model._default_manager.get(pk=record.pk)
    unit = _unit_for(root_of(live), acting_user=acting_user)
    item = _item(unit, live)
    for name, value in data.items():
        value = _file_stored(live, name, value)
        raw = dump_value(model, name, value)
        item["base"].setdefault(name, live_value(live, name))
        if raw == item["base"][name]:
            item["fields"].pop(name, None)
            item["base"].pop(name)
        else:
            item["fields"][name] = raw
    _check_proposal(live, item["fields"])
    if not item["fields"] and not item["delete"]:
        unit.changes.remove(item)
    unit.save()
    changed = {name: {"old": item["base"].get(name), "new": raw} for name, raw in data.items()}
    audit_log(
        acting_user=acting_user,
        action="change_propose",
        record=live,
        summary={"unit": unit.pk, "proposed": changed},
    )
    return unit


@transaction.atomic
def addition_propose(
    *, model: type[models.Model], person: Person, data: Mapping[str, Any], acting_user
) -> ReviewUnit:
    """Keep a new alias or case link of a published person for review; nothing is saved."""
    data = {**data, "person": person}
    model(**data).full_clean()
    fields = {name: dump_value(model, name, value) for name, value in data.items()}
    unit = _unit_for(person, acting_user=acting_user)
    if not any(item.get("add") and item["fields"] == fields for item in unit.changes):
        unit.changes.append(
            {
                "model": _label(model),
                "pk": None,
                "repr": str(model(**data))[:300],
                "fields": fields,
                "base": {},
                "delete": False,
                "add": True,
            }
        )
    unit.save()
    audit_log(
        acting_user=acting_user,
        action="addition_propose",
        record=person,
        summary={"unit": unit.pk, "model": _label(model), "proposed": fields},
    )
    return unit


@transaction.atomic
def deletion_withdraw(*, record: models.Model, acting_user) -> ReviewUnit | None:
    """Keep a published fact whose deletion was proposed: the unit no longer deletes it."""
    unit = unit_open(record, lock=True)
    if unit is None:
        return None
    for item in list(unit.changes):
        if item["model"] == _label(type(record)) and item["pk"] == record.pk and item["delete"]:
            item["delete"] = False
            if not item["fields"]:
                unit.changes.remove(item)
    unit.save()
    audit_log(
        acting_user=acting_user,
        action="deletion_withdraw",
        record=record,
        summary={"unit": unit.pk},
    )
    return unit


@transaction.atomic
def deletion_propose(*, record: models.Model, acting_user) -> ReviewUnit:
    """Keep the deletion of a published fact for review."""
    unit = _unit_for(root_of(record), acting_user=acting_user)
    _item(unit, record)["delete"] = True
    unit.save()
    audit_log(
        acting_user=acting_user,
        action="deletion_propose",
        record=record,
        summary={"unit": unit.pk},
    )
    return unit


@transaction.atomic
def unit_touch(*, record: models.Model, acting_user) -> ReviewUnit | None:
    """Open a unit for a published record that gained drafts (a new fact, a new case)."""
    if not settings.UNHEARD_REQUIRE_SECOND_APPROVAL:
        return None
    root = root_of(record)
    if not is_live(root) or not unit_new_records(root):
        return unit_open(root)
    return _unit_for(root, acting_user=acting_user)


@transaction.atomic
def unit_submit(*, unit: ReviewUnit, acting_user) -> ReviewUnit:
    unit = ReviewUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.state != ReviewUnit.State.DRAFT:
        raise ValidationError(_("These changes are already in review."))
    root = unit.record
    if root is None:
        raise ValidationError(_deleted_notice(unit))
    meta = root._meta
    if not acting_user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
        raise PermissionDenied(_("You may not submit changes to this kind of record."))
    new_records = unit_new_records(root)
    if not unit.changes and not new_records:
        raise ValidationError(_("There is nothing to submit for review."))
    for record in new_records:
        if record.publication_state == PublicationState.DRAFT and not _is_fact_of(record, root):
            record_submit(record=record, acting_user=acting_user)
    if any(r.publication_state == PublicationState.DRAFT for r in facts_of_root(root)):
        record_submit(record=root, acting_user=acting_user)
    unit.state = ReviewUnit.State.IN_REVIEW
    unit.submitted_by = acting_user
    unit.submitted_at = timezone.now()
    unit.comment = ""
    unit.save()
    audit_log(
        acting_user=acting_user, action="review_submit", record=root, summary={"unit": unit.pk}
    )
    return unit


def facts_of_root(root: models.Model) -> list[Publishable]:
    return [
        fact
        for related_name in getattr(root, "PUBLISH_WITH", ())
        for fact in getattr(root, related_name).all()
    ]


def _is_fact_of(record: models.Model, root: models.Model) -> bool:
    return not isinstance(record, ROOTS) and root_of(record) == root


def _check_decider(unit: ReviewUnit, root: models.Model, acting_user) -> None:
    if not acting_user.has_perm(publish_permission(root)):
        raise PermissionDenied(_("You may not approve changes to this kind of record."))
    made_by = {unit.submitted_by_id, *unit.authors.values_list("pk", flat=True)}
    if settings.UNHEARD_REQUIRE_SECOND_APPROVAL and acting_user.pk in made_by:
        raise ValidationError(
            _("A second editor must approve what you changed; you cannot approve it yourself.")
        )


def _stale(unit: ReviewUnit) -> list[str]:
    """Each live field that changed since the unit proposed a new value for it."""
    problems = []
    for item in unit.changes:
        record = _find(item)
        if record is None:
            continue
        model = type(record)
        for name, base in item["base"].items():
            if live_value(record, name) != base:
                message = (
                    _("%(record)s: “%(field)s” was changed since this revert was proposed.")
                    if unit.kind == ReviewUnit.Kind.REVERT
                    else _("%(record)s: “%(field)s” was changed since this change was proposed.")
                )
                problems.append(message % {"record": record, "field": _field_label(model, name)})
    return problems


def _unsourced_after(unit: ReviewUnit) -> list[str]:
    """Changed records whose proposed sources would leave them citing none."""
    problems = []
    for item in unit.changes:
        if item["fields"].get("sources") == [] and not item.get("delete"):
            record = _find(item)
            if record is not None:
                problems += unsourced([record]) or [
                    _("%(kind)s “%(record)s” cites no source.")
                    % {"kind": record._meta.verbose_name, "record": record}
                ]
    return problems


def _apply(item: Mapping[str, Any], *, acting_user) -> str | None:
    """Write one item's proposed values to the live row; a notice if the record is gone."""
    if item.get("add"):
        return _add(item, acting_user=acting_user)
    record = _find(item)
    if record is None:
        return _("%(record)s was deleted; its proposed change was discarded.") % {
            "record": item["repr"]
        }
    if item.get("delete"):
        services.record_delete(record=record, acting_user=acting_user)
        return None
    model = type(record)
    data = {name: load_value(model, name, raw) for name, raw in item["fields"].items()}
    if isinstance(record, Person):
        services.person_update(person=record, data=data, acting_user=acting_user)
    elif isinstance(record, Case):
        services.case_update(case=record, data=data, acting_user=acting_user)
    elif isinstance(record, Facility):
        services.facility_update(facility=record, data=data, acting_user=acting_user)
    else:
        services.fact_update(fact=record, data=data, acting_user=acting_user)
    return None


def _add(item: Mapping[str, Any], *, acting_user) -> str | None:
    """Save a proposed alias or case link; a notice if a record it names is gone."""
    model = _model(item["model"])
    try:
        data = {name: load_value(model, name, raw) for name, raw in item["fields"].items()}
    except ObjectDoesNotExist:
        return _("%(record)s names a deleted record; its proposed addition was discarded.") % {
            "record": item["repr"]
        }
    ADDED_WITH_REVIEW[model](person=data.pop("person"), data=data, acting_user=acting_user)
    return None


@transaction.atomic
def unit_discard(*, unit: ReviewUnit, acting_user, reason: str) -> None:
    ReviewUnit.objects.filter(pk=unit.pk).update(
        state=ReviewUnit.State.DISCARDED,
        decided_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        decided_at=timezone.now(),
        comment=reason,
    )
    audit_log(
        acting_user=acting_user,
        action="review_discard",
        record=unit,
        summary={"unit": unit.pk, "reason": reason},
    )


def _deleted_notice(unit: ReviewUnit) -> str:
    return _("“%(record)s” was deleted; its changes waiting for review were discarded.") % {
        "record": unit.record_repr
    }


@transaction.atomic
def units_orphaned_discard(*, acting_user) -> list[str]:
    """Discard the open units of records that were deleted; a notice for each."""
    notices = []
    for unit in ReviewUnit.objects.filter(state__in=ReviewUnit.OPEN).select_related("content_type"):
        if unit.record is None:
            notice = _deleted_notice(unit)
            unit_discard(unit=unit, acting_user=acting_user, reason=notice)
            notices.append(notice)
    return notices


@transaction.atomic
def unit_approve(*, unit: ReviewUnit, acting_user) -> list[str]:
    """Publish the unit's changes and new records at once; notices of what was left out."""
    unit = ReviewUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.state != ReviewUnit.State.IN_REVIEW:
        raise ValidationError(_("These changes are no longer in review; nothing was published."))
    root = unit.record
    if root is None:
        notice = _deleted_notice(unit)
        unit_discard(unit=unit, acting_user=acting_user, reason=notice)
        return [notice]
    _check_decider(unit, root, acting_user)
    stale = _stale(unit)
    if stale:
        raise ValidationError(stale)
    new_records = unit_new_records(root)
    problems = unsourced(new_records) + _unsourced_after(unit)
    if problems:
        raise ValidationError(problems)
    with revision(acting_user=acting_user, comment=""):
        notices = [n for item in unit.changes if (n := _apply(item, acting_user=acting_user))]
        for record in new_records:
            if not _is_fact_of(record, root):
                record_publish(record=record, acting_user=acting_user)
        if any(f.publication_state == PublicationState.IN_REVIEW for f in facts_of_root(root)):
            record_publish(record=root, acting_user=acting_user)
        reversion.add_to_revision(type(root)._default_manager.get(pk=root.pk))
        # Set last: the services' own revisions, nested in this one, set theirs on the way.
        authors = ", ".join(u.get_username() for u in unit.authors.all())
        reversion.set_comment(
            _("Changes by %(authors)s, approved by %(reviewer)s")
            % {"authors": authors, "reviewer": acting_user.get_username()}
        )
    unit.state = ReviewUnit.State.APPROVED
    unit.decided_by = acting_user
    unit.decided_at = timezone.now()
    unit.save()
    audit_log(
        acting_user=acting_user,
        action="review_approve",
        record=root,
        summary={"unit": unit.pk, "published": [str(r) for r in new_records]},
    )
    return notices


@transaction.atomic
def unit_return(*, unit: ReviewUnit, acting_user, comment: str) -> ReviewUnit:
    """Send the changes back to their editors with a comment; nothing is published."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what should change before returning the changes."))
    unit = ReviewUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.state != ReviewUnit.State.IN_REVIEW:
        raise ValidationError(_("These changes are no longer in review."))
    root = unit.record
    if root is None:
        raise ValidationError(_deleted_notice(unit))
    if not acting_user.has_perm(publish_permission(root)):
        raise PermissionDenied(_("You may not return changes to this kind of record."))
    for record in [*unit_new_records(root)]:
        if record.publication_state == PublicationState.IN_REVIEW:
            record_return_to_draft(record=record, acting_user=acting_user)
    unit.state = ReviewUnit.State.DRAFT
    unit.comment = comment
    unit.decided_by = acting_user
    unit.decided_at = timezone.now()
    unit.save()
    audit_log(
        acting_user=acting_user,
        action="review_return",
        record=root,
        summary={"unit": unit.pk, "comment": comment},
    )
    recipients = [u.email for u in unit.authors.all() if u.email]
    if recipients:
        transaction.on_commit(lambda: _send_returned(unit, root, recipients))
    return unit


def _send_returned(unit: ReviewUnit, root: models.Model, recipients: Iterable[str]) -> None:
    """E-mail the editors (staff who see drafts; not a public output like `*/email/` templates)."""
    meta = root._meta
    link = settings.UNHEARD_SITE_URL.rstrip("/") + reverse(
        f"admin:{meta.app_label}_{meta.model_name}_change", args=[root.pk]
    )
    context = {"unit": unit, "record": root, "link": link, "reviewer": unit.decided_by}
    message = EmailMessage(
        subject=_("Your changes to %(record)s were returned") % {"record": root},
        body=render_to_string("registry/staff_mail/review_returned.txt", context),
        to=list(recipients),
    )
    try:
        message.send()
    except Exception:  # the unit and its comment stay in the back office
        logger.exception("could not e-mail the return of review unit %s", unit.pk)


@transaction.atomic
def revert_propose(*, record: models.Model, version, acting_user) -> ReviewUnit | None:
    """Revert a record's own fields to a stored version, keeping its publication state.

    A published record's revert waits for review (a unit of kind "revert"); a draft is reverted
    at once. Returns the unit, or None when the revert was written."""
    model = type(record)
    live = model._default_manager.get(pk=record.pk)
    stored = revert_data(live, version)
    if not stored:
        raise ValidationError(_("That version does not differ from the record as it is now."))
    if not is_reviewed(live):
        data = {name: load_value(model, name, raw) for name, raw in stored.items()}
        _apply(
            {"model": _label(model), "pk": live.pk, "repr": str(live), "fields": stored},
            acting_user=acting_user,
        )
        audit_log(
            acting_user=acting_user,
            action="record_revert",
            record=live,
            summary={"version": version.pk, "fields": sorted(data)},
        )
        return None
    if unit_open(live) is not None:
        raise ValidationError(
            _("This record has changes waiting for review; finish them before reverting.")
        )
    unit = _unit_for(root_of(live), acting_user=acting_user, kind=ReviewUnit.Kind.REVERT)
    item = _item(unit, live)
    item["fields"] = stored
    item["base"] = {name: live_value(live, name) for name in stored}
    item["version"] = version.pk
    unit.save()
    audit_log(
        acting_user=acting_user,
        action="revert_propose",
        record=live,
        summary={"unit": unit.pk, "version": version.pk},
    )
    return unit
