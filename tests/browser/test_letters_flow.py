"""A supporter writes a letter in a real browser; the letter goes all the way to a reply.

The author confirms it by the link in the e-mail that arrived at the test SMTP server; a letter
moderator approves it and adds the translation, prepares the batch PDF, marks it sent and records
a reply; the author receives an e-mail at each step.
"""

import io
import re

import pytest
from pypdf import PdfReader

from tests import factories as f
from tests.letters.conftest import LETTER_MODERATOR, grant
from unheard.letters.models import DeliveryBatch, Letter

pytestmark = pytest.mark.django_db(transaction=True)

LETTERS = {
    "ru": "Дорогой Иван! Весна пришла в наш город, и мы думаем о вас.",
    "en": "Dear Ivan, spring has come to our town and we think of you.",
    "de": "Lieber Ivan, der Frühling ist in unsere Stadt gekommen.",
    "fr": "Cher Ivan, le printemps est arrivé dans notre ville.",
}
TRANSLATION = "Дорогой Иван! Весна пришла в наш город, и мы думаем о вас (перевод)."


@pytest.mark.parametrize("lang", ["ru", "en", "de", "fr"])
def test_a_letter_from_the_form_to_the_reply(
    page, live_server, smtp_server, settings, make_staff, lang
):
    settings.UNHEARD_SITE_URL = live_server.url
    person = f.writable_person(surname="Иванов", given_name="Иван")
    grant("letter moderator", LETTER_MODERATOR)
    make_staff("moderator", "letter moderator")
    author = f"author-{lang}@example.org"

    # The supporter writes, in the site's language of their choice.
    page.goto(f"/{lang}/people/{person.slug}/")
    page.locator(f"a[href='/{lang}/people/{person.slug}/letter/']").first.click()
    assert page.locator("html").get_attribute("lang") == lang
    page.fill("[name=author_name]", "Anna")
    page.fill("[name=author_email]", author)
    page.select_option("[name=language]", lang)
    page.fill("[name=text]", LETTERS[lang])
    page.check("[name=accept_rules]")
    page.locator("form.letter-form button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/people/{person.slug}/letter/sent/")
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.SUBMITTED and letter.language == lang

    # The confirmation link arrives by e-mail.
    confirmation = smtp_server.wait_for(1)[0]
    assert confirmation.envelope_recipients == [author]
    link = re.search(r"https?://\S+", smtp_server.body(confirmation)).group(0)
    assert f"/{lang}/letters/confirm/" in link
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.CONFIRMED

    # A letter moderator signs in, approves it and adds the Russian translation.
    page.goto("/admin/login/")
    page.fill("[name=username]", "moderator")
    page.fill("[name=password]", "pw")
    page.locator("input[type=submit]").click()
    page.goto("/admin/letters/letter/?stage=queue")
    page.get_by_role("link", name=str(letter.pk), exact=True).click()
    assert LETTERS[lang] in page.locator("#letter-original").inner_text()
    page.locator("button[value=approve]").click()
    page.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED
    if lang != "ru":
        page.fill("textarea[name=text]", TRANSLATION)
        page.locator("button[value=translation_review]").click()
        page.wait_for_load_state()
        assert letter.__class__.objects.get(pk=letter.pk).translation.state == "reviewed"

    # The batch PDF for the facility holds the letter, its translation and the address.
    page.goto("/admin/letters/deliverybatch/prepare/")
    page.locator("button[type=submit]", has_text="Prepare the batch").click()
    page.wait_for_load_state()
    batch = DeliveryBatch.objects.get()
    assert batch.state == DeliveryBatch.State.READY
    download = page.request.get(f"/admin/letters/deliverybatch/{batch.pk}/pdf/")
    assert download.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.body())).pages)
    assert LETTERS[lang] in text
    assert "Иванову Ивану Петровичу, 1990 г. р." in text
    assert "625000, г. Тюмень, ул. Тестовая, д. 1, ФКУ СИЗО-1" in text
    if lang != "ru":
        assert TRANSLATION in text

    # The batch goes into the post.
    page.goto("/admin/letters/deliverybatch/")
    page.locator(f"input[name=_selected_action][value='{batch.pk}']").check()
    page.select_option("select[name=action]", "mark_sent")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT

    # A reply comes back and is recorded from the letter's page.
    page.goto(f"/admin/letters/letter/{letter.pk}/change/")
    page.get_by_role("link", name="Record a reply").click()
    page.fill("[name=transcription]", "Спасибо за письмо! Держусь.")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    assert letter.replies.count() == 1

    # The author heard about every step.
    messages = smtp_server.wait_for(4)
    subjects = [m["Subject"] for m in smtp_server.to(author)]
    assert len(subjects) == 4, subjects
    assert "Спасибо за письмо! Держусь." in smtp_server.body(smtp_server.to(author)[-1])
    assert len(messages) == 4
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
