from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unheard.brochure.build import BrochureRefused, brochure_render


class Command(BaseCommand):
    help = "Print the registry as a brochure (PDF) in one language."

    def add_arguments(self, parser):
        parser.add_argument("--lang", required=True, help="ru, en, de or fr.")
        parser.add_argument("--case", action="append", default=[], help="A case's slug (repeat).")
        parser.add_argument("--people", nargs="*", default=[], help="People's slugs.")
        parser.add_argument("--out", required=True, help="The PDF file to write.")

    def handle(self, *args, lang, case, people, out, **options):
        try:
            pdf = brochure_render(language=lang, case_slugs=case, person_slugs=people)
        except BrochureRefused as error:
            raise CommandError(str(error)) from error
        Path(out).write_bytes(pdf.content)
        self.stdout.write(f"Brochure in {out}: {pdf.pages} pages.")
