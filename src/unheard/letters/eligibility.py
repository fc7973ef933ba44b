"""Who can receive a letter through this site, and what to tell a supporter when not.

A letter is accepted only for a published person who is held now (pre-trial detention, a colony
or prison, compulsory psychiatric treatment, forced labour) in a published facility whose envelope
address we know (a facility still in draft counts as unknown), whom letters are known to reach or not known not to reach, and whom the group supports.
Everyone else gets a reason and something useful to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from unheard.core.visibility import is_public
from unheard.registry.models import Person


@dataclass(frozen=True)
class Eligibility:
    accepted: bool
    reason: str = ""
    explanation: Promise | str = ""
    instead: Promise | str = ""

    def __bool__(self) -> bool:
        return self.accepted


ACCEPTED = Eligibility(accepted=True)


def letter_eligibility(person: Person) -> Eligibility:
    if person.status == Person.Status.DECEASED:
        return Eligibility(
            False,
            "deceased",
            _("This person has died, so we no longer accept letters for them."),
            _("You can support their family or others in the same case; see the person's page."),
        )
    if person.status in (Person.Status.RELEASED, Person.Status.EMIGRATED):
        return Eligibility(
            False,
            "released",
            _("This person is no longer in prison, so letters can no longer reach them here."),
            _(
                "Write to someone who is still held: the list of people who get few letters is a good place to start."
            ),
        )
    if person.support_declined:
        return Eligibility(
            False,
            "declined",
            _("Our group does not forward letters to this person."),
            _("Please read the note on the person's page, or write to someone else who is held."),
        )
    facility = person.current_facility
    if not person.is_held or not is_public(facility) or not facility.postal_address.strip():
        return Eligibility(
            False,
            "no_address",
            _("We do not know where this person is held now, so we cannot deliver a letter."),
            _(
                "Transfers can take weeks. Please check again later, or write to someone else who is held now."
            ),
        )
    if person.letters_reach == Person.LetterReach.NO:
        return Eligibility(
            False,
            "not_reaching",
            _("Letters do not reach this person at the moment."),
            _("Please check again later, or write to someone else who is held now."),
        )
    return ACCEPTED
