"""Staff sessions: idle time-out, absolute lifetime, and the page where one ends them."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from unheard.accounts.models import StaffSession
from unheard.accounts.policy import SEEN_AT, SIGNED_IN_AT
from unheard.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def backdate(client, key: str, **ago) -> None:
    session = client.session
    session[key] = (timezone.now() - dt.timedelta(**ago)).timestamp()
    session.save()


def test_an_idle_staff_session_ends(client, make_staff, settings):
    settings.UNHEARD_STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(make_staff("erin", "editor"))
    assert client.get(reverse("admin:index")).status_code == 200
    backdate(client, SEEN_AT, minutes=29)
    assert client.get(reverse("admin:index")).status_code == 200  # still within the limit
    backdate(client, SEEN_AT, minutes=31)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session
    assert not StaffSession.objects.exists()


def test_a_staff_session_ends_after_its_lifetime_however_busy(client, make_staff, settings):
    settings.UNHEARD_STAFF_SESSION_MAX_HOURS = 12
    client.force_login(make_staff("erin", "editor"))
    backdate(client, SIGNED_IN_AT, hours=13)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_staff_see_their_sessions_and_end_another(make_staff, settings):
    settings.UNHEARD_AUDIT_ACCESS = True
    erin = make_staff("erin", "editor")
    laptop, phone = Client(HTTP_USER_AGENT="Laptop browser"), Client(HTTP_USER_AGENT="Phone")
    laptop.force_login(erin)
    phone.force_login(erin)
    make_staff("other", "editor")
    Client().force_login(erin.__class__.objects.get(username="other"))

    page = laptop.get(reverse("accounts:security"))
    sessions = page.context["sessions"]
    assert len(sessions) == 2 and sum(session.is_current for session in sessions) == 1
    other = next(session for session in sessions if not session.is_current)
    assert laptop.post(reverse("accounts:session_end", args=[other.pk])).status_code == 302

    assert phone.get(reverse("admin:index")).status_code == 302  # signed out there
    assert laptop.get(reverse("admin:index")).status_code == 200
    assert AuditEntry.objects.filter(action="staff_session_end", acting_user=erin).count() == 1


def test_nobody_ends_someone_elses_session(make_staff):
    erin, olga = make_staff("erin", "editor"), make_staff("olga", "editor")
    mine, theirs = Client(), Client()
    mine.force_login(erin)
    theirs.force_login(olga)
    session = StaffSession.objects.get(user=olga)
    assert mine.post(reverse("accounts:session_end", args=[session.pk])).status_code == 404
    assert theirs.get(reverse("admin:index")).status_code == 200


def test_every_back_office_page_links_to_ones_sessions(client, make_staff):
    client.force_login(make_staff("erin", "editor"))
    page = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("accounts:security")}"' in page
