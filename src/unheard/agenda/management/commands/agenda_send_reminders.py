"""Queue today's birthday reminders and send what is still waiting. Run it daily from cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from unheard.agenda.models import Reminder
from unheard.agenda.services import reminder_enqueue, reminders_queue


class Command(BaseCommand):
    help = "Queue the birthday reminders due today and send any still waiting."

    def handle(self, *args, **options):
        queued = reminders_queue(today=timezone.localdate())
        waiting = Reminder.objects.filter(sent_at__isnull=True, attempts__lt=10)
        for pk in waiting.values_list("pk", flat=True):
            reminder_enqueue(reminder_id=pk)
        self.stdout.write(f"{queued} reminders queued")
