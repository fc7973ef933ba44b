from django.core.management.base import BaseCommand

from unheard.actions.services import signups_purge


class Command(BaseCommand):
    help = (
        "Delete the sign-ups of actions that ended UNHEARD_ACTION_SIGNUP_RETENTION_DAYS ago "
        "and erase their proposers' names and e-mails. Run daily."
    )

    def handle(self, *args, **options):
        count = signups_purge()
        self.stdout.write(f"Deleted {count} sign-ups of past actions.")
