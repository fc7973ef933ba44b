"""Delivery: batches and their PDF, electronic sending, delivered and returned, replies."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from tests import factories as f
from unheard.letters import services
from unheard.letters.models import DeliveryBatch, Letter, Reply
from unheard.letters.workflow import LetterStateError

pytestmark = pytest.mark.django_db
S = Letter.Status


def approved(person, moderator, **extra):
    letter = f.LetterFactory(person=person, status=S.CONFIRMED, **extra)
    services.letter_approve(letter=letter, acting_user=moderator)
    letter.refresh_from_db()
    return letter


def translated(letter, moderator, text):
    services.translation_save(letter=letter, text=text, acting_user=moderator)
    services.translation_review(letter=letter, acting_user=moderator)
    return letter


def pdf_pages(batch) -> list[str]:
    with batch.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture
def facility(db):
    return f.published(f.sourced(f.FacilityFactory(name_ru="ФКУ СИЗО-1 УФСИН России")))


def test_a_batch_pdf_has_cover_envelopes_letters_and_translations(facility, moderator, committed):
    ivan = f.writable_person(facility=facility, surname="Петров", given_name="Иван")
    olga = f.writable_person(
        facility=facility, surname="Смирнова", given_name="Ольга", patronymic="", birth_date=None
    )
    english = translated(
        approved(ivan, moderator, text="Dear Ivan, the lilacs are blooming."),
        moderator,
        "Дорогой Иван, цветёт сирень.",
    )
    russian = approved(olga, moderator, language="ru", text="Ольга, мы помним о вас.")
    untranslated = approved(ivan, moderator, text="Not translated yet.")
    flagged = approved(olga, moderator, language="ru", text="Флаг.")
    services.letter_flag(letter=flagged, acting_user=moderator, reason="Names a witness.")
    elsewhere = approved(f.writable_person(), moderator, language="ru", text="Другая колония.")

    with committed():
        batch = services.batch_create(facility=facility, acting_user=moderator)
    batch.refresh_from_db()
    assert batch.state == DeliveryBatch.State.READY
    assert set(batch.letters.all()) == {english, russian}
    for letter in (untranslated, flagged, elsewhere):
        letter.refresh_from_db()
        assert letter.batch is None

    pages = pdf_pages(batch)
    assert batch.pdf_pages == len(pages)
    text = "\n".join(pages)
    cover = pages[0]
    assert "ФКУ СИЗО-1 УФСИН России" in cover
    assert "Петрову Ивану Петровичу, 1990 г. р." in cover
    # One envelope page per recipient: the full Cyrillic name in the dative, birth year, address.
    envelopes = [page for page in pages if "Кому" in page]
    assert len(envelopes) == 2
    assert "Петрову Ивану Петровичу, 1990 г. р." in envelopes[0]
    assert "625000, г. Тюмень, ул. Тестовая, д. 1, ФКУ СИЗО-1" in envelopes[0]
    assert "Смирновой Ольге" in envelopes[1] and "г. р." not in envelopes[1]
    # Each letter and each translation on pages of their own.
    original = next(page for page in pages if "the lilacs are blooming" in page)
    translation = next(page for page in pages if "цветёт сирень" in page)
    assert original != translation
    assert "Перевод на русский язык" in translation
    assert "Ольга, мы помним о вас." in text
    assert "Not translated yet." not in text and "Флаг." not in text


def test_no_batch_without_ready_letters(facility, moderator):
    with pytest.raises(LetterStateError):
        services.batch_create(facility=facility, acting_user=moderator)
    assert DeliveryBatch.objects.count() == 0


def test_marking_a_batch_sent_sends_every_letter_and_tells_the_authors(
    facility, moderator, smtp_server, committed
):
    person = f.writable_person(facility=facility)
    letters = [approved(person, moderator, language="ru", text=f"Письмо {n}") for n in range(2)]
    with committed():
        batch = services.batch_create(facility=facility, acting_user=moderator)
    smtp_server.messages.clear()
    with committed():
        services.batch_mark_sent(batch=batch, acting_user=moderator)
    batch.refresh_from_db()
    assert batch.state == DeliveryBatch.State.SENT and batch.sent_by == moderator
    for letter in letters:
        letter.refresh_from_db()
        assert letter.status == S.SENT and letter.channel == Letter.Channel.POST
        assert letter.history.last().by == moderator
    smtp_server.wait_for(2)
    assert sorted(m.envelope_recipients[0] for m in smtp_server.messages) == sorted(
        letter.author_email for letter in letters
    )
    assert all("on its way" in m["Subject"] for m in smtp_server.messages)
    with pytest.raises(LetterStateError):
        services.batch_mark_sent(batch=batch, acting_user=moderator)


def test_sent_through_an_electronic_service_with_its_confirmation_number(
    moderator, person, smtp_server, committed
):
    letter = approved(person, moderator, language="ru")
    with pytest.raises(ValidationError):
        services.letter_mark_sent_electronically(
            letter=letter, acting_user=moderator, service="Электронное письмо", confirmation=""
        )
    with committed():
        services.letter_mark_sent_electronically(
            letter=letter,
            acting_user=moderator,
            service="Электронное письмо",
            confirmation="A-12345",
        )
    letter.refresh_from_db()
    assert letter.status == S.SENT and letter.channel == Letter.Channel.ELECTRONIC
    assert letter.electronic_confirmation == "A-12345"
    assert "electronic letter service" in smtp_server.body(smtp_server.wait_for(1)[0])


def test_an_untranslated_letter_is_not_sent_electronically(moderator, person):
    letter = approved(person, moderator, language="de")
    with pytest.raises(LetterStateError):
        services.letter_mark_sent_electronically(
            letter=letter, acting_user=moderator, service="X", confirmation="1"
        )


def test_delivered(moderator, person, smtp_server, committed):
    letter = approved(person, moderator, language="ru")
    services.letter_mark_sent_electronically(
        letter=letter, acting_user=moderator, service="X", confirmation="1"
    )
    with committed():
        services.letter_mark_delivered(letter=letter, acting_user=moderator)
    letter.refresh_from_db()
    assert letter.status == S.DELIVERED
    assert "delivered" in smtp_server.wait_for(1)[-1]["Subject"]
    with pytest.raises(LetterStateError):
        services.letter_mark_returned(letter=letter, acting_user=moderator)


def test_returned_then_sent_again(moderator, person, smtp_server, committed):
    letter = approved(person, moderator, language="ru")
    services.letter_mark_sent_electronically(
        letter=letter, acting_user=moderator, service="X", confirmation="1"
    )
    with committed():
        services.letter_mark_returned(letter=letter, acting_user=moderator, reason="Transferred.")
    letter.refresh_from_db()
    assert letter.status == S.RETURNED
    assert "Transferred." in smtp_server.body(smtp_server.wait_for(1)[-1])
    services.letter_send_again(letter=letter, acting_user=moderator)
    letter.refresh_from_db()
    assert letter.status == S.APPROVED and letter.channel == ""
    assert [c.status for c in letter.history.all()][-3:] == ["sent", "returned", "approved"]


def test_a_reply_is_recorded_and_the_author_is_told(moderator, person, smtp_server, committed):
    letter = approved(person, moderator, language="ru")
    services.letter_mark_sent_electronically(
        letter=letter, acting_user=moderator, service="X", confirmation="1"
    )
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    with committed():
        reply = services.reply_record(
            person=person,
            letter=letter,
            acting_user=moderator,
            scan=scan,
            transcription="Спасибо за письмо! Здесь холодно, но я держусь.",
        )
    assert reply.recorded_by == moderator and reply.scan
    message = smtp_server.wait_for(1)[-1]
    assert "has replied" in message["Subject"]
    assert "Спасибо за письмо!" in smtp_server.body(message)


def test_a_reply_needs_a_scan_or_a_transcription(moderator, person):
    with pytest.raises(ValidationError):
        services.reply_record(person=person, acting_user=moderator)
    assert Reply.objects.count() == 0


def test_a_reply_excerpt_is_public_only_with_recorded_consent(client, moderator, person):
    url = reverse("registry:person_detail", kwargs={"slug": person.slug})
    services.reply_record(
        person=person, acting_user=moderator, transcription="…", excerpt="Я читаю Толстого."
    )
    assert "Я читаю Толстого." not in client.get(url).content.decode()
    with pytest.raises(ValidationError):
        services.reply_record(
            person=person,
            acting_user=moderator,
            transcription="…",
            excerpt="Без согласия.",
            publication_consent=True,
        )
    services.reply_record(
        person=person,
        acting_user=moderator,
        transcription="…",
        excerpt="Передайте всем привет.",
        publication_consent=True,
        consent_note="In the reply itself, page 2.",
    )
    page = client.get(url).content.decode()
    assert "Передайте всем привет." in page
    assert "Я читаю Толстого." not in page
    assert "2 replies received" in page
