from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from unheard.sharing import keys


class Command(BaseCommand):
    help = (
        "Create this instance's sharing key (UNHEARD_SHARING_KEY_FILE) if it has none, and print "
        "the public key to give to hub instances."
    )

    def handle(self, *args, **options):
        key = keys.private_key()
        if key is None:
            path = Path(settings.UNHEARD_SHARING_KEY_FILE)
            key = keys.key_file_create(path)
            self.stderr.write(f"New private key written to {path} (keep it secret, back it up).")
        self.stdout.write(keys.public_key_text(key))
