"""The page cache for anonymous readers (core/page_cache.py) and its invalidation by the record's
version (core/record_cache.py)."""

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests import factories as f
from unheard.core import record_cache


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.UNHEARD_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def person(db):
    return f.writable_person(display_name_en="Anna Cachedova")


def page(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_an_anonymous_reader_is_served_from_the_cache_without_a_query(
    client, person, django_assert_num_queries
):
    url = f"/en/people/{person.slug}/"
    first = page(client, url)
    assert first["X-Page-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = page(client, url)
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    # Headers set below the cache are kept with the page; those above it are added again.
    for header in ("Content-Type", "X-Frame-Options", "Permissions-Policy", "Content-Language"):
        assert second[header] == first[header], header
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Set-Cookie" not in second.headers


def test_the_key_holds_the_language_and_the_query(client, person):
    page(client, f"/en/people/{person.slug}/")
    assert page(client, f"/ru/people/{person.slug}/")["X-Page-Cache"] == "MISS"
    assert page(client, f"/en/people/{person.slug}/?tab=1")["X-Page-Cache"] == "MISS"
    assert page(client, f"/en/people/{person.slug}/?tab=1")["X-Page-Cache"] == "HIT"


def test_a_change_to_a_published_person_shows_on_the_next_get(client, person):
    url = f"/en/people/{person.slug}/"
    page(client, url)
    person.display_name_en = "Anna Renamedova"
    person.save()
    response = page(client, url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Anna Renamedova" in response.content.decode()


def test_a_change_of_another_declared_app_drops_the_pages(client, person):
    from tests.funds.conftest import make_campaign

    url = "/en/campaigns/"
    page(client, url)
    make_campaign(slug="new-appeal", title="A new appeal")
    response = page(client, url)
    assert response["X-Page-Cache"] == "MISS"
    assert "A new appeal" in response.content.decode()


def test_a_change_of_an_undeclared_model_keeps_the_pages(client, person):
    from unheard.publishing.models import Subscription

    version = record_cache.record_version()
    Subscription.objects.create(email="reader@example.org", language="en", scope="all")
    assert record_cache.record_version() == version


def test_a_sign_up_leads_to_a_page_kept_for_every_reader(client, person):
    """The follow form posts without rendering; the page it leads to comes from the caches."""
    response = client.post("/en/alerts/", {"email": "reader@example.org", "scope": "registry"})
    assert response.status_code == 302 and "Set-Cookie" not in response.headers
    assert page(client, response["Location"])["X-Page-Cache"] == "MISS"
    assert page(client, response["Location"])["X-Page-Cache"] == "HIT"


def test_a_signed_in_user_is_never_served_a_cached_page(client, person, make_staff):
    url = f"/en/people/{person.slug}/"
    page(client, url)
    assert page(client, url)["X-Page-Cache"] == "HIT"
    staff = Client()
    staff.force_login(make_staff("editor"))
    response = page(staff, url)
    assert "X-Page-Cache" not in response.headers
    # Nor is what the signed-in user saw kept for anyone.
    assert page(staff, url).get("X-Page-Cache") is None


def test_the_letter_form_with_its_csrf_token_is_never_kept(client, person):
    url = f"/en/people/{person.slug}/letter/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "X-Page-Cache" not in response.headers
    # Nor is it kept for a reader who already holds a CSRF cookie (no cookie is set then).
    reader = Client()
    reader.cookies["csrftoken"] = client.cookies["csrftoken"].value
    assert "X-Page-Cache" not in reader.get(url).headers
    assert "X-Page-Cache" not in reader.get(url).headers


def test_a_reader_with_messages_waiting_is_not_served_from_the_cache(client, person):
    url = f"/en/people/{person.slug}/"
    page(client, url)
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in page(client, url).headers


def test_an_error_page_is_not_kept(client, person):
    assert client.get("/en/people/no-such-person/").status_code == 404
    assert "X-Page-Cache" not in client.get("/en/people/no-such-person/").headers


def test_the_cache_is_off_at_zero_seconds(client, person, settings):
    settings.UNHEARD_PAGE_CACHE_SECONDS = 0
    url = f"/en/people/{person.slug}/"
    page(client, url)
    assert "X-Page-Cache" not in page(client, url).headers


def test_a_page_rendered_before_the_change_commits_is_not_served_after_it(
    client, person, django_capture_on_commit_callbacks
):
    url = f"/en/people/{person.slug}/"
    with django_capture_on_commit_callbacks(execute=True):
        person.display_name_en = "Anna Committedova"
        person.save()
        # Another reader's page, rendered while the change is not yet committed.
        page(client, url)
        assert page(client, url)["X-Page-Cache"] == "HIT"
    assert page(client, url)["X-Page-Cache"] == "MISS"


@pytest.fixture
def production_caches(settings, tmp_path):
    """The production arrangement: pages in this process's memory, the record's version in a
    file next to the default file cache (core/record_cache.py)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    }
    return tmp_path


def test_a_change_in_another_process_drops_the_pages_kept_in_this_one(
    client, person, production_caches
):
    url = f"/en/people/{person.slug}/"
    page(client, url)
    assert page(client, url)["X-Page-Cache"] == "HIT"
    # A gunicorn worker of the same instance (the production settings, the same data folder).
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unheard.config.settings.prod",
        "SECRET_KEY": "test-only-key",
        "UNHEARD_DATA_DIR": str(production_caches),
    }
    change = "import django; django.setup(); from unheard.core import record_cache as r; "
    change += "r.record_changed(); print(r.record_version())"
    other = subprocess.run(
        [sys.executable, "-c", change], env=environment, capture_output=True, text=True
    )
    assert other.returncode == 0, other.stderr
    assert record_cache.record_version() == other.stdout.strip()
    assert page(client, url)["X-Page-Cache"] == "MISS"


def test_a_lost_version_file_is_replaced_by_a_new_version(client, person, production_caches):
    version = record_cache.record_version()
    (production_caches / "cache" / "record-version").unlink()
    assert record_cache.record_version() not in ("", version)
    assert record_cache.record_version() == record_cache.record_version()
