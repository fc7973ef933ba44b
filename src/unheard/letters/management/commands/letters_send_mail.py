from django.core.management.base import BaseCommand

from unheard.letters.notifications import notifications_retry


class Command(BaseCommand):
    help = "Enqueue again every e-mail to letter authors still unsent after ten minutes. Run often."

    def handle(self, *args, **options):
        count = notifications_retry()
        self.stdout.write(f"Enqueued {count} e-mails again.")
