"""Background work (django-tasks): e-mail, batch PDFs, the retention purge.

Start a worker beside the web server with `unheard db_worker`. Arguments are plain ids, so a task
finds the current state of the record when it runs.
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_letter_notification(notification_id: int) -> bool:
    from unheard.letters.notifications import notification_deliver

    return notification_deliver(notification_id=notification_id)


@task()
def render_delivery_batch(batch_id: int) -> int:
    from unheard.letters.services import batch_render

    return batch_render(batch_id=batch_id)


@task()
def purge_letter_personal_data() -> int:
    from unheard.letters.retention import letters_purge_personal_data

    return letters_purge_personal_data()
