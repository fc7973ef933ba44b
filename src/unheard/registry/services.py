"""Writes to the registry that involve more than one row."""

from __future__ import annotations

from django.db import transaction

from unheard.registry.models import Person
from unheard.registry.release import estimate_release
from unheard.registry.selectors import person_custody


@transaction.atomic
def person_release_recompute(*, person: Person) -> None:
    """Recompute the expected release date (Article 72) from the record as it stands now."""
    custody = person_custody(person=person)
    if custody is None or person.status in (
        Person.Status.RELEASED,
        Person.Status.DECEASED,
        Person.Status.EMIGRATED,
    ):
        expected, computation = None, {}
    else:
        estimate = estimate_release(custody)
        expected, computation = estimate.date, estimate.as_json()
    if (person.expected_release, person.release_computation) != (expected, computation):
        Person.objects.filter(pk=person.pk).update(
            expected_release=expected, release_computation=computation
        )
        person.expected_release, person.release_computation = expected, computation
