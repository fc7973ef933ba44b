"""Authors' personal data is erased a configurable number of days after delivery."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests import factories as f
from unheard.letters import services
from unheard.letters.models import Letter, LetterAttachment, LetterStatusChange
from unheard.letters.tasks import purge_letter_personal_data

pytestmark = pytest.mark.django_db
S = Letter.Status


def delivered_letter(moderator, days_ago):
    letter = f.LetterFactory(language="ru", author_name="Anna K.")
    services.letter_approve(letter=letter, acting_user=moderator)
    services.letter_mark_sent_electronically(
        letter=letter, acting_user=moderator, service="X", confirmation="1"
    )
    services.letter_mark_delivered(letter=letter, acting_user=moderator)
    when = timezone.now() - dt.timedelta(days=days_ago)
    Letter.objects.filter(pk=letter.pk).update(status_changed_at=when)
    LetterAttachment.objects.create(
        letter=letter,
        image="letters/attachments/x.jpg",
        content_type="image/jpeg",
        width=1,
        height=1,
        size=1,
        sha256="0",
    )
    return letter


def test_personal_data_is_erased_after_the_retention_period(moderator, settings):
    settings.UNHEARD_LETTER_RETENTION_DAYS = 30
    old = delivered_letter(moderator, days_ago=31)
    recent = delivered_letter(moderator, days_ago=29)
    call_command("letters_purge")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.author_name, old.author_email, old.author_ip) == ("", "", None)
    assert old.personal_data_purged_at is not None
    assert not old.attachments.exists() and not old.notifications.exists()
    assert not old.tokens.exists()
    # The letter itself and its history stay.
    assert old.text and old.status == S.DELIVERED
    assert LetterStatusChange.objects.filter(letter=old).count() == 4
    assert recent.author_email and recent.author_ip and recent.attachments.exists()


def test_the_retention_period_is_a_setting(moderator, settings):
    letter = delivered_letter(moderator, days_ago=10)
    settings.UNHEARD_LETTER_RETENTION_DAYS = 30
    purge_letter_personal_data.enqueue()
    letter.refresh_from_db()
    assert letter.author_email
    settings.UNHEARD_LETTER_RETENTION_DAYS = 7
    purge_letter_personal_data.enqueue()
    letter.refresh_from_db()
    assert letter.author_email == ""


def test_rejected_letters_are_erased_too_but_letters_in_progress_are_not(moderator, settings):
    settings.UNHEARD_LETTER_RETENTION_DAYS = 1
    rejected = f.LetterFactory()
    services.letter_reject(letter=rejected, acting_user=moderator, reason="No.")
    waiting = f.LetterFactory(status=S.CONFIRMED)
    Letter.objects.update(status_changed_at=timezone.now() - dt.timedelta(days=5))
    call_command("letters_purge")
    rejected.refresh_from_db()
    waiting.refresh_from_db()
    assert rejected.author_email == ""
    assert waiting.author_email


def test_unconfirmed_submissions_are_deleted_once_their_link_expired(db):
    stale = f.LetterFactory(status=S.SUBMITTED)
    fresh = f.LetterFactory(status=S.SUBMITTED)
    Letter.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(days=5))
    call_command("letters_purge")
    assert not Letter.objects.filter(pk=stale.pk).exists()
    assert Letter.objects.filter(pk=fresh.pk).exists()


def test_a_notification_for_an_erased_author_is_not_sent(moderator, smtp_server, committed):
    letter = delivered_letter(moderator, days_ago=1)
    Letter.objects.filter(pk=letter.pk).update(author_email="")
    from unheard.letters.notifications import notification_deliver

    notification = letter.notifications.create(kind="reply")
    assert notification_deliver(notification_id=notification.pk) is False
    assert smtp_server.messages == []
