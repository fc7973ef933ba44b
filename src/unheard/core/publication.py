"""The publication workflow: draft → in review → published.

Policy:
* Nothing is public until it is published. A record's facts (a person's charges, verdicts,
  timeline events, recognitions, designations) follow the record: submitting a record submits its
  draft facts, publishing it publishes the facts in review. A fact added to a published record
  stays a draft until the record is submitted and approved again.
* Every published record and every published fact cites at least one source.
* Only a user with the model's `publish_<model>` permission publishes. When
  `UNHEARD_REQUIRE_SECOND_APPROVAL` is on (the default), the editor who submitted a record cannot
  also approve it: a second editor must.
* Each transition is one transaction, one revision in the history and one audit row per record
  it moves (`unheard.core.audit`), with who and when.
* A model may relax the rules for itself: `PUBLICATION_NEEDS_SOURCE = False` (a campaign is the
  organisation's own appeal, not a fact about someone) and `PUBLICATION_NEEDS_REVIEW = False`
  (it is published in one step by whoever holds its publish permission).
"""

from __future__ import annotations

from collections.abc import Iterable

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log
from unheard.core.models import PublicationState, Publishable


def facts_of(record: Publishable) -> Iterable[Publishable]:
    for related_name in getattr(record, "PUBLISH_WITH", ()):
        yield from getattr(record, related_name).all()


def publish_permission(record: Publishable) -> str:
    meta = record._meta
    return f"{meta.app_label}.publish_{meta.model_name}"


def unsourced(records: Iterable[Publishable]) -> list[str]:
    """Describe each record that cites no source."""
    return [
        _("%(kind)s “%(record)s” cites no source.") % {"kind": r._meta.verbose_name, "record": r}
        for r in records
        if getattr(r, "PUBLICATION_NEEDS_SOURCE", True) and not r.sources.exists()
    ]


def _save_state(record: models.Model, *, acting_user, action: str, **fields) -> None:
    old_state = record.publication_state
    for name, value in fields.items():
        setattr(record, name, value)
    record.save(update_fields=[*fields, "updated_at"])
    summary = {
        "changed": {"publication_state": {"old": old_state, "new": record.publication_state}}
    }
    audit_log(acting_user=acting_user, action=action, record=record, summary=summary)


@transaction.atomic
def record_submit(*, record: Publishable, acting_user) -> None:
    drafts = [f for f in facts_of(record) if f.publication_state == PublicationState.DRAFT]
    if record.publication_state != PublicationState.DRAFT and not drafts:
        raise ValidationError(_("There is nothing in draft to submit for review."))
    with reversion.create_revision():
        reversion.set_user(acting_user)
        reversion.set_comment(_("Submitted for review"))
        moved = [record] if record.publication_state == PublicationState.DRAFT else []
        for item in [*moved, *drafts]:
            _save_state(
                item,
                acting_user=acting_user,
                action="record_submit",
                publication_state=PublicationState.IN_REVIEW,
                submitted_by=acting_user,
            )


def _check_publish(item: Publishable, acting_user) -> None:
    if not getattr(item, "PUBLICATION_NEEDS_REVIEW", True):
        return
    if not settings.UNHEARD_REQUIRE_SECOND_APPROVAL:
        return
    if item.publication_state != PublicationState.IN_REVIEW:
        raise ValidationError(_("Submit the record for review before publishing it."))
    if item.submitted_by_id == acting_user.pk:
        raise ValidationError(
            _("A second editor must approve what you submitted; you cannot approve it yourself.")
        )


@transaction.atomic
def record_publish(*, record: Publishable, acting_user) -> None:
    if not acting_user.has_perm(publish_permission(record)):
        raise PermissionDenied(_("You may not publish this kind of record."))
    pending = [f for f in facts_of(record) if f.publication_state == PublicationState.IN_REVIEW]
    to_publish = [*pending]
    if record.publication_state != PublicationState.PUBLISHED:
        to_publish.insert(0, record)
    if not to_publish:
        raise ValidationError(_("There is nothing in review to publish."))
    for item in to_publish:
        _check_publish(item, acting_user)
    problems = unsourced(to_publish)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    with reversion.create_revision():
        reversion.set_user(acting_user)
        reversion.set_comment(_("Published"))
        for item in to_publish:
            _save_state(
                item,
                acting_user=acting_user,
                action="record_publish",
                publication_state=PublicationState.PUBLISHED,
                published_by=acting_user,
                published_at=now,
            )


@transaction.atomic
def record_return_to_draft(*, record: Publishable, acting_user) -> None:
    """Unpublish a record (or withdraw it from review): it is a draft again."""
    if not acting_user.has_perm(publish_permission(record)):
        raise PermissionDenied(_("You may not unpublish this kind of record."))
    with reversion.create_revision():
        reversion.set_user(acting_user)
        reversion.set_comment(_("Returned to draft"))
        _save_state(
            record,
            acting_user=acting_user,
            action="record_return_to_draft",
            publication_state=PublicationState.DRAFT,
            published_at=None,
        )
