import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def make_staff(db):
    """A staff user holding the given roles (groups)."""

    def make(username: str, *roles: str) -> User:
        user = User.objects.create_user(username=username, password="pw", is_staff=True)
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make
