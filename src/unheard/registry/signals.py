"""Keep the expected release date in step with the public record it is computed from: a fact
saved or deleted, a person's status or publication changed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from unheard.registry.models import Charge, Person, TimelineEvent, Verdict


@receiver(post_save, sender=Verdict)
@receiver(post_save, sender=TimelineEvent)
@receiver(post_save, sender=Charge)
@receiver(post_delete, sender=Verdict)
@receiver(post_delete, sender=TimelineEvent)
@receiver(post_delete, sender=Charge)
def recompute_release(sender, instance, raw=False, **kwargs) -> None:
    from unheard.registry.services import person_release_recompute

    if raw:
        return
    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        person_release_recompute(person=person)


@receiver(post_save, sender=Person)
def recompute_release_on_status(sender, instance: Person, raw=False, update_fields=None, **kwargs):
    from unheard.registry.services import person_release_recompute

    if raw or (update_fields and not {"status", "publication_state"} & set(update_fields)):
        return
    person_release_recompute(person=instance)
