"""What waits for review in the back office: one selector for the review queue's page and the
count on the back-office home, so the two always agree.

Policy: the queue lists, group by group, the records in review of every publishable model the
user may view (new records submitted by an editor), then what the apps add through
`plugins.ReviewQueueSource` (the registry's changes to published people). An item is the
user's to decide when they may publish it and did not submit it themselves; the home counts
exactly those items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from unheard.core import plugins
from unheard.core.models import PublicationState, Publishable
from unheard.core.publication import publish_permission

SHOWN_PER_GROUP = 200


@dataclass
class ReviewItem:
    """One thing waiting for review: what, who submitted it and when, where to see it, and the
    POST addresses of its Approve and Return buttons (empty: not this user's to decide)."""

    record: str
    submitted_by: str
    submitted_at: dt.datetime | None
    url: str
    may_decide: bool = False
    approve_url: str = ""
    return_url: str = ""
    return_needs_comment: bool = False


@dataclass
class ReviewGroup:
    name: str
    items: list[ReviewItem] = field(default_factory=list)
    list_url: str = ""


def may_decide(user, record: Publishable) -> bool:
    """Whether `user` may approve `record` (a second editor, when the site asks for one)."""
    if not user.has_perm(publish_permission(record)):
        return False
    second_needed = settings.UNHEARD_REQUIRE_SECOND_APPROVAL and getattr(
        record, "PUBLICATION_NEEDS_REVIEW", True
    )
    return not (second_needed and record.submitted_by_id == user.pk)


def review_groups(user) -> list[ReviewGroup]:
    """Everything in review that `user` may see, oldest first within each group."""
    groups = [group for model in _publishable_models() if (group := _records(user, model))]
    for source in plugins.review_queue_sources():
        groups += [group for group in source.groups_for(user) if group.items]
    return groups


def waiting_count(user) -> int | None:
    """The home's "Records waiting for your review": the queue's items `user` may decide, or
    None for a user who may publish nothing (the count is not shown)."""
    if not any(user.has_perm(_publish(model)) for model in _publishable_models()):
        return None
    return sum(item.may_decide for group in review_groups(user) for item in group.items)


def _publishable_models() -> list[type[Publishable]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and admin.site.is_registered(model)
    ]


def _publish(model) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def _records(user, model: type[Publishable]) -> ReviewGroup | None:
    meta = model._meta
    if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return None
    records = (
        model.objects.filter(publication_state=PublicationState.IN_REVIEW)
        .select_related("submitted_by")
        .order_by("updated_at")[:SHOWN_PER_GROUP]
    )
    items = [_record_item(user, record) for record in records]
    if not items:
        return None
    return ReviewGroup(
        name=str(meta.verbose_name_plural),
        items=items,
        list_url=reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        + "?publication_state__exact=in_review",
    )


def _record_item(user, record: Publishable) -> ReviewItem:
    decides = may_decide(user, record)
    return ReviewItem(
        record=str(record),
        submitted_by=record.submitted_by.get_username() if record.submitted_by else "",
        submitted_at=getattr(record, "updated_at", None),
        url=_change_url(record),
        may_decide=decides,
        approve_url=publication_url(record, "publish") if decides else "",
        return_url=publication_url(record, "return") if decides else "",
    )


def publication_url(record: Publishable, step: str) -> str:
    """The address of a publication button (`core.admin.PublishableAdminMixin`), or "" for a
    model whose admin offers none."""
    meta = record._meta
    try:
        return reverse(
            f"admin:{meta.app_label}_{meta.model_name}_publication", args=[record.pk, step]
        )
    except NoReverseMatch:
        return ""


def _change_url(record) -> str:
    """A fact (a charge, a verdict) is reviewed on its person's page."""
    target = getattr(record, "person", None) or record
    meta = target._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
