"""Background work (django-tasks): e-mail and the reminders the day before an action.

Start a worker beside the web server with `unheard db_worker`; run `unheard actions_remind`
(which enqueues `send_reminders`) from cron once an hour. Arguments are plain ids.
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_action_mail(mail_id: int) -> bool:
    from unheard.actions.mail import mail_deliver

    return mail_deliver(mail_id=mail_id)


@task()
def send_reminders() -> int:
    from unheard.actions.services import reminders_send

    return reminders_send()
