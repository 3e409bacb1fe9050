"""Settings for pytest. The suite runs against DATABASE_URL and REDIS_URL when
they are set (as `make test` does) and on SQLite otherwise, for a quick loop."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import axe_playwright_python

from config.settings.base import *  # noqa: F403
from config.settings.base import REDIS_URL, STORAGES

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
# axe-core for the browser tests, loaded by the page from the live server like any
# script of ours: the browser caches it and keeps it compiled between checks.
NPM_STATIC_FILES = {
    **NPM_STATIC_FILES,  # noqa: F405
    "tests/axe.min.js": str(Path(axe_playwright_python.__file__).with_name("axe.min.js")),
}

# Emptied with DELETE between the tests that commit (tests/postgresql/base.py says why).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405

# Files the tests make (reports) go to a folder of their own, which a worker the
# tests start is given too.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="mensenwerk-media-"))

# Under pytest-xdist every worker has a database of its own (pytest-django names it
# after the worker) and here a Redis database of its own: a Celery worker that one
# test starts never takes the tasks of another test's database. The environment
# carries it to the processes the tests start.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist_worker.startswith("gw"):
    _redis = urlsplit(REDIS_URL)
    # Databases 1 to 12; the production smoke test keeps 15 to itself.
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{int(_xdist_worker[2:]) % 12 + 1}"))
    os.environ["REDIS_URL"] = REDIS_URL
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {"default": {**CACHES["default"], "LOCATION": REDIS_URL}}  # noqa: F405

# Two-factor authentication (twofactor/).

# Single sign-on with OpenID Connect (sso/).

# The API (api/).
