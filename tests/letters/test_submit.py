"""The public letter form: a letter stored once, confirmed by e-mail, and every bad input refused
with a clear message and nothing stored."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from tests import factories as f
from unheard.letters.forms import form_token
from unheard.letters.models import (
    Letter,
    LetterAttachment,
    LetterNotification,
    LetterStatusChange,
    LetterToken,
    RateLimitHit,
)
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db


def form_data(person, **extra):
    data = {
        "author_name": "Anna",
        "author_email": "anna@example.org",
        "language": "en",
        "text": "Dear Ivan, we think of you every day. Spring has come to our town.",
        "accept_rules": "on",
        "website": "",
        "form_token": form_token(person.pk),
        "attachment_kind": "photo",
    }
    data.update(extra)
    return data


def post_letter(client, person, lang="en", **extra):
    with translation.override(lang):
        url = reverse("letters:letter_form", kwargs={"slug": person.slug})
    return client.post(url, form_data(person, **extra), REMOTE_ADDR="198.51.100.7")


def jpeg_with_exif() -> bytes:
    picture = Image.new("RGB", (640, 480), "steelblue")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif[0x0132] = "2024:03:01 10:00:00"
    exif[0x8298] = "Copyright Anna Example"
    output = io.BytesIO()
    picture.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


def link_in(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0)


def test_a_letter_is_stored_and_the_author_gets_a_confirmation_link(
    client, person, smtp_server, committed, settings
):
    settings.UNHEARD_SITE_URL = "http://testserver"
    with committed():
        response = post_letter(client, person)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/en/people/{person.slug}/letter/sent/")
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.SUBMITTED
    assert letter.person == person and letter.facility == person.current_facility
    assert letter.author_email == "anna@example.org"
    assert letter.author_ip == "198.51.100.7"
    assert letter.rules_accepted_at is not None
    assert list(letter.history.values_list("status", "actor")) == [("submitted", "author")]

    smtp_server.wait_for(1)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message.envelope_recipients == ["anna@example.org"]
    assert person.display_name in message["Subject"]
    link = link_in(smtp_server.body(message))
    assert link.startswith("http://testserver/en/letters/confirm/")
    assert LetterNotification.objects.get().sent_at is not None
    # Only a hash of the token is stored.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not LetterToken.objects.filter(token_hash=token).exists()

    path = link.replace("http://testserver", "")
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my letter" in page.content.decode()
    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert "Letter confirmed" in confirmed.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.CONFIRMED and letter.confirmed_at
    assert [c.status for c in letter.history.all()] == ["submitted", "confirmed"]

    again = client.post(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert client.get(path).status_code == 410
    assert Letter.objects.count() == 1
    assert letter.history.count() == 2


def test_the_confirmation_email_is_in_the_authors_language(client, person, smtp_server, committed):
    with committed():
        post_letter(client, person, lang="ru")
    message = smtp_server.wait_for(1)[0]
    assert "/ru/letters/confirm/" in smtp_server.body(message)
    assert Letter.objects.get().interface_language == "ru"


def test_an_expired_confirmation_link_is_refused_clearly(client, person, smtp_server, committed):
    with committed():
        post_letter(client, person)
    path = re.sub(r"^https?://[^/]+", "", link_in(smtp_server.body(smtp_server.wait_for(1)[0])))
    LetterToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Letter.objects.get().status == Letter.Status.SUBMITTED


def test_an_unknown_confirmation_link_is_refused(client, db):
    response = client.get("/en/letters/confirm/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_attachments_are_checked_by_content_and_stripped_of_metadata(client, person, committed):
    photo = SimpleUploadedFile("holiday.jpg", jpeg_with_exif(), content_type="image/jpeg")
    with committed():
        response = post_letter(client, person, attachments=[photo])
    assert response.status_code == 302
    attachment = LetterAttachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    with attachment.image.open("rb") as handle:
        stored = handle.read()
    assert b"SecretCameraMaker" not in stored and b"Copyright Anna" not in stored
    reopened = Image.open(io.BytesIO(stored))
    assert dict(reopened.getexif()) == {}
    assert (reopened.width, reopened.height) == (640, 480)
    assert "holiday" not in attachment.image.name


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": ""}, "Your letter is empty"),
        ({"text": "   \n  "}, "Your letter is empty"),
        ({"text": "x" * 6001}, "the limit is 6000"),
        ({"accept_rules": ""}, "agree to them"),
        ({"author_email": "not-an-address"}, "valid email"),
        ({"language": "xx"}, "Select a valid choice"),
        ({"form_token": "forged"}, "The form was changed"),
        ({"website": "http://spam.example"}, "must stay empty"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(client, person, change, message, smtp_server):
    response = post_letter(client, person, **change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Letter.objects.count() == 0
    assert RateLimitHit.objects.count() == 0
    assert smtp_server.messages == []


def test_a_form_token_for_another_person_is_refused(client, person):
    other = f.writable_person()
    response = post_letter(client, person, form_token=form_token(other.pk))
    assert response.status_code == 400
    assert Letter.objects.count() == 0


def test_an_executable_renamed_jpg_is_refused(client, person):
    program = SimpleUploadedFile(
        "photo.jpg", b"MZ\x90\x00\x03" + b"\x00" * 2000, content_type="image/jpeg"
    )
    response = post_letter(client, person, attachments=[program])
    assert response.status_code == 400
    assert "is not a JPEG or PNG picture" in response.content.decode()
    assert Letter.objects.count() == 0 and LetterAttachment.objects.count() == 0


def test_a_50_megabyte_photo_is_refused_before_it_is_read(client, person):
    """The request is over UNHEARD_MAX_REQUEST_BYTES: refused from its Content-Length."""
    huge = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (50 * 1024 * 1024), content_type="image/jpeg"
    )
    response = post_letter(client, person, attachments=[huge])
    assert response.status_code == 413
    assert "at most 16 MB" in response.content.decode()
    assert Letter.objects.count() == 0


def test_an_8_megabyte_photo_is_refused_with_the_form(client, person):
    """Within the request limit but over a picture's: the form says why."""
    big = SimpleUploadedFile(
        "big.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (8 * 1024 * 1024), content_type="image/jpeg"
    )
    response = post_letter(client, person, attachments=[big])
    assert response.status_code == 400
    assert "a picture may be at most 5.0\xa0MB" in response.content.decode()
    assert Letter.objects.count() == 0


