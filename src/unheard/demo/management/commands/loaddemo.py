from django.core.management.base import BaseCommand

from unheard.core import plugins
from unheard.core.models import DemoData


class Command(BaseCommand):
    help = (
        "Load the demo data from the seed documents (idempotent): the loader each app declares, "
        "in dependency order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Rebuild demo records from the files, discarding edits.",
        )

    def handle(self, *args, refresh: bool = False, **options):
        for loader in plugins.demo_loaders():
            report = loader.run(refresh=refresh)
            created = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
            self.stdout.write(f"{loader.load}: {created or 'nothing new'}.")
            if getattr(report, "skipped_people", 0):
                self.stdout.write(
                    f"{report.skipped_people} people already present, left unchanged."
                )
        # Every page now says that it shows demonstration records (and example bank accounts).
        DemoData.mark_loaded()
