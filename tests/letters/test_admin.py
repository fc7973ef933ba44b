"""The letters back office as a letter moderator uses it."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests import factories as f
from unheard.letters import services
from unheard.letters.models import DeliveryBatch, Letter, LetterTranslation, Reply

pytestmark = pytest.mark.django_db
S = Letter.Status
SECRET_EMAIL = "hidden.author@example.org"
SECRET_IP = "203.0.113.99"


@pytest.fixture
def staff_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def letter(person):
    return f.LetterFactory(
        person=person,
        author_email=SECRET_EMAIL,
        author_ip=SECRET_IP,
        text="Dear Ivan, greetings from Lyon.",
    )


def change_url(letter):
    return reverse("admin:letters_letter_change", args=[letter.pk])


def test_the_queue_and_its_filters(staff_client, letter, person):
    other = f.LetterFactory(language="de", status=S.IN_MODERATION)
    f.LetterFactory(status=S.SUBMITTED)
    Letter.objects.filter(pk=other.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    changelist = reverse("admin:letters_letter_changelist")

    def ids(query):
        response = staff_client.get(changelist + query)
        assert response.status_code == 200
        return {row.pk for row in response.context["cl"].result_list}

    assert ids("?stage=queue") == {letter.pk, other.pk}
    assert ids(f"?person__id__exact={person.pk}") == {letter.pk}
    assert ids(f"?facility__id__exact={person.current_facility.pk}") == {letter.pk}
    assert ids("?language__exact=de") == {other.pk}
    assert ids("?age=old&stage=queue") == {other.pk}
    assert ids("?age=1&stage=queue") == {letter.pk}
    assert ids("?translation=needed&stage=queue") == {letter.pk, other.pk}


def test_a_moderator_sees_what_moderation_needs_and_not_the_authors_contact(staff_client, letter):
    page = staff_client.get(change_url(letter)).content.decode()
    assert "Dear Ivan, greetings from Lyon." in page
    assert "Russian translation" in page
    assert letter.author_name in page
    assert SECRET_EMAIL not in page and SECRET_IP not in page
    listing = staff_client.get(reverse("admin:letters_letter_changelist")).content.decode()
    assert SECRET_EMAIL not in listing and SECRET_IP not in listing
    searched = staff_client.get(reverse("admin:letters_letter_changelist") + "?q=hidden.author")
    assert searched.context["cl"].result_count == 0


def test_an_administrator_may_see_the_authors_contact(client, letter, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    page = client.get(change_url(letter)).content.decode()
    assert SECRET_EMAIL in page and SECRET_IP in page


def test_moderating_from_the_letter_page(staff_client, letter, smtp_server, committed):
    url = change_url(letter)
    staff_client.post(url, {"action": "flag", "reason": "Mentions the case."})
    letter.refresh_from_db()
    assert letter.flagged
    response = staff_client.post(url, {"action": "approve"}, follow=True)
    assert "flagged as possibly harmful" in response.content.decode()
    staff_client.post(url, {"action": "unflag"})
    with committed():
        staff_client.post(url, {"action": "approve"})
    letter.refresh_from_db()
    assert letter.status == S.APPROVED
    staff_client.post(url, {"action": "translation_save", "text": "Дорогой Иван, привет из Лиона."})
    assert LetterTranslation.objects.get(letter=letter).state == "draft"
    staff_client.post(
        url, {"action": "translation_review", "text": "Дорогой Иван, привет из Лиона."}
    )
    assert LetterTranslation.objects.get(letter=letter).state == "reviewed"
    page = staff_client.get(url).content.decode()
    assert "Dear Ivan, greetings from Lyon." in page and "привет из Лиона" in page
    with committed():
        staff_client.post(
            url, {"action": "sent_electronic", "service": "ФСИН-Письмо", "confirmation": "77-1"}
        )
    letter.refresh_from_db()
    assert letter.status == S.SENT and letter.electronic_confirmation == "77-1"
    with committed():
        staff_client.post(url, {"action": "delivered"})
    letter.refresh_from_db()
    assert letter.status == S.DELIVERED
    subjects = [m["Subject"] for m in smtp_server.wait_for(3)]
    assert any("approved" in s for s in subjects)
    assert any("on its way" in s for s in subjects)
    assert any("delivered" in s for s in subjects)


def test_ask_to_edit_needs_a_reason(staff_client, letter):
    response = staff_client.post(change_url(letter), {"action": "request_edit"}, follow=True)
    assert "Please give a reason" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == S.CONFIRMED


def test_someone_without_the_role_cannot_moderate(client, make_staff, letter):
    client.force_login(make_staff("editor-2", "editor"))
    assert client.get(change_url(letter)).status_code == 403
    assert client.post(change_url(letter), {"action": "approve"}).status_code == 403
    letter.refresh_from_db()
    assert letter.status == S.CONFIRMED


def test_prepare_a_batch_and_download_its_pdf(staff_client, person, moderator, committed):
    letter = f.LetterFactory(person=person, language="ru", text="Привет из Москвы.")
    services.letter_approve(letter=letter, acting_user=moderator)
    prepare = reverse("admin:letters_deliverybatch_prepare")
    page = staff_client.get(prepare).content.decode()
    assert str(person.current_facility) in page
    with committed():
        response = staff_client.post(prepare, {"facility": person.current_facility.pk})
    batch = DeliveryBatch.objects.get()
    assert response.status_code == 302
    pdf = staff_client.get(reverse("admin:letters_deliverybatch_pdf", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    assert "Привет из Москвы." in "".join(page.extract_text() for page in reader.pages)
    changelist = reverse("admin:letters_deliverybatch_changelist")
    staff_client.post(
        changelist, {"action": "mark_sent", "_selected_action": [batch.pk]}, follow=True
    )
    letter.refresh_from_db()
    assert letter.status == S.SENT


def test_record_a_reply_in_the_back_office(staff_client, person, moderator, smtp_server, committed):
    letter = f.LetterFactory(person=person, language="ru")
    services.letter_approve(letter=letter, acting_user=moderator)
    services.letter_mark_sent_electronically(
        letter=letter, acting_user=moderator, service="X", confirmation="1"
    )
    add = reverse("admin:letters_reply_add")
    assert staff_client.get(f"{add}?person={person.pk}&letter={letter.pk}").status_code == 200
    with committed():
        response = staff_client.post(
            add,
            {
                "person": person.pk,
                "letter": letter.pk,
                "received_on": "2026-01-15",
                "transcription": "Спасибо, дошло!",
                "excerpt": "",
                "consent_note": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    reply = Reply.objects.get()
    assert reply.recorded_by.username == "moderator"
    assert "Спасибо, дошло!" in smtp_server.body(smtp_server.wait_for(1)[-1])


def test_edit_the_global_rules(staff_client, db):
    import importlib

    from django.apps import apps

    default_rules = importlib.import_module("unheard.letters.migrations.0002_default_rules")
    # The migration's rules row, written again if a transactional test flushed it before this one.
    default_rules.create_global_rules(apps, None)
    rules = apps.get_model("letters", "LetterRules").objects.get(facility__isnull=True)
    page = staff_client.get(reverse("admin:letters_letterrules_change", args=[rules.pk]))
    assert page.status_code == 200
    assert "Write in Russian if you can" in page.content.decode()
