import time

from django.core.management.base import BaseCommand

from unheard.stats.services import custody_periods_rebuild


class Command(BaseCommand):
    help = (
        "Recompute every period of custody the statistics read a past date from, from the public"
        " record. Saves and deletes keep them in step; run this after bulk writes to the"
        " registry (bulk_create, QuerySet.update, loaddata), which send no signals."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = custody_periods_rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(f"{written} periods of custody written in {seconds:.1f} s.")
