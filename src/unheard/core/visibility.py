"""What the public may see: the one visibility policy of the whole site.

Every public page, selector, template, feed, export, e-mail and API reads through this module;
nothing else decides what is public. Each model states its rule once, as `VISIBILITY` beside
its fields, and gets `Model.objects.public()` from `PublicManager`; templates ask `is_public`.

Policy:
* **Closed by default.** A model that declares no rule and has no publication state is never
  public: donors, ledger entries, beneficiaries, aid records, letters and their history,
  translations, moderation, tokens, imports, audit rows, the search index, user accounts.
  Public pages may show counts and sums over them, never a row.
* **Published state.** A record with a publication state (`Publishable`) is public only once
  published: drafts and records in review never are (`Published`).
* **Synthetic records.** Synthetic people (`Person.is_synthetic`, benchmarks only) are never
  public, although they are "published" so that the search index treats them like real ones.
  Only a benchmark search asks for them (`public(with_synthetic=True)`). Their cases and
  facilities are drafts (slugs starting `synthetic-`), so they fall under the rule above.
* **Facts follow their record.** A charge, verdict, timeline event, recognition or designation is
  public when it is published itself *and* its person is public; a defendant link when both the
  person and the case are; an alias, a reply or a campaign update when its person or campaign is
  (`with_=`). A fact that names another record (an event's facility, a charge's case) shows that
  record only if it is public itself: templates ask `is_public`.
* **Reference records** that have no publication state of their own (organisations, regions,
  political views, sources) are public only through public records that refer to them
  (`ReferredTo`): an organisation that only a draft recognition names stays unknown. Codes of
  law, their articles, the letter rules in force and sourced funds figures are public
  reference data (`Always`), facility-specific letter rules only with a public facility.
* **Consent.** A field that needs a consent recorded on the same record is shown only with it:
  a person's photo and its credit need `photo_consent` (`consent=`); a reply's excerpt is public
  only with the prisoner's consent and a note of how it was given.
* **Confidential fields** are never shown, even on a public record: a person's internal notes,
  a source's internal note, a reply's transcription and scan, letter authors' e-mail and network
  addresses and the reasons a letter was flagged (`confidential=`; `confidential_fields()`).
  The whole-site canary test (tests/test_canary.py) reads them from here.
* **Small counts.** A count of people (or of donations to one campaign) from 1 to
  `UNHEARD_FUNDS_SMALL_COUNT` − 1 (default 5) is shown as "fewer than N", never exactly, so that
  no one can be singled out; zero is shown as zero (`small_count_hidden`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q


def _published() -> str:
    from unheard.core.models import PublicationState  # core.models imports this module

    return PublicationState.PUBLISHED


# Rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How a model's records become public. Subclasses give the condition."""

    with_: tuple[str, ...] = ()  # foreign keys whose records must be public too
    also: Mapping[str, object] = field(default_factory=dict)  # field values required
    filled: tuple[str, ...] = ()  # fields that must not be empty
    synthetic_flag: str = ""  # a boolean field marking benchmark records
    confidential: tuple[str, ...] = ()  # fields never shown in public
    consent: Mapping[str, str] = field(default_factory=dict)  # field -> its consent flag

    def own_condition(self) -> Q:
        return Q()

    def condition(self, model, *, with_synthetic: bool = False) -> Q:
        condition = self.own_condition() & Q(**self.also)
        for name in self.filled:
            condition &= ~Q(**{name: ""})
        if self.synthetic_flag and not with_synthetic:
            condition &= Q(**{self.synthetic_flag: False})
        for name in self.with_:
            foreign_key = model._meta.get_field(name)
            related = prefixed(public_condition(foreign_key.related_model), name)
            if foreign_key.null:  # an optional link: when set, it must be public
                related |= Q(**{f"{name}__isnull": True})
            condition &= related
        return condition

    def own_holds(self, record) -> bool:
        return True

    def holds(self, record, *, with_synthetic: bool = False) -> bool:
        if not self.own_holds(record):
            return False
        if any(getattr(record, name) != value for name, value in self.also.items()):
            return False
        if any(not getattr(record, name) for name in self.filled):
            return False
        if self.synthetic_flag and not with_synthetic and getattr(record, self.synthetic_flag):
            return False
        linked = (getattr(record, name) for name in self.with_)
        return all(other is None or is_public(other) for other in linked)


