from django.core.management.base import BaseCommand
from django.db import transaction

from unheard.publishing.services import digests_queue


class Command(BaseCommand):
    help = "Queue the weekly digest for every confirmed subscriber due one (run weekly from cron)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = digests_queue()
        self.stdout.write(f"{count} digests queued")
