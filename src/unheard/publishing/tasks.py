"""Background work (django-tasks): fanning an alert out to its subscribers, sending e-mail.

Arguments are plain ids, so a task finds the current state when it runs (an address deleted on
unsubscribe is not written to).
"""

from __future__ import annotations

from django_tasks import task


@task()
def fan_out_alert(alert_id: int) -> int:
    from unheard.publishing.services import alert_fan_out

    return alert_fan_out(alert_id=alert_id)


@task()
def send_mails(mail_ids: list[int]) -> int:
    from unheard.publishing.outbox import mails_send

    return mails_send(mail_ids=mail_ids)
