"""The demo with only a few people public: every kind of page, cheap to mirror several times."""

from unheard.core import plugins
from unheard.core.models import PublicationState
from unheard.registry.models import Case, Person


def demo_with_few_people(shown: int = 12) -> None:
    """Load the demo and make all but `shown` people drafts: Azat Miftakhov, his co-defendants
    and the first others by slug."""
    for loader in plugins.demo_loaders():
        loader.run()
    his_cases = Case.objects.filter(defendants__slug="azat-miftakhov")
    first = list(Person.objects.public().filter(cases__in=his_cases).values_list("pk", flat=True))
    first += list(Person.objects.public().order_by("slug").values_list("pk", flat=True))
    keep = list(dict.fromkeys(first))[:shown]
    Person.objects.public().exclude(pk__in=keep).update(publication_state=PublicationState.DRAFT)
