"""Background work (django-tasks): reminder e-mails and their confirmations."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminder_confirmation(subscription_id: int) -> bool:
    from unheard.agenda.notifications import confirmation_send

    return confirmation_send(subscription_id=subscription_id)


@task()
def send_reminder(reminder_id: int) -> bool:
    from unheard.agenda.notifications import reminder_send

    return reminder_send(reminder_id=reminder_id)
