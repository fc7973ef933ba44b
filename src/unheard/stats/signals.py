"""Keep the periods of custody (`CustodyPeriod`) in step with the public record, in the same
transaction as the change: a person's custody events and verdicts saved or deleted, a person's
publication or synthetic flag changed, a case published or withdrawn (its verdicts count only
while it is public).

Bulk writes (`bulk_create`, `QuerySet.update`, raw fixtures) send no signals: whoever makes them
calls `custody_periods_rebuild` afterwards (`unheard custody_rebuild` rebuilds every period).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from unheard.registry.models import Case, Person, TimelineEvent, Verdict
from unheard.stats.models import CustodyPeriod
from unheard.stats.services import custody_periods_rebuild

PERSON_FIELDS = {"publication_state", "is_synthetic"}


@receiver(post_save, sender=TimelineEvent)
@receiver(post_save, sender=Verdict)
@receiver(post_delete, sender=TimelineEvent)
@receiver(post_delete, sender=Verdict)
def fact_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        custody_periods_rebuild(person_ids=[instance.person_id])


@receiver(post_save, sender=Person)
def person_saved(sender, instance: Person, raw=False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields and not PERSON_FIELDS & set(update_fields)):
        return
    custody_periods_rebuild(person_ids=[instance.pk])


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance: Person, **kwargs) -> None:
    # Their facts, deleted first, may have written periods again after theirs were deleted.
    CustodyPeriod.objects.filter(person_id=instance.pk)._raw_delete(CustodyPeriod.objects.db)


@receiver(post_save, sender=Case)
def case_saved(sender, instance: Case, raw=False, **kwargs) -> None:
    if not raw:
        people = Verdict.objects.filter(case=instance).values_list("person", flat=True)
        custody_periods_rebuild(person_ids=list(people))
