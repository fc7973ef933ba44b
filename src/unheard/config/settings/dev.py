"""Local development and `make run`: debug pages off unless DEBUG=1, a throwaway key.

With DEBUG off the demo answers as a real site does (its own 404 and 500 pages, no URL list);
WhiteNoise serves the static files straight from the apps, so no collectstatic is needed.
`DEBUG=1 make run` turns Django's debug pages on for development.
"""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DATA_DIR.mkdir(parents=True, exist_ok=True)
# `make run` starts no task worker and no mail server: run background tasks at once and print
# e-mails to the console, unless EMAIL_HOST names a server (then start `unheard db_worker` too).
if not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
