"""Keep the search index in step with the registry: every save or delete re-indexes the record.

Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: whoever makes them rebuilds the
index afterwards (`unheard synth` does; `unheard reindex` rebuilds everything).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from unheard.registry.models import Article, Case, Facility, LegalCode, Person, PersonAlias, Region
from unheard.search.models import SearchEntry
from unheard.search.services import search_entries_refresh, search_entries_remove

KINDS = {
    Person: SearchEntry.Kind.PERSON,
    Case: SearchEntry.Kind.CASE,
    Facility: SearchEntry.Kind.FACILITY,
    Article: SearchEntry.Kind.ARTICLE,
}


@receiver(post_save, sender=Person)
@receiver(post_save, sender=Case)
@receiver(post_save, sender=Facility)
@receiver(post_save, sender=Article)
def record_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        search_entries_refresh(kind=KINDS[sender], object_ids=[instance.pk])


@receiver(post_delete, sender=Person)
@receiver(post_delete, sender=Case)
@receiver(post_delete, sender=Facility)
@receiver(post_delete, sender=Article)
def record_deleted(sender, instance, **kwargs) -> None:
    search_entries_remove(kind=KINDS[sender], object_id=instance.pk)


@receiver(post_save, sender=PersonAlias)
@receiver(post_delete, sender=PersonAlias)
def alias_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        search_entries_refresh(kind=SearchEntry.Kind.PERSON, object_ids=[instance.person_id])


@receiver(post_save, sender=LegalCode)
def code_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        ids = Article.objects.filter(code=instance).values_list("pk", flat=True)
        search_entries_refresh(kind=SearchEntry.Kind.ARTICLE, object_ids=list(ids))


@receiver(post_save, sender=Region)
def region_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        ids = Facility.objects.filter(region=instance).values_list("pk", flat=True)
        search_entries_refresh(kind=SearchEntry.Kind.FACILITY, object_ids=list(ids))
