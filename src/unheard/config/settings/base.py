"""Settings shared by every environment; everything deployment-specific comes from the environment.

Environment variables: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, and UNHEARD_* for the
project's own options (documented in README.md, "Configuration").
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("UNHEARD_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("UNHEARD_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",
    "unheard.core.admin_config.UnheardAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "reversion",
    "unheard.core",
    "unheard.registry",
    "unheard.actions",
    "django_tasks",
    "django_tasks_db",
    "unheard.letters",
    "unheard.search",
    "unheard.funds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "unheard.core.middleware.RevisionMiddleware",
]

ROOT_URLCONF = "unheard.config.urls"
WSGI_APPLICATION = "unheard.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'unheard.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock upgrades; a
        # writer waits up to 20 s for the lock (writes are kept short) instead of failing.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("UNHEARD_SQLITE_TIMEOUT", "20")),
        }
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("UNHEARD_DEFAULT_LANGUAGE", "en")
LANGUAGES = [
    ("ru", _("Russian")),
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("UNHEARD_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "ru"), "ru": ("en",)}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# Publishing a record needs an approval by an editor other than the one who submitted it.
UNHEARD_REQUIRE_SECOND_APPROVAL = env_bool("UNHEARD_REQUIRE_SECOND_APPROVAL", True)
UNHEARD_SITE_NAME = os.environ.get("UNHEARD_SITE_NAME", "Unheard")

# Loaders run in order by `unheard loaddemo` (each takes `refresh` and returns a report).
UNHEARD_DEMO_LOADERS = [
    "unheard.registry.demo_loader.demo_load",
    "unheard.actions.demo_loader.demo_load",
]
# Templates other apps contribute to the "how to help" box of a person's page.
UNHEARD_PERSON_HELP_TEMPLATES: list[str] = []

# Letters (unheard.letters). Background work runs through django-tasks' database backend:
# start `unheard db_worker` beside the web server. E-mail goes over SMTP.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "letters@localhost")
# The site's public address, for links in e-mails ("https://example.org").
UNHEARD_SITE_URL = os.environ.get("UNHEARD_SITE_URL", "http://127.0.0.1:8000")
UNHEARD_PERSON_HELP_TEMPLATES.append("letters/includes/person_help.html")
UNHEARD_LETTER_MAX_CHARS = int(os.environ.get("UNHEARD_LETTER_MAX_CHARS", "6000"))
UNHEARD_LETTER_MAX_ATTACHMENTS = 3
UNHEARD_LETTER_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
UNHEARD_LETTER_CONFIRMATION_HOURS = 72
# Authors' names, e-mails and addresses are deleted this many days after delivery.
UNHEARD_LETTER_RETENTION_DAYS = int(os.environ.get("UNHEARD_LETTER_RETENTION_DAYS", "90"))
# Submissions allowed per network address and per e-mail address: one a minute, this many a day.
UNHEARD_LETTER_DAILY_LIMIT = int(os.environ.get("UNHEARD_LETTER_DAILY_LIMIT", "10"))

# Public site (registry pages). Translated fields the translators' dashboard tracks, most
# important first ("app_label.Model.field"); other apps append theirs.
UNHEARD_TRANSLATION_TRACKED_FIELDS = [
    "registry.Person.summary",
    "registry.Person.biography",
    "registry.Case.summary",
    "letters.LetterRules.text",
    "funds.Campaign.title",
    "funds.Campaign.summary",
]
# Where the home page's three ways to help lead: URL names tried in order (the first that
# resolves wins); apps that build these pages insert their own name at the front.
UNHEARD_HELP_LINKS = {
    "write": ["letters:few_letters", "registry:person_list"],
    "give": ["funds:campaign_list", "registry:person_list"],
    "act": ["registry:person_list"],
}

# Search: whether the public search may return synthetic (benchmark) people. Only for a
# benchmark instance; synthetic people have no public page.
UNHEARD_SEARCH_INCLUDE_SYNTHETIC = env_bool("UNHEARD_SEARCH_INCLUDE_SYNTHETIC", False)
# Letters: the home page's "write" link leads to the people who get few letters.
UNHEARD_HELP_LINKS["write"].insert(0, "letters:few_letters")

# Funds (unheard.funds). Totals of the public report are in this currency (ISO 4217).
UNHEARD_REPORTING_CURRENCY = os.environ.get("UNHEARD_REPORTING_CURRENCY", "EUR").strip().upper()
# Counts of people helped from 1 to this number minus one are published as "fewer than N".
UNHEARD_FUNDS_SMALL_COUNT = int(os.environ.get("UNHEARD_FUNDS_SMALL_COUNT", "5"))
# An exchange rate serves the dates up to this many days after its own (weekends, holidays).
UNHEARD_FUNDS_RATE_MAX_AGE_DAYS = int(os.environ.get("UNHEARD_FUNDS_RATE_MAX_AGE_DAYS", "7"))
UNHEARD_PERSON_HELP_TEMPLATES.append("funds/includes/person_help.html")
UNHEARD_DEMO_LOADERS.append("unheard.funds.demo_loader.demo_load")
UNHEARD_HELP_LINKS["give"].insert(0, "funds:campaign_list")
# Behind a reverse proxy that always overwrites it: the request header holding the client's
# address (e.g. "HTTP_X_REAL_IP"); empty means REMOTE_ADDR. Used by rate limits.
UNHEARD_CLIENT_IP_HEADER = os.environ.get("UNHEARD_CLIENT_IP_HEADER", "")
