"""Alerts start from the live rows of the record, whichever service wrote them.

A timeline event that becomes public (published on a public person, by the registry's services,
the publication workflow, or a reviewer's approval) and a public person moved to another facility
each record an `Alert`; the alert is fanned out to subscribers by a task after the commit.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from unheard.registry.models import Person, TimelineEvent


@receiver(post_save, sender=TimelineEvent)
def alert_on_event(sender, instance: TimelineEvent, raw=False, **kwargs) -> None:
    from unheard.publishing.services import alert_for_event

    if not raw:
        alert_for_event(event=instance)


@receiver(pre_save, sender=Person)
def remember_facility(sender, instance: Person, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields and "current_facility" not in update_fields):
        instance._facility_before = None
        return
    before = Person.objects.filter(pk=instance.pk).values_list("current_facility", flat=True)
    instance._facility_before = before.first()


@receiver(post_save, sender=Person)
def alert_on_new_address(sender, instance: Person, raw=False, created=False, **kwargs) -> None:
    from unheard.publishing.services import alert_for_address

    if raw or created or not hasattr(instance, "_facility_before"):
        return
    if instance.current_facility_id and instance.current_facility_id != instance._facility_before:
        alert_for_address(person=instance)
