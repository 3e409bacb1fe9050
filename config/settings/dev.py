"""Local development: `make run`. Debug on, a fixed key that is useless elsewhere."""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
STORAGES = {
    **STORAGES,
    # No manifest needed while developing: files are served from their sources.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from their sources, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
