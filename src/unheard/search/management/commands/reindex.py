from django.core.management.base import BaseCommand

from unheard.search.models import SearchEntry
from unheard.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of published people, cases, facilities and articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            choices=SearchEntry.Kind.values,
            help="Only this kind of record (repeatable); all kinds by default.",
        )

    def handle(self, *args, kind=None, **options):
        counts = search_index_rebuild(kinds=kind)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} entries")
