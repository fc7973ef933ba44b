"""Settings shared by every environment; everything deployment-specific comes from the environment.

Environment variables: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, and UNHEARD_* for the
project's own options (documented in README.md, "Configuration").
"""

import os
from email.utils import getaddresses
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
    "ninja",
    "reversion",
    "unheard.core",
    "unheard.registry",
    "unheard.actions",
    "django_tasks",
    "django_tasks_db",
    "unheard.letters",
    "unheard.search",
    "unheard.funds",
    "unheard.stats",
    "unheard.opendata",
    "unheard.brochure",
    "unheard.mirror",
    "unheard.demo",
    "unheard.ops",
]

MIDDLEWARE = [
    # Outermost, so that nothing under /api/ leaves as an HTML page, whatever layer failed.
    "unheard.core.api.middleware.ApiErrorsMiddleware",
    "unheard.core.logs.RequestIdMiddleware",
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
# What each app adds to the site (navigation, roles, "how to help" boxes, demo data, tracked
# translations) is declared on its AppConfig, not here: see unheard.core.plugins.

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
# Errors: to stderr with their traceback, and by e-mail to UNHEARD_ADMINS
# ("Ana <ana@example.org>, ops@example.org") when set. Each line carries the request id.
ADMINS = [
    (name, address)
    for name, address in getaddresses([os.environ.get("UNHEARD_ADMINS", "")])
    if address
]
SERVER_EMAIL = os.environ.get("UNHEARD_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
DEFAULT_EXCEPTION_REPORTER_FILTER = "unheard.core.logs.PostDataHiddenFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "unheard.core.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id", "require_debug_false"],
            "formatter": "line",
        },
    },
    "root": {
        "handlers": ["stderr", "mail_admins"],
        "level": os.environ.get("UNHEARD_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        # Django's own handlers are replaced: its records go up to the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
# The site's public address, for links in e-mails ("https://example.org").
UNHEARD_SITE_URL = os.environ.get("UNHEARD_SITE_URL", "http://127.0.0.1:8000")
UNHEARD_LETTER_MAX_CHARS = int(os.environ.get("UNHEARD_LETTER_MAX_CHARS", "6000"))
UNHEARD_LETTER_MAX_ATTACHMENTS = 3
UNHEARD_LETTER_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
UNHEARD_LETTER_CONFIRMATION_HOURS = 72
# Authors' names, e-mails and addresses are deleted this many days after delivery.
UNHEARD_LETTER_RETENTION_DAYS = int(os.environ.get("UNHEARD_LETTER_RETENTION_DAYS", "90"))
# Submissions allowed per network address and per e-mail address: one a minute, this many a day.
UNHEARD_LETTER_DAILY_LIMIT = int(os.environ.get("UNHEARD_LETTER_DAILY_LIMIT", "10"))


# Search: whether the public search may return synthetic (benchmark) people. Only for a
# benchmark instance; synthetic people have no public page.
UNHEARD_SEARCH_INCLUDE_SYNTHETIC = env_bool("UNHEARD_SEARCH_INCLUDE_SYNTHETIC", False)

# Funds (unheard.funds). Totals of the public report are in this currency (ISO 4217).
UNHEARD_REPORTING_CURRENCY = os.environ.get("UNHEARD_REPORTING_CURRENCY", "EUR").strip().upper()
# Counts of people helped from 1 to this number minus one are published as "fewer than N".
UNHEARD_FUNDS_SMALL_COUNT = int(os.environ.get("UNHEARD_FUNDS_SMALL_COUNT", "5"))
# An exchange rate serves the dates up to this many days after its own (weekends, holidays).
UNHEARD_FUNDS_RATE_MAX_AGE_DAYS = int(os.environ.get("UNHEARD_FUNDS_RATE_MAX_AGE_DAYS", "7"))
# The operator's contact details on /<lang>/contact/; each is shown only if set.
UNHEARD_CONTACT_EMAIL = os.environ.get("UNHEARD_CONTACT_EMAIL", "").strip()
UNHEARD_CONTACT_ADDRESS = os.environ.get("UNHEARD_CONTACT_ADDRESS", "").strip()
UNHEARD_CONTACT_URL = os.environ.get("UNHEARD_CONTACT_URL", "").strip()
# Behind a reverse proxy that always overwrites it: the request header holding the client's
# address (e.g. "HTTP_X_REAL_IP"); empty means REMOTE_ADDR. Used by rate limits.
UNHEARD_CLIENT_IP_HEADER = os.environ.get("UNHEARD_CLIENT_IP_HEADER", "")
