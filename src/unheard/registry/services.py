"""Writes to the registry. Every change to a record goes through a service here.

Each service is keyword-only, runs in one transaction, validates with `full_clean()`, makes one
revision in the history and writes one audit row (`unheard.core.audit`) naming `acting_user`
(None for the system, e.g. the demo loader). `data` maps model field names, translated columns
included (`summary_en`, `summary_ru`, ...), to values; many-to-many fields take a list of records.
Publication (draft → in review → published) goes through `record_submit`, `record_publish` and
`record_return_to_draft` from `unheard.core.publication`, which audit each record they move.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.models import Source, Sourced
from unheard.core.publication import (  # noqa: F401  (the registry's publication services)
    record_publish,
    record_return_to_draft,
    record_submit,
)
from unheard.core.services import (  # noqa: F401  (sources are written through core)
    editable_fields,
    model_create,
    model_update,
    revision,
    source_add,
    source_update,
    sources_attach,
)
from unheard.core.visibility import is_public
from unheard.registry.models import (
    Article,
    Case,
    CaseDefendant,
    Charge,
    CheckMark,
    CheckReason,
    Designation,
    Facility,
    LegalCode,
    Organisation,
    Person,
    PersonAlias,
    Recognition,
    TimelineEvent,
    Verdict,
)
from unheard.registry.selectors import release_estimate

R = TypeVar("R", bound=models.Model)
Data = Mapping[str, Any]


def _create(model: type[R], *, data: Data, acting_user, action: str) -> R:
    fields = editable_fields(model)
    with revision(acting_user=acting_user, comment=_("Created")):
        record = model_create(model=model, fields=fields, data=data)
    names = [name for name in fields if name in data]
    audit_log(
        acting_user=acting_user,
        action=action,
        record=record,
        summary=creation_summary(record, names),
    )
    return record


def _update(record: R, *, data: Data, acting_user, action: str) -> R:
    with revision(acting_user=acting_user, comment=_("Changed")):
        record, changes = model_update(
            instance=record, fields=editable_fields(type(record)), data=data
        )
    if changes:
        audit_log(
            acting_user=acting_user,
            action=action,
            record=record,
            summary=change_summary(record, changes),
        )
    return record


# Records --------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, data: Data, acting_user) -> Person:
    return _create(Person, data=data, acting_user=acting_user, action="person_create")


@transaction.atomic
def person_update(*, person: Person, data: Data, acting_user) -> Person:
    return _update(person, data=data, acting_user=acting_user, action="person_update")


@transaction.atomic
def case_create(*, data: Data, acting_user) -> Case:
    return _create(Case, data=data, acting_user=acting_user, action="case_create")


@transaction.atomic
def case_update(*, case: Case, data: Data, acting_user) -> Case:
    return _update(case, data=data, acting_user=acting_user, action="case_update")


@transaction.atomic
def facility_create(*, data: Data, acting_user) -> Facility:
    return _create(Facility, data=data, acting_user=acting_user, action="facility_create")


@transaction.atomic
def facility_update(*, facility: Facility, data: Data, acting_user) -> Facility:
    return _update(facility, data=data, acting_user=acting_user, action="facility_update")


@transaction.atomic
def legal_code_create(*, data: Data, acting_user) -> LegalCode:
    """Add a code of law (reference data, public at once)."""
    return _create(LegalCode, data=data, acting_user=acting_user, action="legal_code_create")


@transaction.atomic
def article_create(*, data: Data, acting_user) -> Article:
    """Add an article to a code of law (reference data, public at once)."""
    return _create(Article, data=data, acting_user=acting_user, action="article_create")


@transaction.atomic
def organisation_create(*, data: Data, acting_user) -> Organisation:
    """Add an organisation (reference data, public once a public record refers to it)."""
    return _create(Organisation, data=data, acting_user=acting_user, action="organisation_create")


@transaction.atomic
def record_delete(*, record: models.Model, acting_user) -> None:
    """Delete a registry record or fact. Its audit row names it; its earlier revisions stay in
    the history (the admin's "recover deleted")."""
    action = f"{record._meta.model_name}_delete"
    audit_log(acting_user=acting_user, action=action, record=record, summary={})
    with revision(acting_user=acting_user, comment=_("Deleted")):
        record.delete()


# A person's facts -----------------------------------------------------------------------------


def _fact_add(model: type[R], *, person: Person, data: Data, acting_user, action: str) -> R:
    return _create(model, data={**data, "person": person}, acting_user=acting_user, action=action)


@transaction.atomic
def charge_add(*, person: Person, data: Data, acting_user) -> Charge:
    return _fact_add(Charge, person=person, data=data, acting_user=acting_user, action="charge_add")


@transaction.atomic
def verdict_add(*, person: Person, data: Data, acting_user) -> Verdict:
    return _fact_add(
        Verdict, person=person, data=data, acting_user=acting_user, action="verdict_add"
    )


@transaction.atomic
def event_add(*, person: Person, data: Data, acting_user) -> TimelineEvent:
    return _fact_add(
        TimelineEvent, person=person, data=data, acting_user=acting_user, action="event_add"
    )


@transaction.atomic
def recognition_add(*, person: Person, data: Data, acting_user) -> Recognition:
    return _fact_add(
        Recognition, person=person, data=data, acting_user=acting_user, action="recognition_add"
    )


@transaction.atomic
def designation_add(*, person: Person, data: Data, acting_user) -> Designation:
    return _fact_add(
        Designation, person=person, data=data, acting_user=acting_user, action="designation_add"
    )


@transaction.atomic
def alias_add(*, person: Person, data: Data, acting_user) -> PersonAlias:
    return _fact_add(
        PersonAlias, person=person, data=data, acting_user=acting_user, action="alias_add"
    )


@transaction.atomic
def defendant_add(*, person: Person, data: Data, acting_user) -> CaseDefendant:
    """Link a person to a case (`data` holds the case and the role)."""
    return _fact_add(
        CaseDefendant, person=person, data=data, acting_user=acting_user, action="defendant_add"
    )


@transaction.atomic
def fact_update(*, fact: models.Model, data: Data, acting_user) -> models.Model:
    """Change a charge, verdict, event, recognition, designation, alias or case link."""
    action = f"{fact._meta.model_name}_update"
    return _update(fact, data=data, acting_user=acting_user, action=action)


# Quick add: a new detention -------------------------------------------------------------------


def unique_slug(model: type[models.Model], text: str) -> str:
    """A slug for `text` that no record of `model` has yet: "name", else "name-2", "name-3"..."""
    base = slugify(text)[:190] or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def detention_add(
    *,
    person: Data,
    case: Case | None = None,
    new_case: Data | None = None,
    charge: Data,
    detention: Data,
    source: Source | None = None,
    new_source: Data | None = None,
    acting_user,
) -> Person:
    """The commonest entry in one step: a new person detained in a case under an article.

    Creates the person (citing the source), the case unless an existing one is given, the link
    to the case, the charge and the detention event (each citing the source), all as drafts, with
    the services above; so each record is validated, versioned and audited. `person` holds the
    person's fields (its `slug` is made from the English display name when missing), `charge`
    the article and its part, `detention` the date, its precision and the facility.
    """
    if new_source:
        source = source_add(data=new_source, acting_user=acting_user)
    if source is None:
        raise ValidationError({"source": _("Name the source of these facts.")})
    sources = [source]
    facility = detention.get("facility")
    person_data = {"current_facility": facility, **person, "sources": sources}
    person_data.setdefault("slug", unique_slug(Person, person.get("display_name_en", "")))
    created = person_create(data=person_data, acting_user=acting_user)
    if case is None:
        if not new_case or not new_case.get("name_en"):
            raise ValidationError({"case": _("Pick the case or name a new one.")})
        slug = new_case.get("slug") or unique_slug(Case, new_case["name_en"])
        case = case_create(
            data={**new_case, "slug": slug, "sources": sources}, acting_user=acting_user
        )
    defendant_add(person=created, data={"case": case}, acting_user=acting_user)
    charge_add(
        person=created,
        data={**charge, "case": case, "sources": sources},
        acting_user=acting_user,
    )
    event_add(
        person=created,
        data={
            "kind": TimelineEvent.Kind.DETENTION,
            "case": case,
            **detention,
            "sources": sources,
        },
        acting_user=acting_user,
    )
    return created


# The checking queue ---------------------------------------------------------------------------


@transaction.atomic
def check_mark(
    *,
    record: models.Model,
    reason: CheckReason,
    source: Source | None = None,
    new_source: Data | None = None,
    note: str = "",
    acting_user,
) -> CheckMark:
    """Mark a record of the checking queue as checked against a source: `source`, or a source
    created from `new_source` (the fields of `core.Source`).

    The source is also cited by the record (when it cites sources), so that the fact the editor
    checked is sourced; the mark takes the record out of the queue for this reason for
    `UNHEARD_CHECK_AFTER_MONTHS` (see `registry.checking`).
    """
    if reason not in CheckReason.values:
        raise ValidationError({"reason": _("This is not a reason of the checking queue.")})
    if new_source:
        source = source_add(data=new_source, acting_user=acting_user)
    if source is None:
        raise ValidationError({"source": _("Name the source you checked.")})
    if isinstance(record, Sourced):
        sources_attach(record=record, sources=[source], acting_user=acting_user)
    mark = CheckMark(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        reason=reason,
        source=source,
        note=note,
        checked_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    mark.full_clean()
    mark.save()
    audit_log(
        acting_user=acting_user,
        action="check_mark",
        record=record,
        summary={"reason": str(reason), "source": str(source), "note": note},
    )
    return mark


# Derived data ---------------------------------------------------------------------------------


@transaction.atomic
def person_release_recompute(*, person: Person) -> None:
    """Recompute the expected release date (Article 72) from the record as it stands now.

    For a published person only the published facts count: what the public sees never moves with
    a draft verdict or event. A person not yet public counts every fact (nothing of it is shown);
    publishing them recomputes it (`signals.py`).

    Derived from the facts whose services are audited; upkeep, not an editor's act, so it writes
    no audit row of its own.
    """
    estimate = release_estimate(person=person, public_only=is_public(person))
    expected, computation = (estimate.date, estimate.as_json()) if estimate else (None, {})
    if (person.expected_release, person.release_computation) != (expected, computation):
        Person.objects.filter(pk=person.pk).update(
            expected_release=expected, release_computation=computation
        )
        person.expected_release, person.release_computation = expected, computation
