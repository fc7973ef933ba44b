import time

from django.core.management.base import BaseCommand

from unheard.stats.services import charges_counted_rebuild, prosecutions_counted_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the dates from which every charge and prosecution counts in the statistics on"
        " a past date,"
        " from the public record. Saves and deletes keep them in step; run this after bulk writes"
        " to the registry (bulk_create, QuerySet.update, loaddata), which send no signals."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        charges = charges_counted_rebuild()
        prosecutions = prosecutions_counted_rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{charges} counted charges and {prosecutions} prosecutions written in {seconds:.1f} s."
        )