def test_too_many_pictures_are_refused(client, person):
    pictures = [
        SimpleUploadedFile(f"p{n}.jpg", jpeg_with_exif(), content_type="image/jpeg")
        for n in range(4)
    ]
    response = post_letter(client, person, attachments=pictures)
    assert response.status_code == 400
    assert "at most 3 pictures" in response.content.decode()
    assert Letter.objects.count() == 0


def test_a_second_submission_in_the_same_minute_is_refused(client, person):
    assert post_letter(client, person).status_code == 302
    second = post_letter(client, person, text="Another letter, different words.")
    assert second.status_code == 400
    assert "Please wait a minute" in second.content.decode()
    assert Letter.objects.count() == 1


def test_the_same_email_from_another_address_is_limited_too(client, person):
    assert post_letter(client, person).status_code == 302
    other = client.post(
        reverse("letters:letter_form", kwargs={"slug": person.slug}),
        form_data(person, text="Something else entirely."),
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 400
    assert Letter.objects.count() == 1


def test_the_same_letter_is_not_stored_twice(client, person, settings):
    assert post_letter(client, person).status_code == 302
    RateLimitHit.objects.all().delete()  # a minute later
    again = post_letter(client, person)
    assert again.status_code == 400
    assert "We already have this letter" in again.content.decode()
    assert Letter.objects.count() == 1


def test_the_daily_limit(client, person, settings):
    settings.UNHEARD_LETTER_DAILY_LIMIT = 2
    earlier = timezone.now() - dt.timedelta(minutes=5)
    for n in range(2):
        assert post_letter(client, person, text=f"Letter {n}").status_code == 302
        RateLimitHit.objects.update(at=earlier)
    third = post_letter(client, person, text="Letter 3")
    assert third.status_code == 400
    assert Letter.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": Person.Status.RELEASED}, "no longer in prison"),
        ({"status": Person.Status.DECEASED}, "has died"),
        ({"current_facility": None}, "do not know where this person is held"),
        ({"status": Person.Status.WANTED}, "current status: wanted"),
        ({"status": Person.Status.PROBATION}, "current status: suspended sentence or probation"),
        ({"status": Person.Status.FINED}, "current status: fined"),
        ({"status": Person.Status.HOUSE_ARREST}, "current status: under house arrest"),
        ({"status": Person.Status.UNKNOWN}, "do not know whether this person is held"),
        ({"letters_reach": Person.LetterReach.NO}, "do not reach this person"),
        ({"support_declined": True}, "does not forward letters"),
    ],
)
def test_people_who_cannot_receive_letters_get_an_explanation(client, person, changes, reason):
    for field, value in changes.items():
        setattr(person, field, value)
    person.save()
    page = client.get(reverse("letters:letter_form", kwargs={"slug": person.slug}))
    assert page.status_code == 200
    text = page.content.decode()
    assert reason in text
    assert "<textarea" not in text
    assert "People who get few letters" in text
    response = post_letter(client, person)
    assert reason in response.content.decode()
    assert Letter.objects.count() == 0