class Never(Rule):
    """Never public: the default for models without a publication state."""

    def condition(self, model, *, with_synthetic: bool = False) -> Q:
        return Q(pk__in=[])

    def holds(self, record, *, with_synthetic: bool = False) -> bool:
        return False


class Always(Rule):
    """Public reference data (codes of law and their articles), subject to `with_` and `also`."""


class Published(Rule):
    """Public once published (and whatever `with_`, `also` and `synthetic_flag` add)."""

    def own_condition(self) -> Q:
        return Q(publication_state=_published())

    def own_holds(self, record) -> bool:
        return record.publication_state == _published()


class ReferredTo(Rule):
    """Public when a public record of another model refers to it (by a foreign key or a
    many-to-many field), found by introspection so that an app added later counts too."""

    def condition(self, model, *, with_synthetic: bool = False) -> Q:
        condition = Q(pk__in=[])
        for relation in model._meta.related_objects:
            referring = relation.related_model
            if isinstance(rule_of(referring), Never | ReferredTo):
                continue
            pks = public_queryset(referring).order_by().values(relation.field.name)
            condition |= Q(pk__in=pks)
        return condition

    def holds(self, record, *, with_synthetic: bool = False) -> bool:
        return public_queryset(type(record)).filter(pk=record.pk).exists()


def rule_of(model) -> Rule:
    rule = getattr(model, "VISIBILITY", None)
    if rule is not None:
        return rule
    names = {f.name for f in model._meta.get_fields()}
    return Published() if "publication_state" in names else Never()


def prefixed(condition: Q, prefix: str) -> Q:
    """The same condition, seen from a model that reaches this one through `prefix`."""
    result = Q()
    result.connector, result.negated = condition.connector, condition.negated
    for child in condition.children:
        if isinstance(child, Q):
            result.children.append(prefixed(child, prefix))
        else:
            lookup, value = child
            result.children.append((f"{prefix}__{lookup}", value))
    return result


# Querysets ---------------------------------------------------------------------------------


def public_condition(model, *, with_synthetic: bool = False) -> Q:
    """The condition on `model`'s rows that makes them public; prefix it with `prefixed`."""
    return rule_of(model).condition(model, with_synthetic=with_synthetic)


def public_queryset(model, *, with_synthetic: bool = False) -> models.QuerySet:
    return model._default_manager.filter(public_condition(model, with_synthetic=with_synthetic))


class PublicQuerySet(models.QuerySet):
    def public(self, *, with_synthetic: bool = False) -> PublicQuerySet:
        """Only what the public may see (see the module's policy)."""
        return self.filter(public_condition(self.model, with_synthetic=with_synthetic))


class PublicManager(models.Manager.from_queryset(PublicQuerySet)):
    """The default manager of every model shown in public: `Model.objects.public()`."""


# Single records and fields -----------------------------------------------------------------


def without_synthetic(queryset: models.QuerySet) -> models.QuerySet:
    """Every record but the synthetic (benchmark) ones, whatever their publication state."""
    flag = rule_of(queryset.model).synthetic_flag
    return queryset.filter(**{flag: False}) if flag else queryset


def is_public(record, field_name: str = "") -> bool:
    """Whether the public may see this record (and, given `field_name`, that field of it)."""
    if record is None or isinstance(record, str):
        return False
    rule = rule_of(type(record))
    if not rule.holds(record):
        return False
    if not field_name:
        return True
    if field_name in rule.confidential:
        return False
    flag = rule.consent.get(field_name)
    return bool(getattr(record, flag)) if flag else True


def confidential_fields() -> dict[type[models.Model], tuple[str, ...]]:
    """Every model's fields that are never shown in public, even on a public record."""
    found = {}
    for model in apps.get_models():
        rule = rule_of(model)
        if rule.confidential:
            found[model] = rule.confidential
    return found


# Small counts ------------------------------------------------------------------------------


def small_count_threshold() -> int:
    return getattr(settings, "UNHEARD_FUNDS_SMALL_COUNT", 5)


def small_count_hidden(count: int, *, threshold: int | None = None) -> bool:
    """True when a count is small enough to point at someone: shown as "fewer than N"."""
    return 0 < count < (small_count_threshold() if threshold is None else threshold)
