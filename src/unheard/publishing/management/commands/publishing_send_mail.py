import datetime as dt

from django.core.management.base import BaseCommand

from unheard.publishing.outbox import mails_retry


class Command(BaseCommand):
    help = "Queue again subscribers' e-mails still unsent after ten minutes (run from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-minutes", type=int, default=10)

    def handle(self, *args, older_than_minutes: int, **options):
        count = mails_retry(older_than=dt.timedelta(minutes=older_than_minutes))
        self.stdout.write(f"{count} e-mails queued again")
