from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from unheard.ops.backup import BackupError, backup_restore, passphrase_from_environment


class Command(BaseCommand):
    help = (
        "Restores a backup made by `unheard backup` into an empty database and an empty media "
        "folder (passphrase in UNHEARD_BACKUP_PASSPHRASE). Then run `unheard migrate`."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, archive: Path, database: str, **options):
        if not archive.is_file():
            raise CommandError(f"No backup file at {archive}.")
        try:
            manifest = backup_restore(
                archive=archive,
                passphrase=passphrase_from_environment(),
                using=database,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: the {manifest['database']} "
            f"database and {manifest['media_files']} media files. Now run `unheard migrate`."
        )
