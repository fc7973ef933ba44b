"""Send again the signers' confirmation e-mails that never went out. Run it from cron."""

from django.core.management.base import BaseCommand

from unheard.petitions.notifications import confirmations_retry


class Command(BaseCommand):
    help = "Queue again the confirmation e-mails of signatures whose e-mail never went out."

    def handle(self, *args, **options):
        self.stdout.write(f"{confirmations_retry()} confirmation e-mails queued again")
