"""Settings shared by every environment; each value that varies comes from the environment.

The embedded default is SQLite plus Channels' in-memory layer. ``DATABASE_URL`` switches to
PostgreSQL and ``REDIS_URL`` to channels-redis and a Redis cache, which is how the same code
scales out to several daphne processes.
"""

import math
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_seconds(
    name: str, default: float, *, minimum: float, maximum: float | None = None
) -> float:
    """A number of seconds from the environment; a malformed value stops start-up, saying why."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < minimum or (maximum is not None and value > maximum):
        bounds = f"at least {minimum:g}" + (f" and at most {maximum:g}" if maximum else "")
        raise ImproperlyConfigured(f"{name} must be a number of seconds, {bounds}; got {raw!r}.")
    return value


DEFAULT_SECRET_KEY = "insecure-local-development-key-change-me"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Only behind a proxy that sets X-Forwarded-Proto itself (and drops any a client sent):
# otherwise any client could claim HTTPS. Read by production settings and the websocket
# origin check.
TRUST_X_FORWARDED_PROTO = env_bool("TRUST_X_FORWARDED_PROTO", False)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The name and address emails sign with (allauth's "Hello from …", "Thank you for using …").
SITE_NAME = os.environ.get("SITE_NAME", "Rebuilding Trust")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "daphne",
    "community.accounts",
    "groups",
    "forum",
    "moderation",
    "content",
    "notifications",
    "drafts",
    "chat",
    "bench",
    "jobs",
    "community.apps.CommunityAdminConfig",  # django.contrib.admin, two-factor for staff
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "community.middleware.PermissionsPolicyMiddleware",
    "community.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "community.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "community.accounts.middleware.SessionSecondFactorMiddleware",
    "community.accounts.time_zones.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "drafts.middleware.SignedOutWordsMiddleware",
    "community.accounts.middleware.WagtailAdminSecondFactorMiddleware",
    "community.middleware.PrivateCacheMiddleware",
    "community.middleware.RateLimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "community.urls"
ASGI_APPLICATION = "community.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "community.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'community.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets parallel test runs on one PostgreSQL server keep apart.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue instead of failing with "database is locked".
    # secure_delete overwrites deleted rows with zeros instead of leaving them in free pages;
    # account deletion then checkpoints the WAL (``community.privacy.storage_forget``).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
        }
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "asgi"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "community"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: sign in by email, pseudonym as the username, mandatory confirmation.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_VALIDATORS = "community.accounts.validators.pseudonym_validators"
ACCOUNT_USERNAME_BLACKLIST = []  # reserved names live in community.accounts.validators
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "community.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "community.accounts.forms.LoginForm",
    "signup": "community.accounts.forms.SignupForm",
    "add_email": "community.accounts.forms.AddEmailForm",
    "change_password": "community.accounts.forms.ChangePasswordForm",
    "set_password": "community.accounts.forms.SetPasswordForm",
    "reset_password": "community.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "community.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "community.accounts.forms.ReauthenticateForm",
}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "community.accounts.forms.MfaAuthenticateForm",
    "reauthenticate": "community.accounts.forms.MfaReauthenticateForm",
    "activate_totp": "community.accounts.forms.ActivateTOTPForm",
}
MFA_TOTP_ISSUER = "Rebuilding Trust community"

# Seconds before a safety alert nobody acknowledged goes to every moderator (by email too), and
# how often the scheduler looks for such alerts (at most every 30 s: PRODUCT.md's promise).
SAFETY_ESCALATION_SECONDS = env_seconds("SAFETY_ESCALATION_SECONDS", 600, minimum=1)
SAFETY_ESCALATION_CHECK_SECONDS = env_seconds(
    "SAFETY_ESCALATION_CHECK_SECONDS", 15, minimum=0.5, maximum=30
)

# Background work (docs/tasks.md): django-tasks with its database backend, so the same code runs
# on SQLite (``make run``) and PostgreSQL, where any number of workers share the queue. Wagtail's
# own index updates stay on the immediate "default" backend, in the request, as before.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "durable": {"BACKEND": "jobs.backend.DurableBackend"},
}
# Tests only: run each task in the same process right after the transaction that enqueued it
# commits, through the worker's own code (the live tests start real workers instead).
TASKS_EAGER_ON_COMMIT = False
# A failed attempt is retried after 1x, 2x, 4x ... this many seconds (capped per task).
TASK_RETRY_BASE_SECONDS = env_seconds("TASK_RETRY_BASE_SECONDS", 5, minimum=0)
# A task still "running" on a worker not seen for this long is handed to another worker.
TASK_WORKER_LOST_SECONDS = env_seconds("TASK_WORKER_LOST_SECONDS", 60, minimum=1)
TASK_WORKER_HEARTBEAT_SECONDS = env_seconds("TASK_WORKER_HEARTBEAT_SECONDS", 5, minimum=0.2)
# The scheduler lease: one scheduler acts at a time; another takes over when it lapses.
SCHEDULER_LEASE_SECONDS = env_seconds("SCHEDULER_LEASE_SECONDS", 30, minimum=1)
# Periodic work, run by whichever worker holds the scheduler lease (no cron). Checked at
# start-up by jobs.apps: a malformed entry stops every process with a message naming it.
PERIODIC_TASKS = {
    "safety-escalation": {
        "task": "moderation.tasks.escalate_safety_alerts",
        "seconds": SAFETY_ESCALATION_CHECK_SECONDS,
    },
    "session-reminders": {"task": "chat.tasks.send_session_reminders", "seconds": 300},
    "seat-offers": {"task": "groups.tasks.expire_seat_offers", "seconds": 300},
    "chat-retention": {"task": "chat.tasks.purge_chat", "seconds": 900},
    "scheduled-publishing": {"task": "content.tasks.publish_scheduled", "seconds": 60},
    "expired-sessions": {
        "task": "community.accounts.tasks.clear_expired_sessions",
        "seconds": 86400,
    },
    "task-history": {"task": "jobs.tasks.prune_task_history", "seconds": 3600},
}
# /healthz answers 503 when no worker has been seen for this long.
HEALTHZ_REQUIRES_WORKER = env_bool("HEALTHZ_REQUIRES_WORKER", True)
# How long a process trusts the version stamps it read from the shared cache
# (community/cache_versions.py): a watched-word or guide change made in another process
# applies here within this many seconds.
CACHE_VERSION_LOCAL_SECONDS = float(os.environ.get("CACHE_VERSION_LOCAL_SECONDS", "1.0"))
HEALTHZ_WORKER_MAX_AGE_SECONDS = 120

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("ru", "Русский")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Community <no-reply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that hangs holds one task worker, never a page: give up after this long (the
# task is retried later).
EMAIL_TIMEOUT = env_seconds("EMAIL_TIMEOUT", 30, minimum=1)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")  # the file backend's folder, if used

WAGTAIL_SITE_NAME = SITE_NAME
# One sign-in for everyone (allauth's, with two-factor), the Wagtail admin's included.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Database sessions with the account id indexed, so deleting an account ends every session.
SESSION_ENGINE = "community.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A stale or missing CSRF token shows the site's calm page, which gives the words back.
CSRF_FAILURE_VIEW = "drafts.rescue.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses (community.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
)

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere. The websocket
# origin of the served host is added per request, and /admin/ and /django-admin/ get a relaxed
# policy (their templates use inline script and style): see community/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Chat: at most this many messages per member in this many seconds (0: no limit, bench only).
CHAT_RATE_LIMIT_COUNT = int(os.environ.get("CHAT_RATE_LIMIT_COUNT", "5"))
CHAT_RATE_LIMIT_SECONDS = int(os.environ.get("CHAT_RATE_LIMIT_SECONDS", "5"))
# Flow control (chat/flow.py, chat/PROTOCOL.md "Flow control"): frames a second one socket may
# send (0: no budget; only ``make bench``'s capacity run), messages one socket may have waiting
# to be stored, and when the process answers ``busy`` (messages waiting longer than this many
# seconds to be stored, or this many waiting in all).
CHAT_FRAME_RATE = float(os.environ.get("CHAT_FRAME_RATE", "20"))
CHAT_FRAME_BURST = float(os.environ.get("CHAT_FRAME_BURST", "40"))
CHAT_MAX_QUEUED_MESSAGES = int(os.environ.get("CHAT_MAX_QUEUED_MESSAGES", "8"))
CHAT_BUSY_AFTER_SECONDS = float(os.environ.get("CHAT_BUSY_AFTER_SECONDS", "1.0"))
CHAT_MAX_PENDING_WRITES = int(os.environ.get("CHAT_MAX_PENDING_WRITES", "100"))

# ``make bench`` only: the bare reference view and echo consumer answer (404 / close otherwise).
BENCH_REFERENCE_VIEWS = env_bool("BENCH_REFERENCE_VIEWS", False)

# Where the quick-exit button sends a person: an everyday site that draws no attention.
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# Whose helplines a crisis panel shows when neither the member's saved country nor the
# browser's language names one (``content/countries.py``): an ISO 3166 code, or empty for the
# international directories alone.
CRISIS_DEFAULT_COUNTRY = os.environ.get("CRISIS_DEFAULT_COUNTRY", "US")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Addresses in log lines show their route, never search terms or tokens.
    "filters": {"redacted_path": {"()": "community.log_privacy.RedactedPathFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs would carry query strings (search terms); keep them out.
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
            "filters": ["redacted_path"],
        },
        # ``manage.py runserver`` (daphne's) logs each request's address.
        "django.channels.server": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redacted_path"],
        },
        # Every page save runs search-index tasks; one line each is noise, not news.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}
