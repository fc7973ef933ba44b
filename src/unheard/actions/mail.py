"""E-mail from the actions app through the outbox (`unheard.core.outbox`).

A service writes an `ActionMail` row in its own transaction; once that commits, the background
task sends it over SMTP. A crash between the two leaves the row unsent, and `unheard
actions_send_mail` (run by `unheard scheduler`) sends whatever is still waiting. E-mails to supporters are
written when they are sent, so the signed links in them are never stored.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from unheard.actions.links import Purpose, link_for
from unheard.actions.models import ActionMail
from unheard.core.outbox import RETRY_AFTER, outbox_enqueue, outbox_send, outbox_waiting

Kind = ActionMail.Kind


def mail_queue(**fields) -> ActionMail:
    mail = ActionMail.objects.create(**fields)
    transaction.on_commit(lambda: mail_enqueue(mail_id=mail.pk))
    return mail


def mail_enqueue(*, mail_id: int) -> None:
    from unheard.actions.tasks import send_action_mail

    outbox_enqueue(send_action_mail, mail_id=mail_id)


def _subject(mail: ActionMail, title: str) -> str:
    subjects = {
        Kind.SIGN_UP_CONFIRM: _("Please confirm that you are joining “%(title)s”"),
        Kind.SIGN_UP_CONFIRMED: _("You are taking part in “%(title)s”"),
        Kind.SIGN_UP_PROMOTED: _("A place is free for you at “%(title)s”"),
        Kind.REMINDER: _("Tomorrow: “%(title)s”"),
        Kind.PROPOSAL_CONFIRM: _("Please confirm the action you proposed: “%(title)s”"),
    }
    if mail.kind == Kind.GROUP_MESSAGE:
        return mail.subject
    return subjects[mail.kind] % {"title": title}


def _recipient(mail: ActionMail) -> str:
    if mail.sign_up_id:
        return mail.sign_up.email
    if mail.group_id:
        return mail.group.email
    return mail.action.proposer_email


def mail_message(mail: ActionMail) -> EmailMessage:
    """Write the e-mail in its reader's language, with fresh signed links where it needs them."""
    action = mail.sign_up.action if mail.sign_up_id else mail.action
    with translation.override(mail.language):
        context = {
            "mail": mail,
            "action": action,
            "site_name": settings.UNHEARD_SITE_NAME,
            "site_url": settings.UNHEARD_SITE_URL.rstrip("/"),
            "hours": settings.UNHEARD_ACTION_CONFIRMATION_HOURS,
        }
        if mail.sign_up_id:
            context["name"] = mail.sign_up.name
            context["waiting"] = mail.sign_up.status == mail.sign_up.Status.WAITING
            context["confirm_link"] = link_for(mail.sign_up_id, Purpose.CONFIRM_SIGN_UP)
            context["cancel_link"] = link_for(mail.sign_up_id, Purpose.CANCEL_SIGN_UP)
        if mail.kind == Kind.PROPOSAL_CONFIRM:
            context["confirm_link"] = link_for(action.pk, Purpose.CONFIRM_PROPOSAL)
        if action is not None:
            context["action_link"] = context["site_url"] + action.get_absolute_url()
        subject = _subject(mail, action.title if action else "")
        body = render_to_string(f"actions/email/{mail.kind}.txt", context)
    return EmailMessage(subject=subject, body=body, to=[_recipient(mail)])


def mail_deliver(*, mail_id: int) -> bool:
    """Send one queued e-mail; True if it went out now. Errors are recorded, then raised."""
    rows = ActionMail.objects.select_related("sign_up__action", "action", "group")
    return outbox_send(rows, mail_id, mail_message)


def mails_retry(*, older_than: dt.timedelta = RETRY_AFTER) -> int:
    """Enqueue again every e-mail still unsent after a while (a lost task, a failed SMTP call)."""
    waiting = outbox_waiting(ActionMail, older_than=older_than)
    for pk in waiting:
        mail_enqueue(mail_id=pk)
    return len(waiting)
