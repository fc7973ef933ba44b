"""`unheard scheduler`: every app's periodic jobs, each run once when due, failures recorded."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.utils import timezone

from unheard.core import scheduler
from unheard.core.models import ScheduledRun
from unheard.core.plugins import ScheduledJob, scheduled_jobs

pytestmark = pytest.mark.django_db

EXPECTED = {
    "core.audit_purge",
    "core.database_analyse",
    "letters.send_mail",
    "letters.purge",
    "actions.send_mail",
    "actions.remind",
    "actions.purge",
    "agenda.send_reminders",
    "petitions.send_mail",
    "publishing.send_mail",
    "publishing.send_digest",
    "sharing.pull",
}


def test_the_jobs_the_operators_guide_lists_are_declared_and_name_real_commands():
    jobs = scheduled_jobs()
    assert {job.name for job in jobs} >= EXPECTED
    commands = get_commands()
    assert [job.command for job in jobs if job.command not in commands] == []
    assert len({job.name for job in jobs}) == len(jobs)


def test_once_runs_every_due_job_then_nothing_until_each_is_due_again():
    output = StringIO()
    call_command("scheduler", "--once", stdout=output)
    ran = {line.split()[2].rstrip(":") for line in output.getvalue().splitlines()}
    assert ran == {job.name for job in scheduled_jobs()}
    assert ScheduledRun.objects.filter(succeeded=True).count() == len(ran)

    assert scheduler.jobs_run_due() == []

    an_hour_later = timezone.now() + timedelta(hours=1, minutes=1)
    again = {job.name for job, _ok in scheduler.jobs_run_due(now=an_hour_later)}
    hourly_or_more_often = {job.name for job in scheduled_jobs() if job.every <= timedelta(hours=1)}
    assert again == hourly_or_more_often


def test_a_run_is_claimed_by_one_scheduler_only():
    job = ScheduledJob("test.claim", "audit_purge", timedelta(minutes=10))
    now = timezone.now()
    assert scheduler.job_claim(job, now=now) is True
    assert scheduler.job_claim(job, now=now) is False
    assert scheduler.job_claim(job, now=now + timedelta(minutes=9)) is False
    assert scheduler.job_claim(job, now=now + timedelta(minutes=10)) is True


def test_a_failing_job_is_recorded_with_its_error_and_the_rest_still_run(monkeypatch):
    failing = ScheduledJob("test.failing", "audit_purge", timedelta(days=1), args=("--days", "0"))
    fine = ScheduledJob("test.fine", "audit_purge", timedelta(days=1))
    monkeypatch.setattr(scheduler, "scheduled_jobs", lambda: [failing, fine])

    results = {job.name: ok for job, ok in scheduler.jobs_run_due()}

    assert results == {"test.failing": False, "test.fine": True}
    failed = ScheduledRun.objects.get(job="test.failing")
    assert failed.succeeded is False and "--days must be at least 1" in failed.output
    assert ScheduledRun.objects.get(job="test.fine").succeeded is True


def test_list_shows_each_job_with_its_command_and_when_it_is_due():
    output = StringIO()
    call_command("scheduler", "--list", stdout=output)
    text = output.getvalue()
    assert "letters.send_mail" in text and "unheard letters_send_mail" in text
    assert "next: now" in text and "never run" in text


def test_sqlite_statistics_are_refreshed_so_the_planner_sees_the_registry_size():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    executed = []

    def logged(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(logged):
        call_command("database_analyse", stdout=StringIO())
    assert executed == ["ANALYZE", "PRAGMA optimize"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        assert cursor.fetchone()[0] > 0
