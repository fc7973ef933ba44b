"""The periodic jobs every app declares (`ScheduledJob`), run by `unheard scheduler`.

Policy:
* A job is a management command run every `every`, counted from its last start. The last start
  of each job is kept in the database (`ScheduledRun`), so a restarted scheduler does not run a
  job before it is due, and two schedulers (two app servers) never start the same run twice: a
  run is claimed by one UPDATE whose condition is "not started since it became due", which only
  one of them can satisfy, on SQLite and on PostgreSQL.
* A failing job is logged with its traceback and recorded as failed; the other jobs still run,
  and the failed one runs again when it is next due.
"""

from __future__ import annotations

import io
import logging
import traceback
from dataclasses import dataclass
from datetime import datetime

from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from .models import ScheduledRun
from .plugins import ScheduledJob, scheduled_jobs

logger = logging.getLogger(__name__)
OUTPUT_KEPT = 4000


@dataclass(frozen=True)
class JobState:
    job: ScheduledJob
    last: ScheduledRun | None

    @property
    def next_due(self) -> datetime | None:
        """None when the job has never run: it is due at once."""
        if self.last is None or self.last.started_at is None:
            return None
        return self.last.started_at + self.job.every


def jobs_state() -> list[JobState]:
    runs = {run.job: run for run in ScheduledRun.objects.all()}
    return [JobState(job, runs.get(job.name)) for job in scheduled_jobs()]


def job_claim(job: ScheduledJob, *, now: datetime) -> bool:
    """True if this process may start `job` now (it was due and nobody else took it)."""
    ScheduledRun.objects.bulk_create([ScheduledRun(job=job.name)], ignore_conflicts=True)
    due = Q(started_at__isnull=True) | Q(started_at__lte=now - job.every)
    claimed = ScheduledRun.objects.filter(due, job=job.name).update(started_at=now)
    return claimed == 1


def job_run(job: ScheduledJob) -> bool:
    """Run `job` once and record how it ended; True if it succeeded."""
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception:  # noqa: BLE001 - one failing job must not stop the others
        logger.exception("scheduled job %s failed", job.name)
        succeeded, text = False, traceback.format_exc()
    else:
        succeeded, text = True, output.getvalue()
    ScheduledRun.objects.filter(job=job.name).update(
        finished_at=timezone.now(), succeeded=succeeded, output=text[-OUTPUT_KEPT:]
    )
    return succeeded


def jobs_run_due(*, now: datetime | None = None) -> list[tuple[ScheduledJob, bool]]:
    """Run every job that is due and not taken by another scheduler; (job, succeeded) each."""
    now = now or timezone.now()
    return [(job, job_run(job)) for job in scheduled_jobs() if job_claim(job, now=now)]
