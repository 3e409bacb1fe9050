"""Settings for pytest. The suite runs against DATABASE_URL and REDIS_URL when
they are set (as `make test` does) and on SQLite otherwise, for a quick loop."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests decide themselves whether a task goes through the broker.
CELERY_TASK_ALWAYS_EAGER = True
AXES_FAILURE_LIMIT = 3

# Serve static files from their sources, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Files the tests make (reports) go to a folder of their own, which a worker the
# tests start is given too.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mensenwerk-media-"))
