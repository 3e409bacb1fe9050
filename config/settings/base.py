"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the
environment. With nothing set, the application runs on SQLite with Celery
tasks executed in-process, so a bare machine can run it.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "organisations.apps.MensenwerkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "organisations",
    "transformation",
    "adoption",
    "inclusion",
    "reports",
    "privacy",
    "twofactor",
    "sso",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "organisations.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed its second factor.
    "django_otp.middleware.OTPMiddleware",
    # After authentication: the audit trail records request.user as who made a change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "organisations.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "organisations.middleware.CurrentOrganisationMiddleware",
    # After the workspace: whether a second factor is required depends on the roles.
    "twofactor.middleware.SecondFactorMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisations.context_processors.workspace",
                "inclusion.privacy.flags",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names a server.
DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL)
    if _db["ENGINE"] == "django.db.backends.postgresql":
        # Django's pool (psycopg 3) instead of persistent connections: the two
        # cannot be combined, and without either every request opens a new
        # TCP connection, which made a one-query view ten times slower.
        _db["CONN_MAX_AGE"] = 0
        # With the pool: each connection is checked before a request gets it, so after
        # a restart of the database the old connections are replaced, not handed out.
        _db["CONN_HEALTH_CHECKS"] = True
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            "timeout": 10,
        }
        # No JIT compilation: it pays off for queries that run for many seconds, but
        # the aggregates here take a fraction of one, and compiling them added up to
        # half a second to each (the inclusion page of the initiatives, the reports).
        options = _db["OPTIONS"].get("options", "")
        _db["OPTIONS"]["options"] = f"{options} -c jit=off".strip()
    DATABASES = {"default": _db}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
    # SQLite has no index columns beside the key (INCLUDE): the index of the latest
    # assessment is made without its level there, as the warning says and as intended.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out combination before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "organisations.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a working day of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# In the database; a save while the database is away is a 503, not a 400 (the module).
SESSION_ENGINE = "organisations.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# htmx gets the token from the page (hx-headers on <body>), so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Brute-force protection. Locking on username and IP together: a town hall
# behind one NAT address must not be locked out by one attacker, and one
# account must not be locked for everyone by guesses from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "organisations.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "organisations.security.client_ip"
AXES_VERBOSE = False
# How many reverse proxies of our own stand before the application: the client's
# address is taken that many places from the right of X-Forwarded-For. 0 (direct)
# ignores the header, which a client could otherwise fill with any address.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Records of logins and failed attempts (addresses, browsers) are personal data.
LOGIN_RECORDS_RETENTION_DAYS = env_int("LOGIN_RECORDS_RETENTION_DAYS", 90)

# Languages: Dutch first, English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "mensenwerk_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# One way to write a date per language (config/formats says where each format is used).
FORMAT_MODULE_PATH = ["config.formats"]

# Static files: our own in static/, the NL Design System CSS straight from
# node_modules (installed from package-lock.json), never copied into git.
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "organisations.staticfiles.NpmFinder",
]
# Only the files the pages link (organisations/staticfiles.py says why).
NPM_ROOT = BASE_DIR / "node_modules"
NPM_STATIC_FILES = {
    "nlds/tokens/theme.css": "@utrecht/design-tokens/dist/theme.css",
    # Noto Sans, the design tokens' font: Latin and Latin Extended (the accents of
    # Dutch, Turkish and Polish names), regular and bold; pages and PDFs use the same.
    **{
        f"fonts/noto-sans/{name}": f"@fontsource/noto-sans/files/{name}"
        for name in [
            f"noto-sans-{subset}-{weight}-normal.woff2"
            for subset in ("latin", "latin-ext")
            for weight in (400, 700)
        ]
    },
}
# The NL Design System components the pages use (`utrecht-<component>` classes), one
# npm package each, joined into one stylesheet in the component library's order
# (alphabetical). tests/test_staticfiles.py fails when a page uses a component missing
# here, or when one here is no longer used.
NLDS_COMPONENTS = [
    "alert",
    "button",
    "button-link",
    "checkbox",
    "document",
    "form-field",
    "form-field-description",
    "form-field-error-message",
    "form-fieldset",
    "form-label",
    "heading-1",
    "heading-2",
    "heading-3",
    "link",
    "ordered-list",
    "page-body",
    "paragraph",
    "radio-button",
    "select",
    "skip-link",
    "table",
    "textarea",
    "textbox",
    "unordered-list",
]
NPM_STATIC_BUNDLES = {
    "nlds/components.css": [f"@utrecht/{name}-css/dist/index.css" for name in NLDS_COMPONENTS],
}
# Where the finder writes the joined stylesheets, beside what npm installed.
NPM_BUILD_ROOT = NPM_ROOT / ".cache" / "mensenwerk"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Reports are stored through the storage API: set STORAGES["default"] to an
# S3-compatible backend to keep them elsewhere.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Content-Security-Policy: scripts only from ourselves with this response's
# nonce; no inline script, no eval. htmx is told (base.html) not to inject its
# indicator styles and not to evaluate code, so it works under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
# Features no page of ours uses are switched off for the page and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Email: printed to the console unless a server is configured.
EMAIL_HOST = env("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 10
elif env("EMAIL_FILE_PATH", ""):
    # Each mail a file in this folder: a staging installation that must not mail people.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", "")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Mensenwerk <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: on Redis when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WeasyPrint's native libraries keep some 50-90 kB a report (bench/RESULTS.md, "Worker
# memory"): a worker process is replaced after this many tasks, so it never adds up.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 200
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# Longer than the longest task: a shorter visibility timeout re-delivers
# healthy long tasks to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Enqueue again what a broker lost or a dead worker left behind.
    "sweep-reports": {"task": "reports.tasks.sweep_reports", "schedule": 60.0},
    # Scheduled monthly reports, looked for every hour (each is made once).
    "scheduled-reports": {
        "task": "reports.tasks.make_scheduled_reports",
        "schedule": crontab(minute=7),
    },
    # Housekeeping at night: expired sessions, and login records past their retention.
    "clear-expired-sessions": {
        "task": "organisations.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    "purge-login-records": {
        "task": "organisations.tasks.purge_login_records",
        "schedule": crontab(hour=3, minute=27),
    },
    # Each organisation's retention periods (privacy/retention.py), after the above.
    "apply-retention": {
        "task": "privacy.tasks.apply_retention_everywhere",
        "schedule": crontab(hour=3, minute=37),
    },
    # What needs attention, mailed on Monday morning (organisations/digest.py).
    "weekly-digest": {
        "task": "organisations.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week=1, hour=7, minute=3),
    },
}

