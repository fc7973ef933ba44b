"""The status order of `workflow.py`: every change it does not list is refused."""

import pytest

from unheard.letters.models import Letter
from unheard.letters.workflow import TRANSITIONS, LetterStateError, check_transition

ALL = [status for status, _label in Letter.Status.choices]


def test_every_status_has_its_transitions():
    assert set(TRANSITIONS) == set(ALL)


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("new", ALL)
def test_transitions(current, new):
    letter = Letter(status=current)
    if new in TRANSITIONS[current]:
        check_transition(letter, new)
    else:
        with pytest.raises(LetterStateError):
            check_transition(letter, new)


def test_nothing_leaves_delivered_or_rejected():
    assert TRANSITIONS[Letter.Status.DELIVERED] == set()
    assert TRANSITIONS[Letter.Status.REJECTED] == set()
