"""Translation state of translated fields (missing, draft, reviewed), and the fallback shown meanwhile.

Policy:

- A translated field has one column per language (django-modeltranslation). Its state in a
  language is *missing* when that column is empty, *reviewed* when a translator marked it
  reviewed and the text has not changed since (the digest of the reviewed text is stored), and
  *draft* otherwise: text written or machine-translated that no one has checked yet, or checked
  text that was edited afterwards. Only a translator's decision is stored (`TranslationState`);
  "missing" never is.
- Which fields the translators' dashboard tracks each app declares on its `AppConfig`
  (`tracked_fields`, see `core.plugins`; most important first, apps in `INSTALLED_APPS` order),
  so this module knows no app.
- Coverage counts the records the public can see (`unheard.core.visibility`) whose field has text in at least one language. The queue of work lists
  records of any publication state that have the text in some language but not in the one to
  translate into, published records first, then the most recently updated.
- Synthetic records (benchmarks) are never counted nor queued.
- When a column is empty, readers see the first non-empty language in modeltranslation's
  fallback order (`MODELTRANSLATION_FALLBACK_LANGUAGES`); `field_in_language` says which one, so
  pages can mark the text as not yet translated.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

from unheard.core import plugins, visibility
from unheard.core.audit import audit_log
from unheard.core.models import TranslationState

State = TranslationState.State


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class TrackedField:
    """A translated field of a model that translators look after."""

    model: type[models.Model]
    name: str

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    @property
    def label(self) -> str:
        meta = self.model._meta
        return capfirst(f"{meta.verbose_name}: {meta.get_field(self.name).verbose_name}")

    def column(self, language: str) -> str:
        return build_localized_fieldname(self.name, language)

    def records(self) -> models.QuerySet:
        return visibility.without_synthetic(self.model._default_manager.all())

    def public_records(self) -> models.QuerySet:
        return visibility.public_queryset(self.model)

    def filled(self, language: str) -> Q:
        column = self.column(language)
        return Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})

    def filled_anywhere(self) -> Q:
        condition = Q()
        for language in site_languages():
            condition |= self.filled(language)
        return condition


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def tracked_fields() -> list[TrackedField]:
    """The fields the apps declare (`tracked_fields` on their `AppConfig`), in their order."""
    return [
        TrackedField(apps.get_model(app_label, model_name), field_name)
        for app_label, model_name, field_name in plugins.tracked_field_paths()
    ]


def tracked_field(*, model: type[models.Model], name: str) -> TrackedField:
    for candidate in tracked_fields():
        if candidate.model is model and candidate.name == name:
            return candidate
    raise ValidationError(_("This field is not tracked for translation."))


def text_digest(text: str | None) -> str:
    return hashlib.sha256((text or "").strip().encode("utf-8")).hexdigest()


def column_text(record: models.Model, field_name: str, language: str) -> str:
    return getattr(record, build_localized_fieldname(field_name, language), None) or ""


def state_of(text: str, stored: TranslationState | None) -> str:
    """The state of one field in one language, given its text and the stored decision."""
    if not text.strip():
        return State.MISSING
    if (
        stored is not None
        and stored.state == State.REVIEWED
        and stored.reviewed_hash == text_digest(text)
    ):
        return State.REVIEWED
    return State.DRAFT


@dataclass(frozen=True)
class Translated:
    """A field's text as a reader in `requested` sees it, and the language it is really in."""

    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language != self.requested

    def __str__(self) -> str:
        return self.text


def field_in_language(
    record: models.Model, field_name: str, language: str | None = None
) -> Translated:
    """The text of a translated field in `language`, or in the first fallback that has one."""
    requested = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    order = resolution_order(
        requested, getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", None)
    )
    for candidate in order:
        text = column_text(record, field_name, candidate)
        if text.strip():
            return Translated(text=text, language=candidate, requested=requested)
    return Translated(text="", language=requested, requested=requested)


# Writes