# Where people reach this installation: emails link to it.
MENSENWERK_BASE_URL = env("MENSENWERK_BASE_URL", "http://127.0.0.1:8000")

if REDIS_URL:
    CACHES = {
        "default": {
            # Pages work on while Redis is away (organisations/cache.py).
            "BACKEND": "organisations.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint's step-by-step progress and the font subsetter's chatter.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}


# Two-factor authentication (twofactor/).
# The second step locks like the password does (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME):
# this many wrong codes, an app's or a recovery code, close it for the cool-off.
TWOFACTOR_FAILURE_LIMIT = env_int("TWOFACTOR_FAILURE_LIMIT", 5)
TWOFACTOR_COOLOFF_TIME = timedelta(minutes=env_int("TWOFACTOR_COOLOFF_MINUTES", 15))
TWOFACTOR_RECOVERY_CODES = 10
# The name the authenticator app shows above the code.
OTP_TOTP_ISSUER = "Mensenwerk"
# twofactor.models.SecondFactorLock counts the failures, over both kinds of code;
# django-otp's own waiting per device would refuse a right code after a typo.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Single sign-on with OpenID Connect (sso/).
# Sessions begun at an organisation's provider are this backend's (sso/backends.py);
# it authenticates no credentials, so django-axes (first) and passwords are unaffected.
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "sso.backends.ProviderBackend"]
# Seconds to wait for a provider's discovery document, keys and token endpoint.
SSO_HTTP_TIMEOUT = 10
# Seconds of clock difference with a provider tolerated in an ID token's times.
SSO_CLOCK_LEEWAY = 60

# The API (api/).
REST_FRAMEWORK = {
    # A token for programs, the session (with its CSRF token) for the browser.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "api.authentication.BrowserSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.WorkspacePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ReadThrottle", "api.throttling.WriteThrottle"],
    # Per token (or per user in the browser), counted in the cache.
    "DEFAULT_THROTTLE_RATES": {
        "api": env("API_RATE_LIMIT", "600/minute"),
        "api_write": env("API_WRITE_RATE_LIMIT", "60/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Mensenwerk API",
    # Markdown: in code, Redoc and Swagger UI show the angle brackets instead of reading
    # them as an HTML tag.
    "DESCRIPTION": (
        "Programmes, initiatives, benefits, co-determination, figures of Inclusie under the "
        "small-group rule, digital-skills actions and reports of one organisation. "
        "Authenticate with a personal access token: `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files: no CDN, and the CSP's script-src 'self' holds.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Without deep links an operation's path is text, not a link inside the button that
    # opens the operation (axe-core: nested-interactive); the address bar then stays put.
    # Its "idea" theme colours the examples with enough contrast; the default does not.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": {"theme": "idea"}},
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "transformation.models.RAG",
        "InterventionStatusEnum": "transformation.models.InterventionStatus",
        "ActionStatusEnum": "inclusion.models.ActionStatus",
        "ReportStatusEnum": "reports.models.ReportStatus",
        "ActionKindEnum": "inclusion.models.ActionKind",
        "InterventionKindEnum": "transformation.models.InterventionKind",
        "ReportKindEnum": "reports.models.ReportKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_refusals",
    ],
}
