from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from unheard.opendata.services import snapshot_take


class Command(BaseCommand):
    help = "Keep today's open data as a snapshot dated today, downloadable for good."

    def handle(self, *args, **options):
        try:
            snapshot = snapshot_take(acting_user=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        rows = ", ".join(f"{name} {count}" for name, count in snapshot.counts.items())
        self.stdout.write(f"Snapshot of {snapshot.day}: {rows}.")