def translation_state_set(
    *, record: models.Model, field_name: str, language: str, state: str, acting_user
) -> TranslationState:
    """Mark one field of one record in one language as draft or reviewed.

    The user needs the permission to change the record. Reviewing an empty field is refused:
    there is nothing to review.
    """
    meta = record._meta
    if not acting_user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
        raise PermissionDenied(_("You may not change translations of this record."))
    tracked_field(model=type(record), name=field_name)
    if language not in site_languages():
        raise ValidationError(_("This language is not one of the site's languages."))
    if state not in (State.DRAFT, State.REVIEWED):
        raise ValidationError(_("A translation can only be marked draft or reviewed."))
    text = column_text(record, field_name, language)
    if not text.strip():
        raise ValidationError(_("This field has no text in this language yet."))
    with transaction.atomic():
        stored, _created = TranslationState.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=record.pk,
            field=field_name,
            language=language,
            defaults={
                "state": state,
                "reviewed_hash": text_digest(text) if state == State.REVIEWED else "",
                "updated_by": acting_user,
            },
        )
        audit_log(
            acting_user=acting_user,
            action="translation_state_set",
            record=record,
            summary={"field": field_name, "language": language, "state": state},
        )
    return stored


# Reads


def _state_rows(tracked: TrackedField) -> models.QuerySet:
    return TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(tracked.model, for_concrete_model=False),
        field=tracked.name,
    )


def stored_states(
    tracked: TrackedField, *, object_ids=None, state: str | None = None
) -> dict[tuple[int, str], TranslationState]:
    """Stored decisions for a tracked field: (object id, language) → TranslationState."""
    rows = _state_rows(tracked)
    if object_ids is not None:
        rows = rows.filter(object_id__in=list(object_ids))
    if state:
        rows = rows.filter(state=state)
    return {(row.object_id, row.language): row for row in rows}


def record_states(record: models.Model, tracked: TrackedField) -> dict[str, str]:
    """Language → state for one field of one record."""
    stored = stored_states(tracked, object_ids=[record.pk])
    return {
        language: state_of(
            column_text(record, tracked.name, language), stored.get((record.pk, language))
        )
        for language in site_languages()
    }


@dataclass
class LanguageCoverage:
    language: str
    translated: int = 0
    reviewed: int = 0
    total: int = 0

    @property
    def draft(self) -> int:
        return self.translated - self.reviewed

    @property
    def missing(self) -> int:
        return self.total - self.translated

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100

    @property
    def reviewed_percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 100


@dataclass
class FieldCoverage:
    tracked: TrackedField
    total: int
    languages: list[LanguageCoverage] = field(default_factory=list)


def translation_coverage() -> list[FieldCoverage]:
    """Per tracked field and language: how many public records are translated and reviewed.

    Counts come from one aggregate query per field; reviews are checked against the current text
    of the reviewed records only.
    """
    coverage = []
    for tracked in tracked_fields():
        records = tracked.public_records().filter(tracked.filled_anywhere())
        aggregates = {"total": models.Count("pk")}
        for language in site_languages():
            aggregates[language] = models.Count("pk", filter=tracked.filled(language))
        counts = records.aggregate(**aggregates)
        reviewed_rows = stored_states(tracked, state=State.REVIEWED)
        reviewed = dict.fromkeys(site_languages(), 0)
        if reviewed_rows:
            ids = _state_rows(tracked).filter(state=State.REVIEWED).values("object_id")
            columns = [tracked.column(language) for language in site_languages()]
            for row in records.filter(pk__in=ids).values("pk", *columns):
                for language in site_languages():
                    stored = reviewed_rows.get((row["pk"], language))
                    text = row[tracked.column(language)] or ""
                    if stored and state_of(text, stored) == State.REVIEWED:
                        reviewed[language] += 1
        coverage.append(
            FieldCoverage(
                tracked=tracked,
                total=counts["total"],
                languages=[
                    LanguageCoverage(
                        language=language,
                        translated=counts[language],
                        reviewed=reviewed[language],
                        total=counts["total"],
                    )
                    for language in site_languages()
                ],
            )
        )
    return coverage


@dataclass
class QueueItem:
    tracked: TrackedField
    record: models.Model
    language: str
    state: str
    is_published: bool
    updated_at: datetime | None
    states: dict[str, str] = field(default_factory=dict)

    @property
    def model_key(self) -> str:
        return self.record._meta.label_lower

    @property
    def admin_url(self) -> str:
        """The record's form in the back office, scrolled to this field in this language."""
        meta = self.record._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.record.pk])
        except NoReverseMatch:
            return ""
        return f"{url}#id_{self.tracked.column(self.language)}"

    @property
    def public_url(self) -> str:
        if not self.is_published or not hasattr(self.record, "get_absolute_url"):
            return ""
        return self.record.get_absolute_url()

    @property
    def source(self) -> Translated:
        """The text a translator starts from: the fallback a reader sees now."""
        return field_in_language(self.record, self.tracked.name, self.language)


