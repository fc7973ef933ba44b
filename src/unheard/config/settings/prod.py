"""Production: SECRET_KEY must be set, secure cookies, HTTPS assumed behind a proxy.

The documented environment is deploy/unheard.env.example; with it `unheard check --deploy`
reports nothing (tests/accounts/test_deploy_settings.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
SESSION_COOKIE_SECURE = env_bool("UNHEARD_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only: redirect plain HTTP (nginx does it too) and tell browsers to use HTTPS alone.
SECURE_SSL_REDIRECT = env_bool("UNHEARD_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("UNHEARD_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("UNHEARD_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload flag only permits a submission to the browsers' preload list; it submits nothing.
SECURE_HSTS_PRELOAD = env_bool("UNHEARD_HSTS_PRELOAD", True)
UNHEARD_STAFF_2FA = env_bool("UNHEARD_STAFF_2FA", True)
# deploy/nginx.conf's `internal` location for public media (core/media.py).
UNHEARD_MEDIA_ACCEL_PREFIX = os.environ.get("UNHEARD_MEDIA_ACCEL_PREFIX", "/internal-media/")
# Each gunicorn worker keeps its SQLite connection: opening one runs the PRAGMAs, and closing the
# last one checkpoints the WAL and syncs the disk, 18 ms of a 26 ms sign-up (bench/marathon_bench.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
