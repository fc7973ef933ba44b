import pytest
from django.contrib.auth.models import Group, Permission

from tests import factories as f

# What the "letter moderator" role needs (to be added to core/roles.py by the lead).
LETTER_MODERATOR = [
    ("letters", "view_letter"),
    ("letters", "moderate_letter"),
    ("letters", "translate_letter"),
    ("letters", "deliver_letter"),
    ("letters", "prepare_evening_pack"),
    ("letters", "view_deliverybatch"),
    ("letters", "view_reply"),
    ("letters", "add_reply"),
    ("letters", "change_reply"),
    ("letters", "view_letterrules"),
    ("letters", "add_letterrules"),
    ("letters", "change_letterrules"),
]


def grant(group_name: str, pairs) -> Group:
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codename in pairs:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


@pytest.fixture
def moderator(make_staff):
    grant("letter moderator", LETTER_MODERATOR)
    return make_staff("moderator", "letter moderator")


@pytest.fixture
def person(db):
    return f.writable_person()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a service left for after its commit (e-mails, PDFs), as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
