"""The role groups hold what each app asks of them, and nothing confidential leaks to other roles."""

import pytest
from django.contrib.auth.models import Group

from tests.funds.test_admin import TREASURER_PERMISSIONS
from unheard.letters.roles import LETTER_MODERATION

pytestmark = pytest.mark.django_db


def permissions_of(role: str) -> set[tuple[str, str]]:
    group = Group.objects.get(name=role)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_treasurer_holds_the_funds_permissions():
    assert permissions_of("treasurer") >= TREASURER_PERMISSIONS


def test_letter_moderator_holds_moderation_but_not_author_contacts():
    held = permissions_of("letter moderator")
    assert held >= {tuple(permission.split(".", 1)) for permission in LETTER_MODERATION}
    assert ("letters", "view_author_contact") not in held


@pytest.mark.parametrize(
    "role", ["editor", "reviewer", "translator", "letter moderator", "organiser"]
)
def test_only_treasurer_and_admin_see_donors(role):
    assert ("funds", "view_donor") not in permissions_of(role)
    assert ("funds", "view_beneficiary") not in permissions_of(role)


def test_admin_holds_everything():
    assert ("letters", "view_author_contact") in permissions_of("admin")
    assert ("funds", "view_donor") in permissions_of("admin")
