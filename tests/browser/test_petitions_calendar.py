"""A supporter signs a petition in a real browser and confirms by the e-mailed link; the
petitions and calendar pages pass axe and load nothing from other servers."""

import datetime as dt
import re

import pytest

from tests import factories as f
from tests.browser.test_site_accessibility import AXE, axe_violations
from unheard.core.models import PublicationState
from unheard.petitions import services
from unheard.petitions.models import Signature

pytestmark = pytest.mark.django_db(transaction=True)


def open_petition():
    return services.petition_create(
        data={
            "slug": "free-them",
            "title_en": "Free the prisoners of the test case",
            "title_fr": "Libérez les prisonniers de l'affaire test",
            "text_en": "We call on the embassy to pass on our demand.",
            "text_fr": "Nous demandons à l'ambassade de transmettre notre demande.",
            "goal": 100,
            "publication_state": PublicationState.PUBLISHED,
        },
        acting_user=None,
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sign_a_petition_and_confirm_by_e_mail(page, live_server, smtp_server, settings, lang):
    settings.UNHEARD_SITE_URL = live_server.url
    petition = open_petition()
    page.goto(f"/{lang}/petitions/")
    page.locator(f"a[href='/{lang}/petitions/{petition.slug}/']").click()
    page.fill("[name=name]", "Camille Exemple")
    page.fill("[name=city]", "Lyon")
    page.select_option("[name=country]", "FR")
    page.fill("[name=email]", f"camille-{lang}@example.org")
    page.check("[name=show_publicly]")
    page.locator("form.petition-form button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/petitions/{petition.slug}/signed/")
    assert not Signature.objects.get().is_confirmed

    message = smtp_server.wait_for(1)[0]
    assert message.envelope_recipients == [f"camille-{lang}@example.org"]
    link = re.search(r"https?://\S+", smtp_server.body(message)).group(0)
    assert f"/{lang}/petitions/confirm/" in link
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert Signature.objects.get().is_confirmed

    page.goto(f"/{lang}/petitions/{petition.slug}/")
    assert "Camille Exemple, Lyon" in page.locator("main").inner_text()
    assert "camille" not in page.content().replace("Camille", "")
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


@pytest.mark.parametrize("width", [1280, 375])
def test_petitions_and_calendar_pages_pass_axe(page, live_server, width):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make test` (npm install into .cache/npm)")
    petition = open_petition()
    person = f.writable_person(birth_date=dt.date(1990, 5, 17), birth_date_precision="day")
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for path in (
        "/en/petitions/",
        f"/en/petitions/{petition.slug}/",
        f"/en/petitions/{petition.slug}/signed/",
        "/en/calendar/?month=2026-05",
        "/ru/calendar/",
        "/en/calendar/?month=nonsense",
        f"/en/people/{person.slug}/remind/",
        f"/en/people/{person.slug}/",
    ):
        page.goto(path)
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