def _priority(queryset: models.QuerySet, model: type[models.Model]) -> models.QuerySet:
    public = visibility.public_condition(model)
    if public:
        unpublished = models.Case(
            models.When(public, then=0), default=1, output_field=models.IntegerField()
        )
    else:  # every record is public
        unpublished = models.Value(0, models.IntegerField())
    queryset = queryset.annotate(unpublished=unpublished)
    order = ["unpublished"]
    if _has_field(model, "updated_at"):
        order.append("-updated_at")
    return queryset.order_by(*order, "-pk")


def _queue_item(tracked: TrackedField, record, language: str, state: str) -> QueueItem:
    return QueueItem(
        tracked=tracked,
        record=record,
        language=language,
        state=state,
        is_published=getattr(record, "unpublished", 0) == 0,
        updated_at=getattr(record, "updated_at", None),
    )


def translation_queue(
    *, language: str | None = None, state: str = State.MISSING, limit: int = 100
) -> tuple[list[QueueItem], int]:
    """Work for translators, most important first, and how many items there are in all.

    `state` is "missing" (untranslated: text in another language, none in this one), "draft"
    (translated but not reviewed) or "reviewed" (to reopen a review).
    """
    languages = [language] if language in site_languages() else site_languages()
    items: list[QueueItem] = []
    total = 0
    for tracked in tracked_fields():
        for lang in languages:
            others = Q()
            for other in site_languages():
                if other != lang:
                    others |= tracked.filled(other)
            if state == State.MISSING:
                candidates = tracked.records().filter(others).exclude(tracked.filled(lang))
                total += candidates.count()
                for record in _priority(candidates, tracked.model)[:limit]:
                    items.append(_queue_item(tracked, record, lang, State.MISSING))
                continue
            filled = tracked.records().filter(tracked.filled(lang))
            reviewed = {
                object_id: row
                for (object_id, row_language), row in stored_states(
                    tracked, state=State.REVIEWED
                ).items()
                if row_language == lang
            }
            with_review = filled.filter(
                pk__in=_state_rows(tracked)
                .filter(state=State.REVIEWED, language=lang)
                .values("object_id")
            )
            still_reviewed = sum(
                1
                for record in with_review
                if state_of(column_text(record, tracked.name, lang), reviewed[record.pk])
                == State.REVIEWED
            )
            if state == State.REVIEWED:
                total += still_reviewed
                candidates = with_review
            else:
                total += filled.count() - still_reviewed
                candidates = filled
            found = 0
            for record in _priority(candidates, tracked.model).iterator(chunk_size=200):
                if found >= limit:
                    break
                text = column_text(record, tracked.name, lang)
                if state_of(text, reviewed.get(record.pk)) == state:
                    items.append(_queue_item(tracked, record, lang, state))
                    found += 1
    field_rank = {tracked.key: rank for rank, tracked in enumerate(tracked_fields())}
    items.sort(
        key=lambda item: (
            not item.is_published,
            -(item.updated_at.timestamp() if item.updated_at else 0),
            field_rank[item.tracked.key],
            site_languages().index(item.language),
        )
    )
    items = items[:limit]
    for tracked in tracked_fields():
        mine = [item for item in items if item.tracked.key == tracked.key]
        if not mine:
            continue
        stored = stored_states(tracked, object_ids={item.record.pk for item in mine})
        for item in mine:
            item.states = {
                language: state_of(
                    column_text(item.record, tracked.name, language),
                    stored.get((item.record.pk, language)),
                )
                for language in site_languages()
            }
    return items, total


def request_may_translate(request) -> bool:
    """Whether the signed-in user may use the translators' dashboard (for the header's link)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user_may_translate(user))


def user_may_translate(user) -> bool:
    """Staff who may change at least one tracked kind of record (the translator role may)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return any(
        user.has_perm(f"{t.model._meta.app_label}.change_{t.model._meta.model_name}")
        for t in tracked_fields()
    )
