from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from unheard.core.audit import audit_purge


class Command(BaseCommand):
    help = "Delete audit log rows older than UNHEARD_AUDIT_RETENTION_DAYS (run it daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.UNHEARD_AUDIT_RETENTION_DAYS,
            help="Keep this many days (default: UNHEARD_AUDIT_RETENTION_DAYS).",
        )

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = audit_purge(older_than_days=days)
        self.stdout.write(f"Deleted {deleted} audit log rows older than {days} days.")
