from django.core.management.base import BaseCommand

from unheard.funds.services import conversions_refresh


class Command(BaseCommand):
    help = (
        "Convert every ledger entry, aid record and cost again at the stored rates "
        "(after changing UNHEARD_REPORTING_CURRENCY or correcting rates)."
    )

    def handle(self, *args, **options):
        changed = conversions_refresh()
        self.stdout.write(f"{changed} entries converted again.")
