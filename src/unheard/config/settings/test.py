"""Test settings: the database comes from DATABASE_URL (SQLite in a temporary file by default)."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Background tasks run at once, in the test's own thread and transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
# Tests sign staff in with client.force_login and the admin's login form, without a second
# factor and without being locked out; tests/accounts turns both back on with `settings`.
UNHEARD_STAFF_2FA = False
AXES_ENABLED = False
# Nor does signing in (or viewing a donor) add audit rows that other tests do not expect.
UNHEARD_AUDIT_ACCESS = False
# Each test process keeps its own cache (tests/conftest.py starts every test on a fresh version).
# Room for every page the canary walks (the default of 300 entries would cull them as it goes).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# Pages are rendered afresh unless a test turns the page cache on (tests/core/test_page_cache.py,
# the canary): many tests change the record with `update()`, which sends no signal.
UNHEARD_PAGE_CACHE_SECONDS = 0
# A fixed sharing key, so that the feed is served (and walked by the canary); never use it
# outside the tests.
UNHEARD_SHARING_PRIVATE_KEY = "dGVzdC1vbmx5LXNoYXJpbmcta2V5LTMyLWJ5dGVzISE="
