from django.core.management.base import BaseCommand

from unheard.actions.tasks import send_reminders


class Command(BaseCommand):
    help = "Queue the reminders to everyone taking part in an action tomorrow (run hourly)."

    def handle(self, *args, **options):
        send_reminders.enqueue()
