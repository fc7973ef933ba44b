"""Sign-ups are kept only while their action needs them: deleted
`UNHEARD_ACTION_SIGNUP_RETENTION_DAYS` after it ends, with the proposer's contacts."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.actions.conftest import make_action
from unheard.actions import services
from unheard.actions.models import Action, ActionMail, SignUp
from unheard.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def signed_up(action, email):
    return SignUp.objects.create(action=action, name="Anna", email=email)


def test_sign_ups_go_a_configured_time_after_the_action_ends(settings):
    settings.UNHEARD_ACTION_SIGNUP_RETENTION_DAYS = 30
    past = make_action(
        slug="past",
        starts_at=timezone.now() - dt.timedelta(days=40),
        ends_at=timezone.now() - dt.timedelta(days=40) + dt.timedelta(hours=2),
        proposer_name="Boris",
        proposer_email="boris@example.org",
    )
    recent = make_action(
        slug="recent",
        starts_at=timezone.now() - dt.timedelta(days=5),
        ends_at=timezone.now() - dt.timedelta(days=5) + dt.timedelta(hours=2),
    )
    historical = make_action(
        slug="historical", starts_at=None, ends_at=None, starts_on=dt.date(2012, 11, 29)
    )
    coming = make_action(slug="coming")
    gone = [signed_up(past, "a@example.org"), signed_up(historical, "b@example.org")]
    kept = [signed_up(recent, "c@example.org"), signed_up(coming, "d@example.org")]
    ActionMail.objects.create(kind=ActionMail.Kind.SIGN_UP_CONFIRM, sign_up=gone[0])

    assert services.signups_purge() == 2

    assert set(SignUp.objects.all()) == set(kept)
    assert not ActionMail.objects.filter(sign_up__isnull=True).exists()
    assert not ActionMail.objects.exists()
    past = Action.objects.get(pk=past.pk)
    assert (past.proposer_name, past.proposer_email) == ("", "")
    entry = AuditEntry.objects.get(action="signups_purge")
    assert entry.summary["sign_ups"] == 2

    settings.UNHEARD_ACTION_SIGNUP_RETENTION_DAYS = 3
    call_command("actions_purge")
    assert list(SignUp.objects.all()) == [kept[1]]


def test_today_is_a_parameter():
    action = make_action(slug="soon")
    signed_up(action, "a@example.org")
    end = timezone.localdate(action.ends_at)
    assert services.signups_purge(today=end + dt.timedelta(days=30)) == 0
    assert services.signups_purge(today=end + dt.timedelta(days=31)) == 1
