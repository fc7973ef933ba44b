from django.core.management.base import BaseCommand

from unheard.actions.mail import mails_retry


class Command(BaseCommand):
    help = "Send again the actions' e-mails still waiting in the outbox (run from cron)."

    def handle(self, *args, **options):
        count = mails_retry()
        self.stdout.write(f"{count} e-mails queued again")
