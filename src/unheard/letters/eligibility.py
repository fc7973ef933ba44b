"""Who can receive a letter through this site, and what to tell a supporter when not.

A letter is accepted only for a published person who is held now (pre-trial detention, a colony
or prison, compulsory psychiatric treatment, forced labour) in a published facility whose
envelope address we know (a facility still in draft counts as unknown), whom letters are known to reach or not known not to reach, and whom the group supports.
Everyone else is told the true reason, in this order: the person has died; is not held (their
status is named: released, on probation, fined, under house arrest, status not known…); our group
does not forward letters to them; the place where they are held is not known; the place is known
but not its postal address; letters do not reach them now. Each reason comes with something
useful to do instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
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
WRITE_TO_SOMEONE_HELD = _(
    "Write to someone who is still held: the list of people who get few letters is a good place to start."
)


def _not_held(person: Person) -> Eligibility:
    if person.status == Person.Status.UNKNOWN or not person.status:
        explanation = gettext(
            "We do not know whether this person is held now, so we cannot forward a letter."
        )
    else:
        explanation = gettext(
            "This person is not in a prison or colony now (current status: %(status)s), so there"
            " is no prison address to send a letter to."
        ) % {"status": person.get_status_display()}
    return Eligibility(False, "not_held", explanation, WRITE_TO_SOMEONE_HELD)


def _no_address(person: Person) -> Eligibility:
    facility = person.current_facility
    if not is_public(facility):
        return Eligibility(
            False,
            "place_unknown",
            _("We do not know where this person is held now, so we cannot deliver a letter."),
            _(
                "Transfers can take weeks. Please check again later, or write to someone else who is held now."
            ),
        )
    return Eligibility(
        False,
        "address_unknown",
        gettext(
            "This person is held in %(facility)s, but we do not have the postal address of that"
            " place yet, so we cannot deliver a letter."
        )
        % {"facility": facility.name},
        _(
            "If you know the official address, please tell us. Meanwhile you can write to someone else who is held now."
        ),
    )


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
            WRITE_TO_SOMEONE_HELD,
        )
    if not person.is_held:
        return _not_held(person)
    if person.support_declined:
        return Eligibility(
            False,
            "declined",
            _("Our group does not forward letters to this person."),
            _("Please read the note on the person's page, or write to someone else who is held."),
        )
    facility = person.current_facility
    if not is_public(facility) or not facility.postal_address.strip():
        return _no_address(person)
    if person.letters_reach == Person.LetterReach.NO:
        return Eligibility(
            False,
            "not_reaching",
            _("Letters do not reach this person at the moment."),
            _("Please check again later, or write to someone else who is held now."),
        )
    return ACCEPTED
