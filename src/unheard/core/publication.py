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
* Each transition is one transaction and one revision in the history, with who and when.
"""

from __future__ import annotations

from collections.abc import Iterable

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
        if not r.sources.exists()
    ]


def _save_state(record: models.Model, **fields) -> None:
    for name, value in fields.items():
        setattr(record, name, value)
    record.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def record_submit(*, record: Publishable, user) -> None:
    drafts = [f for f in facts_of(record) if f.publication_state == PublicationState.DRAFT]
    if record.publication_state != PublicationState.DRAFT and not drafts:
        raise ValidationError(_("There is nothing in draft to submit for review."))
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Submitted for review"))
        if record.publication_state == PublicationState.DRAFT:
            _save_state(record, publication_state=PublicationState.IN_REVIEW, submitted_by=user)
        for fact in drafts:
            _save_state(fact, publication_state=PublicationState.IN_REVIEW, submitted_by=user)


@transaction.atomic
def record_publish(*, record: Publishable, user) -> None:
    if not user.has_perm(publish_permission(record)):
        raise PermissionDenied(_("You may not publish this kind of record."))
    pending = [f for f in facts_of(record) if f.publication_state == PublicationState.IN_REVIEW]
    to_publish = [*pending]
    if record.publication_state != PublicationState.PUBLISHED:
        to_publish.insert(0, record)
    if not to_publish:
        raise ValidationError(_("There is nothing in review to publish."))
    require_review = settings.UNHEARD_REQUIRE_SECOND_APPROVAL
    for item in to_publish:
        if require_review and item.publication_state != PublicationState.IN_REVIEW:
            raise ValidationError(_("Submit the record for review before publishing it."))
        if require_review and item.submitted_by_id == user.pk:
            raise ValidationError(
                _(
                    "A second editor must approve what you submitted; you cannot approve it yourself."
                )
            )
    problems = unsourced(to_publish)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Published"))
        for item in to_publish:
            _save_state(
                item,
                publication_state=PublicationState.PUBLISHED,
                published_by=user,
                published_at=now,
            )


@transaction.atomic
def record_unpublish(*, record: Publishable, user) -> None:
    if not user.has_perm(publish_permission(record)):
        raise PermissionDenied(_("You may not unpublish this kind of record."))
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Returned to draft"))
        _save_state(record, publication_state=PublicationState.DRAFT, published_at=None)
