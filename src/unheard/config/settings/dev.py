"""Local development and `make run`: debug on unless DEBUG says otherwise, a throwaway key."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me"
DATA_DIR.mkdir(parents=True, exist_ok=True)
# `make run` starts no task worker and no mail server: run background tasks at once and print
# e-mails to the console, unless EMAIL_HOST names a server (then start `unheard db_worker` too).
if not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
