from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unheard.mirror.build import MirrorRefused, mirror_build


class Command(BaseCommand):
    help = (
        "Write every public page in every language, the open data and a search index into a "
        "folder that any static host or a USB stick can serve."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The folder to write.")
        parser.add_argument("--base-url", default="", help="The address the copy is served at.")
        parser.add_argument("--force", action="store_true", help="Replace a non-empty folder.")
        parser.add_argument(
            "--update", action="store_true", help="Rebuild what changed in an earlier mirror."
        )
        parser.add_argument(
            "--language", action="append", dest="languages", help="Only this language (repeat)."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="Processes rendering pages at once (default: 1).",
        )

    def handle(self, *args, out, base_url, force, update, languages, jobs, **options):
        try:
            report = mirror_build(
                out=Path(out),
                languages=languages,
                base_url=base_url,
                force=force,
                update=update,
                jobs=jobs,
            )
        except MirrorRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Mirror in {out}: {report.pages} pages, {report.files} files "
            f"({report.rendered} rendered) in {report.seconds:.1f} s."
        )
        for line in report.missing:
            self.stderr.write(f"left out: {line}")
