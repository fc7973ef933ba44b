import signal
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from unheard.core.scheduler import jobs_run_due, jobs_state


class Command(BaseCommand):
    help = (
        "Run the apps' periodic jobs (e-mail retries, reminders, digests, purges) when each is"
        " due. Runs until stopped; --once runs what is due and exits (for a timer or cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the due jobs once and exit.")
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_jobs",
            help="List the jobs and when each is due.",
        )
        parser.add_argument(
            "--interval", type=int, default=30, help="Seconds between checks (default 30)."
        )

    def handle(self, *args, once: bool, list_jobs: bool, interval: int, **options):
        if list_jobs:
            self.print_jobs()
            return
        if once:
            self.run_due()
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        while not stopping:
            self.run_due()
            for _second in range(max(interval, 1)):
                if stopping:
                    break
                time.sleep(1)

    def run_due(self) -> None:
        for job, succeeded in jobs_run_due():
            status = "done" if succeeded else self.style.ERROR("FAILED (see the log)")
            self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {job.name}: {status}")

    def print_jobs(self) -> None:
        for state in jobs_state():
            due = state.next_due
            when = "now" if due is None or due <= timezone.now() else f"{due:%Y-%m-%d %H:%M}"
            last = state.last
            result = (
                "never run"
                if last is None or last.succeeded is None
                else ("ok" if last.succeeded else "failed")
            )
            self.stdout.write(
                f"{state.job.name:32} every {state.job.every}  "
                f"unheard {state.job.command} {' '.join(state.job.args)}".rstrip()
                + f"  next: {when}  last: {result}"
            )
