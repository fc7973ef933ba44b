"""Keep what the statistics derive from the registry in step with the public record, in the same
transaction as the change: the periods of custody (`CustodyPeriod`) and the dates from which
charges count (`ChargeCounted`). A person's charges, links to cases, events and verdicts saved or
deleted (and those of the person they belonged to before, when one is moved to another person), a
person's publication or synthetic flag changed, a case published, withdrawn or its opening
changed, rewrite the rows of the people concerned.

Bulk writes (`bulk_create`, `QuerySet.update`, raw fixtures) send no signals: whoever makes them
calls `custody_periods_rebuild` and `charges_counted_rebuild` afterwards (`unheard
custody_rebuild`, `unheard charges_rebuild` rebuild every row).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from unheard.registry.models import Case, CaseDefendant, Charge, Person, TimelineEvent, Verdict
from unheard.stats.models import ChargeCounted, CustodyPeriod
from unheard.stats.services import charges_counted_rebuild, custody_periods_rebuild

PERSON_FIELDS = {"publication_state", "is_synthetic"}
CUSTODY_FACTS = (TimelineEvent, Verdict)
FACTS = (TimelineEvent, Verdict, Charge, CaseDefendant)


def fact_saving(sender, instance, raw=False, **kwargs) -> None:
    """Remember the person and case a fact had before this save: it may be moved."""
    if raw or instance.pk is None:
        return
    rows = sender._base_manager.filter(pk=instance.pk).values_list("person", "case")
    instance._stats_before = rows.first()


def fact_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    person_before, case_before = getattr(instance, "_stats_before", None) or (None, None)
    people = {instance.person_id, person_before} - {None}
    if sender in CUSTODY_FACTS:
        custody_periods_rebuild(person_ids=people)
    # An event outside any case has no part in a prosecution.
    if sender is not TimelineEvent or instance.case_id or case_before:
        charges_counted_rebuild(person_ids=people)


for fact in FACTS:
    pre_save.connect(fact_saving, sender=fact)
    post_save.connect(fact_changed, sender=fact)
    post_delete.connect(fact_changed, sender=fact)


@receiver(post_save, sender=Person)
def person_saved(sender, instance: Person, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields and not PERSON_FIELDS & set(update_fields)):
        return
    custody_periods_rebuild(person_ids=[instance.pk])
    charges_counted_rebuild(person_ids=[instance.pk])


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance: Person, **kwargs) -> None:
    # Their facts, deleted first, may have written rows again after theirs were deleted.
    for model in (CustodyPeriod, ChargeCounted):
        model.objects.filter(person_id=instance.pk)._raw_delete(model.objects.db)


@receiver(post_save, sender=Case)
def case_saved(sender, instance: Case, raw=False, **kwargs) -> None:
    if raw:
        return
    verdicts = Verdict.objects.filter(case=instance).values_list("person", flat=True)
    custody_periods_rebuild(person_ids=list(verdicts))
    defendants = CaseDefendant.objects.filter(case=instance).values_list("person", flat=True)
    charges_counted_rebuild(person_ids=list(defendants))
