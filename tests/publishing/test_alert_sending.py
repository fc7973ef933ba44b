"""How alerts leave (docs/publishing.md, "Sending"): through the outbox and the database task
queue in batches of `UNHEARD_ALERT_BATCH_SIZE`, one SMTP connection per batch, a pause of
`UNHEARD_ALERT_PAUSE_SECONDS` between messages, and a failed message retried by
`publishing_send_mail` once it has waited ten minutes. Real SMTP server, real task queue and
worker (django-tasks-db's `db_worker`)."""

import datetime as dt
import io
import socket
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tests import factories as f
from tests.publishing.conftest import recent
from unheard.core.models import PublicationState
from unheard.core.outbox import CLAIM_FOR, MAX_ATTEMPTS
from unheard.publishing.models import Alert, OutgoingMail, Subscription
from unheard.registry.models import TimelineEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks, monkeypatch):
    """One run of the task worker until the queue is empty. What its tasks hand to the queue
    after their commit is queued when the run ends (the test's transaction never commits).
    The worker drops the database connection between tasks when it is not in autocommit, as
    inside the test's transaction; on PostgreSQL that would end the test's transaction."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


def followers(count: int) -> list[Subscription]:
    return [
        Subscription.objects.create(
            email=f"follower{n}@example.org",
            language="en",
            scope=Subscription.Scope.REGISTRY,
            confirmed_at=timezone.now(),
        )
        for n in range(count)
    ]


def transfer(person, callbacks) -> Alert:
    """A published transfer: its alert's fan-out goes to the task queue after the commit."""
    facility = f.published(f.sourced(f.FacilityFactory()))
    with callbacks(execute=True):
        event = TimelineEvent.objects.create(
            person=person,
            kind="transfer",
            date=recent(),
            facility=facility,
            publication_state=PublicationState.PUBLISHED,
        )
    return Alert.objects.get(event=event)


def queued_batches() -> list[list[int]]:
    tasks = DBTaskResult.objects.filter(task_path__endswith=".send_mails").order_by("enqueued_at")
    return [task.args_kwargs["kwargs"]["mail_ids"] for task in tasks]


def test_a_fan_out_is_queued_in_batches_each_sent_over_one_connection(
    person, smtp_server, settings, database_tasks, run_worker, django_capture_on_commit_callbacks
):
    settings.UNHEARD_ALERT_BATCH_SIZE = 3
    settings.UNHEARD_ALERT_PAUSE_SECONDS = 0
    followers(7)
    transfer(person, django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.filter(task_path__endswith=".fan_out_alert").count() == 1
    assert queued_batches() == [] and smtp_server.messages == []

    run_worker()  # the fan-out: seven outbox rows, handed over in three tasks
    mails = list(OutgoingMail.objects.order_by("pk").values_list("pk", flat=True))
    assert len(mails) == 7
    assert queued_batches() == [mails[0:3], mails[3:6], mails[6:7]]
    assert smtp_server.messages == []

    run_worker()  # the sending
    messages = smtp_server.wait_for(7)
    assert sorted(m.envelope_recipients[0] for m in messages) == [
        f"follower{n}@example.org" for n in range(7)
    ]
    assert sorted(Counter(m.peer for m in messages).values()) == [1, 3, 3]
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()


def test_a_batch_pauses_between_messages(
    person, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.UNHEARD_ALERT_BATCH_SIZE = 100
    settings.UNHEARD_ALERT_PAUSE_SECONDS = 0.2
    followers(4)
    transfer(person, django_capture_on_commit_callbacks)  # the immediate task backend sends
    messages = smtp_server.wait_for(4)
    assert len(messages) == 4 and len({m.peer for m in messages}) == 1
    arrivals = [m.received_at for m in messages]
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:], strict=False)]
    assert min(gaps) >= 0.2, gaps


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def cron_run() -> int:
    """`unheard publishing_send_mail` as cron runs it; how many e-mails it queued again."""
    output = io.StringIO()
    call_command("publishing_send_mail", stdout=output)
    return int(output.getvalue().split()[0])


def test_a_refused_or_unreachable_send_waits_ten_minutes_then_goes_out(
    person, smtp_server, settings, database_tasks, run_worker, django_capture_on_commit_callbacks
):
    settings.UNHEARD_ALERT_PAUSE_SECONDS = 0
    busy, delivered = followers(2)
    smtp_server.refused.add(busy.email)
    transfer(person, django_capture_on_commit_callbacks)
    run_worker()  # the fan-out
    run_worker()  # one batch: the busy mailbox refuses, the other e-mail goes out
    assert [m.envelope_recipients for m in smtp_server.wait_for(1)] == [[delivered.email]]
    mail = OutgoingMail.objects.get(subscription=busy)
    assert mail.sent_at is None and mail.attempts == 1 and "451" in mail.last_error
    assert cron_run() == 0  # too early: it waits ten minutes

    # Ten minutes on, the server is unreachable: the retry fails at connecting and waits again.
    smtp_server.refused.clear()
    OutgoingMail.objects.filter(pk=mail.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=11)
    )
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, closed_port()
    assert cron_run() == 1
    run_worker()
    mail.refresh_from_db()
    assert mail.sent_at is None and mail.attempts == 2 and "Connection" in mail.last_error

    # The server is back: the next cron run queues it again and the worker sends it.
    settings.EMAIL_PORT = port
    assert cron_run() == 1
    run_worker()
    assert [m.envelope_recipients for m in smtp_server.wait_for(2)][1] == [busy.email]
    mail.refresh_from_db()
    assert mail.sent_at is not None and mail.attempts == 3 and mail.last_error == ""
    assert cron_run() == 0


def test_an_email_tried_the_most_times_is_given_up(database_tasks):
    (follower,) = followers(1)
    mail = OutgoingMail.objects.create(subscription=follower, kind=OutgoingMail.Kind.DIGEST)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=1), attempts=MAX_ATTEMPTS
    )
    assert cron_run() == 0 and queued_batches() == []
    OutgoingMail.objects.filter(pk=mail.pk).update(attempts=MAX_ATTEMPTS - 1)
    assert cron_run() == 1 and queued_batches() == [[mail.pk]]


def test_an_email_another_worker_is_sending_is_not_sent_twice(
    person, smtp_server, settings, database_tasks, run_worker, django_capture_on_commit_callbacks
):
    """A batch queued again by cron while its first task still waited, run by a second worker
    while the first sends: each e-mail is taken before it is sent (`core.outbox.outbox_claim`),
    so the second worker skips the one the first holds; a claim older than `CLAIM_FOR` (a
    worker that died) no longer holds."""
    settings.UNHEARD_ALERT_PAUSE_SECONDS = 0
    held, free = followers(2)
    transfer(person, django_capture_on_commit_callbacks)
    run_worker()  # the fan-out
    OutgoingMail.objects.filter(subscription=held).update(claimed_at=timezone.now())
    run_worker()  # this worker's batch: the e-mail the other worker holds is left to it
    assert [m.envelope_recipients for m in smtp_server.wait_for(1)] == [[free.email]]
    mail = OutgoingMail.objects.get(subscription=held)
    assert mail.sent_at is None and mail.attempts == 0

    OutgoingMail.objects.filter(pk=mail.pk).update(
        claimed_at=timezone.now() - CLAIM_FOR - dt.timedelta(seconds=1),
        created_at=timezone.now() - dt.timedelta(minutes=11),
    )
    assert cron_run() == 1
    run_worker()
    assert [m.envelope_recipients for m in smtp_server.wait_for(2)][1] == [held.email]
    assert len(smtp_server.messages) == 2
