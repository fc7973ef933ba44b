"""Settings shared by every environment; everything deployment-specific comes from the environment.

Environment variables: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, and UNHEARD_* for the
project's own options (documented in README.md, "Configuration").
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
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
    # Before the admin: its admin/base_site.html adds the link to one's sign-in and sessions.
    "unheard.accounts",
    "unheard.core.admin_config.UnheardAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
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
    "unheard.publishing",
    "django.contrib.sitemaps",
    "unheard.petitions",
    "unheard.sharing",
    "unheard.agenda",
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
    # Before anything reads the body: a request announcing more than the limit is refused unread.
    "unheard.core.limits.RequestBodyLimitMiddleware",
    # Before everything that is the same for every anonymous reader (headers, the language) and
    # anything that reads the session or the database: a page kept for anonymous readers is
    # answered from here with the headers it was stored with (core/page_cache.py).
    "unheard.core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "unheard.accounts.middleware.StaffAccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "unheard.core.middleware.PermissionsPolicyMiddleware",
    "unheard.core.middleware.ConfidentialAccessAuditMiddleware",
    "unheard.core.middleware.RevisionMiddleware",
    # Last: turns a login refused for a locked-out account or address into its page.
    "axes.middleware.AxesMiddleware",
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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Offline: a bundled list of breached passwords and the words people here would choose.
    {"NAME": "unheard.accounts.passwords.BundledWordsValidator"},
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
# Public files under media are served by their app's view after the visibility check
# (core/media.py). Behind nginx set it to deploy/nginx.conf's internal location: the view then
# answers with X-Accel-Redirect and nginx sends the bytes; empty: Django streams the file.
UNHEARD_MEDIA_ACCEL_PREFIX = os.environ.get("UNHEARD_MEDIA_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# Publishing a record needs an approval by an editor other than the one who submitted it.
UNHEARD_REQUIRE_SECOND_APPROVAL = env_bool("UNHEARD_REQUIRE_SECOND_APPROVAL", True)
UNHEARD_SITE_NAME = os.environ.get("UNHEARD_SITE_NAME", "Unheard")
# The checking queue: a status with no news or check for this many months is checked again, and
# an editor's "checked" mark holds for as long (unheard.registry.checking).
UNHEARD_CHECK_AFTER_MONTHS = int(os.environ.get("UNHEARD_CHECK_AFTER_MONTHS", "6"))
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
# The sender of every e-mail of the site: letters, actions, alerts, petitions, reminders.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "unheard@localhost")
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
# Uploaded pictures (core.images): the largest file taken when the caller sets no limit.
UNHEARD_IMAGE_MAX_BYTES = 5 * 1024 * 1024
# Actions (unheard.actions): sign-ups and proposals per network or e-mail address, one a minute
# and this many a day; how long a confirmation link lasts.
UNHEARD_ACTION_DAILY_LIMIT = int(os.environ.get("UNHEARD_ACTION_DAILY_LIMIT", "50"))
UNHEARD_ACTION_CONFIRMATION_HOURS = 72
# Sign-ups (names, e-mails) and proposers' contacts are deleted this many days after the action
# ends (`unheard actions_purge`, daily).
UNHEARD_ACTION_SIGNUP_RETENTION_DAYS = int(
    os.environ.get("UNHEARD_ACTION_SIGNUP_RETENTION_DAYS", "30")
)
# Petitions (unheard.petitions) and reminders (unheard.agenda): signatures and reminder requests
# allowed per network address and per e-mail address, one a minute and this many a day.
UNHEARD_PETITION_DAILY_LIMIT = int(os.environ.get("UNHEARD_PETITION_DAILY_LIMIT", "10"))


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

# Publishing (unheard.publishing): alerts to subscribers. A confirmation link lives this many hours,
# a manage or unsubscribe link this many days; an event older than this many days when published
# alerts nobody (it is history, not news); e-mails go out in batches of this size, one task and
# one SMTP connection each, with this pause between messages.
UNHEARD_ALERT_CONFIRMATION_HOURS = int(os.environ.get("UNHEARD_ALERT_CONFIRMATION_HOURS", "72"))
UNHEARD_ALERT_LINK_DAYS = int(os.environ.get("UNHEARD_ALERT_LINK_DAYS", "365"))
UNHEARD_ALERT_RECENT_DAYS = int(os.environ.get("UNHEARD_ALERT_RECENT_DAYS", "30"))
UNHEARD_ALERT_BATCH_SIZE = int(os.environ.get("UNHEARD_ALERT_BATCH_SIZE", "100"))
UNHEARD_ALERT_PAUSE_SECONDS = float(os.environ.get("UNHEARD_ALERT_PAUSE_SECONDS", "0.1"))
# Sharing between instances (docs/publishing.md): this instance's Ed25519 private key, as base64
# text in the environment or in a file (`unheard sharing_keys` writes the file); no key, no feed.
# A peer's feed larger than this many bytes is refused.
UNHEARD_SHARING_PRIVATE_KEY = os.environ.get("UNHEARD_SHARING_PRIVATE_KEY", "").strip()
UNHEARD_SHARING_KEY_FILE = Path(
    os.environ.get("UNHEARD_SHARING_KEY_FILE", DATA_DIR / "sharing-ed25519.key")
)
UNHEARD_SHARING_MAX_FEED_BYTES = int(
    os.environ.get("UNHEARD_SHARING_MAX_FEED_BYTES", str(64 * 1024 * 1024))
)
# Trusted reverse proxies: addresses or networks ("127.0.0.1, 10.0.0.0/8"). The client-address
# header above is read only when the request comes from one of them; from anyone else it is
# ignored and REMOTE_ADDR counts. Empty: every request is taken as sent directly.
UNHEARD_TRUSTED_PROXIES = env_list("UNHEARD_TRUSTED_PROXIES", "127.0.0.1,::1")

# Staff accounts (unheard.accounts, docs/security.md). A second factor (TOTP) is required for
# every back-office page; the test settings turn it off so that tests may sign staff in
# without one, and the 2FA tests turn it back on.
UNHEARD_STAFF_2FA = env_bool("UNHEARD_STAFF_2FA", True)
# A staff session ends after this many minutes without a request, and this many hours after
# sign-in whatever happens.
UNHEARD_STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("UNHEARD_STAFF_SESSION_IDLE_MINUTES", "30"))
UNHEARD_STAFF_SESSION_MAX_HOURS = int(os.environ.get("UNHEARD_STAFF_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = UNHEARD_STAFF_SESSION_MAX_HOURS * 3600
OTP_TOTP_ISSUER = UNHEARD_SITE_NAME
# Login throttling (django-axes): after UNHEARD_LOGIN_FAILURE_LIMIT wrong passwords for one
# account, or from one address, further attempts are refused until an admin unlocks them
# (back office → Axes → Access attempts: delete the row) or the cool-off passes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("UNHEARD_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = int(os.environ.get("UNHEARD_LOGIN_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = int(os.environ.get("UNHEARD_LOGIN_COOLOFF_HOURS", "24")) or None
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "unheard.core.http.client_ip_for_axes"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sign-ins, failed sign-ins, lock-outs and views of confidential values go into the audit log
# (writes always do). Off only in the test settings.
UNHEARD_AUDIT_ACCESS = env_bool("UNHEARD_AUDIT_ACCESS", True)
# The audit log keeps rows this many days; `unheard audit_purge` deletes older ones.
UNHEARD_AUDIT_RETENTION_DAYS = int(os.environ.get("UNHEARD_AUDIT_RETENTION_DAYS", "730"))

# Limits. A request body larger than this is refused before it is read (nginx refuses it
# earlier: client_max_body_size in deploy/nginx.conf). Letters carry up to three 5 MB images.
UNHEARD_MAX_REQUEST_BYTES = int(os.environ.get("UNHEARD_MAX_REQUEST_BYTES", str(16 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# An uploaded image with more pixels than this is refused from its header, never decoded.
UNHEARD_IMAGE_MAX_PIXELS = int(os.environ.get("UNHEARD_IMAGE_MAX_PIXELS", str(25_000_000)))

# Headers. The Content-Security-Policy allows no inline script or style; a script that must be
# inline carries the request's nonce (`{{ request.csp_nonce }}`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
UNHEARD_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# One cache for every process of the instance (gunicorn's workers, the commands that change the
# record): counted statistics and pages are dropped by any change to the record
# (core/record_cache.py), which only works when every process sees the same cache. A file cache
# needs no server; a larger instance may name Redis or Memcached here instead. Whole pages for
# anonymous readers (core/page_cache.py) have their own alias, so that they never push the
# counted figures out; UNHEARD_PAGE_CACHE_SECONDS bounds how long a page is kept (0: never).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    },
    # Whole pages for anonymous readers (core/page_cache.py), in each worker's memory: a kept page
    # is answered without a file read, and the record's version (a file next to the default
    # cache, core/record_cache.py) tells every worker at once which pages are out of date.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("UNHEARD_PAGE_CACHE_ENTRIES", "2000"))},
    },
}
UNHEARD_PAGE_CACHE_SECONDS = int(os.environ.get("UNHEARD_PAGE_CACHE_SECONDS", "300"))
