from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from unheard.funds.services import rates_import


class Command(BaseCommand):
    help = (
        "Import an ECB reference-rate CSV file (eurofxref.csv or eurofxref-hist.csv) or a Central"
        " Bank of Russia XML file (XML_daily.asp or XML_dynamic.asp)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            result = rates_import(data=file.read_bytes())
        except (OSError, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.saved} rates from {result.first} to {result.last}; "
            f"{result.kept_manual} entered by hand kept; {result.reconverted} entries converted again."
        )
