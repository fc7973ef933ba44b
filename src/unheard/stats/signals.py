"""Keep what the statistics derive from the registry in step with the public record: the periods
of custody (`CustodyPeriod`) and the dates from which charges and prosecutions count
(`ChargeCounted`, `ProsecutionCounted`). A person's charges, links to cases, events and verdicts
saved or deleted (and those of the person they belonged to before, when one is moved to another
person), a person's publication or synthetic flag changed, a case published, withdrawn or its
opening changed, mark the people concerned; each is rewritten once, when the transaction commits,
or before the statistics read the record within it (`stats.services.kept_rows_changed`).

Bulk writes (`bulk_create`, `QuerySet.update`, raw fixtures) send no signals: whoever makes them
calls `custody_periods_rebuild`, `charges_counted_rebuild` and `prosecutions_counted_rebuild`
afterwards (`unheard custody_rebuild`, `unheard charges_rebuild` rebuild every row).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from unheard.registry.models import Case, CaseDefendant, Charge, Person, TimelineEvent, Verdict
from unheard.stats.services import kept_rows_changed

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
    kept_rows_changed(
        person_ids={instance.person_id, person_before} - {None},
        custody=sender in CUSTODY_FACTS,
        # An event outside any case has no part in a prosecution.
        prosecutions=sender is not TimelineEvent or bool(instance.case_id or case_before),
    )


for fact in FACTS:
    pre_save.connect(fact_saving, sender=fact)
    post_save.connect(fact_changed, sender=fact)
    post_delete.connect(fact_changed, sender=fact)


@receiver(post_save, sender=Person)
def person_saved(sender, instance: Person, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields and not PERSON_FIELDS & set(update_fields)):
        return
    kept_rows_changed(person_ids=[instance.pk], custody=True, prosecutions=True)


@receiver(post_save, sender=Case)
def case_saved(sender, instance: Case, raw=False, **kwargs) -> None:
    if raw:
        return
    verdicts = Verdict.objects.filter(case=instance).values_list("person", flat=True)
    kept_rows_changed(person_ids=list(verdicts), custody=True, prosecutions=False)
    defendants = CaseDefendant.objects.filter(case=instance).values_list("person", flat=True)
    kept_rows_changed(person_ids=list(defendants), custody=False, prosecutions=True)
