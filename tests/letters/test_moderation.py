"""Moderation and translation: every state change, who did it, and what the author is told."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories as f
from unheard.letters import services
from unheard.letters.models import Letter, LetterTranslation, ModerationDecision
from unheard.letters.workflow import LetterStateError

pytestmark = pytest.mark.django_db
S = Letter.Status


@pytest.fixture
def letter(db):
    letter = f.LetterFactory(status=S.CONFIRMED)
    letter.history.create(status=S.SUBMITTED, actor="author")
    letter.history.create(status=S.CONFIRMED, actor="author")
    return letter


def statuses(letter):
    return [change.status for change in letter.history.all()]


def test_take_then_approve(letter, moderator, smtp_server, committed):
    services.letter_take(letter=letter, acting_user=moderator)
    letter.refresh_from_db()
    assert letter.status == S.IN_MODERATION and letter.moderator == moderator
    with committed():
        services.letter_approve(letter=letter, acting_user=moderator)
    letter.refresh_from_db()
    assert letter.status == S.APPROVED
    assert statuses(letter) == ["submitted", "confirmed", "in_moderation", "approved"]
    last = letter.history.last()
    assert last.by == moderator and last.actor == "staff" and last.at
    assert letter.decisions.get().decision == ModerationDecision.Decision.APPROVE
    message = smtp_server.wait_for(1)[0]
    assert message.envelope_recipients == [letter.author_email]
    assert "approved" in message["Subject"]


def test_approving_straight_from_the_queue_records_moderation(letter, moderator):
    services.letter_approve(letter=letter, acting_user=moderator)
    assert statuses(letter) == ["submitted", "confirmed", "in_moderation", "approved"]


def test_ask_the_author_to_edit_then_the_author_revises(
    letter, moderator, smtp_server, committed, client, settings
):
    settings.UNHEARD_SITE_URL = "http://testserver"
    with committed():
        services.letter_request_edit(
            letter=letter, acting_user=moderator, reason="Please leave out the trial details."
        )
    letter.refresh_from_db()
    assert letter.status == S.EDIT_REQUESTED
    body = smtp_server.body(smtp_server.wait_for(1)[0])
    assert "Please leave out the trial details." in body
    link = re.search(r"http://testserver(\S+)", body).group(1)
    assert "/letters/revise/" in link

    page = client.get(link)
    assert "Please leave out the trial details." in page.content.decode()
    assert client.post(link, {"text": ""}).status_code == 200  # shown again with the message
    letter.refresh_from_db()
    assert letter.status == S.EDIT_REQUESTED
    done = client.post(link, {"text": "A shorter, kinder letter."})
    assert "Thank you" in done.content.decode()
    letter.refresh_from_db()
    assert letter.status == S.IN_MODERATION
    assert letter.text == "A shorter, kinder letter."
    assert letter.history.last().actor == "author"
    assert client.post(link, {"text": "again"}).status_code == 410
    assert Letter.objects.count() == 1


def test_a_reason_is_required_to_ask_for_changes_or_reject(letter, moderator):
    with pytest.raises(ValidationError):
        services.letter_request_edit(letter=letter, acting_user=moderator, reason=" ")
    with pytest.raises(ValidationError):
        services.letter_reject(letter=letter, acting_user=moderator, reason="")
    letter.refresh_from_db()
    assert letter.status == S.CONFIRMED
    assert statuses(letter) == ["submitted", "confirmed"]


def test_reject_tells_the_author_why(letter, moderator, smtp_server, committed):
    with committed():
        services.letter_reject(letter=letter, acting_user=moderator, reason="It names a witness.")
    letter.refresh_from_db()
    assert letter.status == S.REJECTED
    assert letter.history.last().note == "It names a witness."
    assert "It names a witness." in smtp_server.body(smtp_server.wait_for(1)[0])
    with pytest.raises(LetterStateError):
        services.letter_approve(letter=letter, acting_user=moderator)


def test_a_flagged_letter_cannot_be_approved_until_the_flag_is_cleared(letter, moderator):
    services.letter_flag(letter=letter, acting_user=moderator, reason="Mentions the escape plan.")
    letter.refresh_from_db()
    assert letter.flagged and letter.flag_reason == "Mentions the escape plan."
    with pytest.raises(LetterStateError):
        services.letter_approve(letter=letter, acting_user=moderator)
    services.letter_unflag(letter=letter, acting_user=moderator, reason="Misread.")
    services.letter_approve(letter=letter, acting_user=moderator)
    assert [d.decision for d in letter.decisions.all()] == ["flag", "unflag", "approve"]


def test_only_letter_moderators_may_moderate(letter, make_staff):
    editor = make_staff("editor-1", "editor")
    with pytest.raises(PermissionDenied):
        services.letter_approve(letter=letter, acting_user=editor)
    letter.refresh_from_db()
    assert letter.status == S.CONFIRMED


def test_an_unconfirmed_letter_cannot_be_moderated(moderator):
    letter = f.LetterFactory(status=S.SUBMITTED)
    with pytest.raises(LetterStateError):
        services.letter_approve(letter=letter, acting_user=moderator)


def test_translation_assign_draft_review(letter, moderator, make_staff):
    from tests.letters.conftest import grant

    grant("translator", [("letters", "translate_letter"), ("letters", "view_letter")])
    translator = make_staff("translator-1", "translator")
    services.translation_assign(letter=letter, translator=translator, acting_user=moderator)
    translation = LetterTranslation.objects.get(letter=letter)
    assert translation.state == "assigned" and translation.translator == translator
    services.translation_save(letter=letter, text="Дорогой друг, держись.", acting_user=translator)
    translation.refresh_from_db()
    assert translation.state == "draft"
    assert not Letter.objects.get(pk=letter.pk).translation_ready
    services.translation_review(letter=letter, acting_user=moderator)
    translation.refresh_from_db()
    assert translation.state == "reviewed" and translation.reviewed_by == moderator
    assert Letter.objects.get(pk=letter.pk).translation_ready
    # Changing the text after review makes it a draft again.
    services.translation_save(letter=letter, text="Дорогой друг, держись!", acting_user=translator)
    translation.refresh_from_db()
    assert translation.state == "draft" and translation.reviewed_by is None


def test_an_empty_translation_cannot_be_saved_or_reviewed(letter, moderator):
    with pytest.raises(ValidationError):
        services.translation_save(letter=letter, text="  ", acting_user=moderator)
    with pytest.raises(LetterStateError):
        services.translation_review(letter=letter, acting_user=moderator)


def test_a_russian_letter_needs_no_translation(moderator):
    letter = f.LetterFactory(language="ru")
    assert letter.translation_ready
    with pytest.raises(LetterStateError):
        services.translation_save(letter=letter, text="текст", acting_user=moderator)


def test_a_revised_letter_needs_its_translation_reviewed_again(letter, moderator):
    services.translation_save(letter=letter, text="Перевод.", acting_user=moderator)
    services.translation_review(letter=letter, acting_user=moderator)
    services.letter_request_edit(letter=letter, acting_user=moderator, reason="Shorter, please.")
    from unheard.letters.notifications import notification_message

    notification = letter.notifications.get(kind="edit_requested")
    message = notification_message(notification)
    token = re.search(r"/letters/revise/([^/]+)/", message.body).group(1)
    services.letter_revise(token=token, text="Short.")
    assert LetterTranslation.objects.get(letter=letter).state == "draft"
