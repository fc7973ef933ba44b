"""The site's own pages, error pages, favicon and settings of `make run`."""

import os
import subprocess
import sys

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db
LANGUAGES = ["ru", "en", "de", "fr"]


def url(name, lang):
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_contact_and_privacy_answer_in_every_language_and_are_linked(client, lang):
    home = client.get(url("registry:home", lang)).content.decode()
    for name in ("core:about", "core:contact", "core:privacy"):
        response = client.get(url(name, lang))
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.content.decode()
        assert f'href="{url(name, lang)}"' in home


def test_privacy_states_the_retention_the_site_applies(client, settings):
    settings.UNHEARD_LETTER_RETENTION_DAYS = 45
    settings.UNHEARD_LETTER_CONFIRMATION_HOURS = 72
    page = client.get(url("core:privacy", "en")).content.decode()
    assert "erased 45 days after the letter was delivered" in page
    assert "within 72 hours" in page
    russian = client.get(url("core:privacy", "ru")).content.decode()
    assert "через 45 дней" in russian


def test_contact_details_are_shown_only_when_set(client, settings):
    settings.UNHEARD_CONTACT_EMAIL = ""
    settings.UNHEARD_CONTACT_ADDRESS = ""
    settings.UNHEARD_CONTACT_URL = ""
    page = client.get(url("core:contact", "en")).content.decode()
    assert "have not published their contact details" in page
    assert "mailto:" not in page

    settings.UNHEARD_CONTACT_EMAIL = "team@registry.example"
    page = client.get(url("core:contact", "en")).content.decode()
    assert 'href="mailto:team@registry.example"' in page
    assert "Postal address" not in page
    assert "have not published" not in page


def test_unknown_address_gives_the_sites_own_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "URLconf" not in page
    assert 'class="site-nav"' in page


def test_server_error_page_is_the_sites_own():
    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    assert b"Server error" in response.content and b"Traceback" not in response.content


def test_favicon_is_linked_and_served(client):
    page = client.get(url("registry:home", "en")).content.decode()
    assert 'rel="icon" href="/static/unheard/favicon.svg"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/unheard/favicon.ico"
    for name in ("unheard/favicon.ico", "unheard/favicon.svg"):
        assert finders.find(name)
    with open(finders.find("unheard/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO header


def test_the_act_card_leads_to_the_actions(client):
    page = client.get(url("registry:home", "en")).content.decode()
    assert f'<h3><a href="{url("actions:list", "en")}">Act</a></h3>' in page


def dev_debug(tmp_path, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment.update(UNHEARD_DATA_DIR=str(tmp_path), **env)
    code = "from unheard.config.settings import dev; print(dev.DEBUG, dev.WHITENOISE_USE_FINDERS)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_make_run_hides_debug_pages_unless_debug_is_asked_for(tmp_path):
    assert dev_debug(tmp_path) == "False True"
    assert dev_debug(tmp_path, DEBUG="1") == "True True"
