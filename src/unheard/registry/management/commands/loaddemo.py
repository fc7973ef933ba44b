from django.core.management.base import BaseCommand

from unheard.registry.demo_loader import demo_load


class Command(BaseCommand):
    help = "Load the demo registry from the seed documents (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Rebuild demo people from the files, discarding edits.",
        )

    def handle(self, *args, refresh: bool = False, **options):
        report = demo_load(refresh=refresh)
        created = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
        self.stdout.write(f"Demo data loaded: {created or 'nothing new'}.")
        if report.skipped_people:
            self.stdout.write(f"{report.skipped_people} people already present, left unchanged.")
