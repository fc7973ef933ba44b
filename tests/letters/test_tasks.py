"""Background tasks through django-tasks' database backend and its `db_worker` command."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests import factories as f
from unheard.core.outbox import CLAIM_FOR
from unheard.letters.models import LetterNotification
from unheard.letters.notifications import notification_queue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


def test_an_email_waits_in_the_database_until_the_worker_sends_it(database_tasks, smtp_server):
    letter = f.LetterFactory()
    notification = notification_queue(letter=letter, kind=LetterNotification.Kind.APPROVED)
    assert DBTaskResult.objects.count() == 1
    assert smtp_server.messages == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    smtp_server.wait_for(1)
    assert smtp_server.messages[0].envelope_recipients == [letter.author_email]
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 1


def test_a_failed_send_is_recorded_and_retried(database_tasks, smtp_server, settings):
    letter = f.LetterFactory()
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    notification = notification_queue(letter=letter, kind=LetterNotification.Kind.APPROVED)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    notification.refresh_from_db()
    assert notification.sent_at is None and notification.attempts == 1
    assert notification.last_error
    settings.EMAIL_PORT = real_port
    LetterNotification.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    call_command("letters_send_mail", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 2
    assert len(smtp_server.wait_for(1)) == 1


def test_an_email_another_worker_is_sending_is_not_sent_twice(database_tasks, smtp_server):
    """A retry queued while the first task still waited, run by a second worker while the first
    sends: the row is taken (`core.outbox.outbox_claim`), so the second does nothing. A claim
    left by a worker that died no longer holds after `CLAIM_FOR`."""
    letter = f.LetterFactory()
    notification = notification_queue(letter=letter, kind=LetterNotification.Kind.APPROVED)
    LetterNotification.objects.update(claimed_at=timezone.now())  # the other worker, sending
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    notification.refresh_from_db()
    assert notification.sent_at is None and notification.attempts == 0
    assert smtp_server.messages == []

    LetterNotification.objects.update(
        claimed_at=timezone.now() - CLAIM_FOR - dt.timedelta(seconds=1),
        created_at=timezone.now() - dt.timedelta(hours=1),
    )
    call_command("letters_send_mail", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 1
    assert len(smtp_server.wait_for(1)) == 1