def test_a_facility_without_an_address_refuses_letters(client, person):
    person.current_facility.postal_address = ""
    person.current_facility.save()
    response = post_letter(client, person)
    text = response.content.decode()
    assert f"held in {person.current_facility.name}" in text
    assert "do not have the postal address of that place" in text
    assert "do not know where this person is held" not in text
    assert Letter.objects.count() == 0


def test_unpublished_people_have_no_letter_form(client, db):
    draft = f.PersonFactory(status=Person.Status.SERVING)
    assert (
        client.get(reverse("letters:letter_form", kwargs={"slug": draft.slug})).status_code == 404
    )


def test_status_history_records_submission_once(client, person):
    post_letter(client, person)
    assert LetterStatusChange.objects.count() == 1


def test_form_messages_are_in_the_authors_language(client, person):
    response = post_letter(client, person, lang="ru", text="")
    assert response.status_code == 400
    assert 'lang="ru"' in response.content.decode()


def test_pictures_of_a_refused_letter_are_not_left_in_storage(client, person, settings):
    from django.core.files.storage import default_storage

    from unheard.core.images import image_clean
    from unheard.letters import services

    def stored(folder: str = "letters/attachments") -> list[str]:
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return []
        inside = [name for sub in folders for name in stored(f"{folder}/{sub}")]
        return inside + [f"{folder}/{name}" for name in files]

    picture = image_clean(SimpleUploadedFile("p.jpg", jpeg_with_exif(), "image/jpeg"))
    before = len(stored())
    person.letters_reach = Person.LetterReach.YES
    person.save()
    accepted = services.letter_submit(
        person=person,
        author_name="Anna",
        author_email="anna@example.org",
        author_ip="198.51.100.8",
        language="en",
        interface_language="en",
        text="Hello first",
        rules_accepted=True,
        attachments=[("photo", picture)],
    )
    assert len(stored()) == before + 1  # the listing sees stored pictures
    assert accepted.attachments.get().image.name in stored()
    person.letters_reach = Person.LetterReach.NO
    person.save()
    with pytest.raises(services.LetterRefused):
        services.letter_submit(
            person=person,
            author_name="Anna",
            author_email="anna@example.org",
            author_ip="198.51.100.9",
            language="en",
            interface_language="en",
            text="Hello",
            rules_accepted=True,
            attachments=[("photo", picture)],
        )
    assert Letter.objects.count() == 1
    assert len(stored()) == before + 1


def test_sqlite_waits_for_the_write_lock_instead_of_failing(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert database["OPTIONS"]["timeout"] >= 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert "unheard.core.middleware.RevisionMiddleware" in settings.MIDDLEWARE
