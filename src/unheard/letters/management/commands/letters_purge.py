from django.core.management.base import BaseCommand

from unheard.letters.retention import letters_purge_personal_data


class Command(BaseCommand):
    help = (
        "Erase letter authors' personal data once UNHEARD_LETTER_RETENTION_DAYS have passed "
        "since delivery, and delete submissions never confirmed. Run daily."
    )

    def handle(self, *args, **options):
        count = letters_purge_personal_data()
        self.stdout.write(f"Erased the personal data of {count} letter authors.")
