"""The life of a letter: which status may follow which, and who may move it.

    submitted ──(author confirms by e-mail)──▶ confirmed ──▶ in moderation
    confirmed / in moderation ──▶ approved | returned to the author for changes | rejected
    returned to the author for changes ──(author revises)──▶ in moderation
    approved ──▶ sent (printed batch or electronic service) ──▶ delivered | returned undelivered
    returned undelivered ──▶ approved (to be sent again)

A letter is never deleted once its author has confirmed it ("nothing lost once acknowledged");
rejected letters keep their text until the retention period ends (`retention.py`). A flagged
letter cannot be approved until the flag is cleared, and a letter not written in Russian is not
printed until its Russian translation has been reviewed: censors read only Russian.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from unheard.letters.models import Letter

S = Letter.Status

TRANSITIONS: dict[str, set[str]] = {
    S.SUBMITTED: {S.CONFIRMED},
    S.CONFIRMED: {S.IN_MODERATION, S.APPROVED, S.EDIT_REQUESTED, S.REJECTED},
    S.IN_MODERATION: {S.APPROVED, S.EDIT_REQUESTED, S.REJECTED},
    S.EDIT_REQUESTED: {S.IN_MODERATION, S.REJECTED},
    S.APPROVED: {S.SENT, S.REJECTED},
    S.SENT: {S.DELIVERED, S.RETURNED},
    S.RETURNED: {S.APPROVED},
    S.DELIVERED: set(),
    S.REJECTED: set(),
}


class LetterStateError(Exception):
    """A change the workflow does not allow; the message is meant for the person who tried."""


def check_transition(letter: Letter, to: str) -> None:
    if to not in TRANSITIONS[letter.status]:
        raise LetterStateError(
            _("A letter that is “%(current)s” cannot become “%(new)s”.")
            % {"current": letter.get_status_display(), "new": S(to).label}
        )
