"""Background work (django-tasks): the signers' confirmation e-mails."""

from __future__ import annotations

from django_tasks import task


@task()
def send_signature_confirmation(signature_id: int) -> bool:
    from unheard.petitions.notifications import confirmation_send

    return confirmation_send(signature_id=signature_id)
