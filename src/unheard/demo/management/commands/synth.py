import time

from django.core.management.base import BaseCommand, CommandError

from unheard.demo.synthetic import SyntheticDataRefused, people_synthesise, synthetic_purge


class Command(BaseCommand):
    help = (
        "Add synthetic people (Faker's Russian names, marked synthetic, never shown in public) "
        "for benchmarks, or remove them with --purge."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=0, help="How many people to add.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds real published people.",
        )
        parser.add_argument(
            "--purge", action="store_true", help="Remove all synthetic people and their records."
        )

    def handle(self, *args, people=0, seed=0, force=False, purge=False, **options):
        if purge:
            removed = synthetic_purge()
            self.stdout.write(f"Removed {removed} synthetic people.")
            if not people:
                return
        if people < 1:
            raise CommandError("Say how many people to add with --people N (or use --purge).")
        start = time.perf_counter()
        try:
            report = people_synthesise(count=people, seed=seed, force=force)
        except SyntheticDataRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            f"Added {report.people} synthetic people, {report.cases} cases, "
            f"{report.facilities} facilities, {report.charges} charges and "
            f"{report.entries} search entries in {time.perf_counter() - start:.1f} s."
        )
