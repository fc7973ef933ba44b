from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from unheard.ops.backup import BackupError, backup_create, passphrase_from_environment


class Command(BaseCommand):
    help = (
        "Writes the database and the media folder to one encrypted archive "
        "(passphrase in UNHEARD_BACKUP_PASSPHRASE). See unheard/ops/backup.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            required=True,
            type=Path,
            help="The archive to write, or a folder to write unheard-YYYYMMDD-HHMMSS.backup in.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, out: Path, database: str, **options):
        try:
            summary = backup_create(
                out=out,
                passphrase=passphrase_from_environment(),
                using=database,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Backup written to {summary.path} ({summary.archive_bytes} bytes, encrypted): "
            f"the {summary.database_kind} database and {summary.media_files} media files "
            f"({summary.media_bytes} bytes)."
        )
