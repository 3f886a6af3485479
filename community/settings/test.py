"""pytest: fast hasher, in-memory mail, the database chosen by DATABASE_URL (SQLite default)."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Browser tests run a real daphne process and read its mail from files.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH", "")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost", "[::1]"]
# Tasks run in this process right after the enqueuing transaction commits, through the worker's
# own code; tests that start real workers (tests/jobs/) set TASKS_EAGER_ON_COMMIT=0 for them.
TASKS_EAGER_ON_COMMIT = env_bool("TASKS_EAGER_ON_COMMIT", True)
# The test client has no worker beside it: /healthz still reports the "worker" field, and the
# tests of the 503 rule (and the live ones) turn the requirement on.
HEALTHZ_REQUIRES_WORKER = env_bool("HEALTHZ_REQUIRES_WORKER", False)
# Each test clears the cache; every stamp read goes to it (tests/foundation/test_cache_versions.py
# turns the per-process second back on).
CACHE_VERSION_LOCAL_SECONDS = float(os.environ.get("CACHE_VERSION_LOCAL_SECONDS", "0"))
