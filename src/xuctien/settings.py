"""The one settings module. Every deployment difference comes from the environment.

docs/configuration.md lists each variable. ``DATABASE_URL`` keeps its conventional name;
every other variable carries the ``XT_`` prefix.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from xuctien.conf import env_bool, env_choice, env_int, env_list, env_str
from xuctien.core import database

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("XT_BASE_DIR", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("XT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("XT_DEBUG", default=False)
SECRET_KEY = env_str("XT_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("XT_ALLOW_INSECURE_KEY", default=False):
        raise ImproperlyConfigured(
            "XT_SECRET_KEY must be set when XT_DEBUG is off: set XT_SECRET_KEY in production,"
            " or XT_DEBUG=1 on a development machine."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production-xuctien"
ALLOWED_HOSTS = env_list("XT_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("XT_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, pinned, served as our own static files
    "django_filters",
    "django_tasks",
    "xuctien.core",
    "xuctien.programmes",
    "xuctien.actions",
    "xuctien.investments",
    "xuctien.aftercare",
    "xuctien.portal",
    "xuctien.sites",
    "xuctien.labour",
    "xuctien.national",
    "xuctien.reports",
    "xuctien.screening",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "xuctien.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xuctien.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "xuctien.core.middleware.NormaliseTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "xuctien.core.middleware.ActorMiddleware",
]

ROOT_URLCONF = "xuctien.urls"
WSGI_APPLICATION = "xuctien.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "xuctien.core.context_processors.navigation_items",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
_default_db = f"sqlite:///{VAR_DIR / 'xuctien.sqlite3'}"
if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60),
}
# Connections outlive a request (CONN_MAX_AGE): checked once at the start of a request
# that reuses one, so a database restart costs one reconnect instead of an error page.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: our queries are short or answered from a cache, and at national size JIT
    # spent more compiling the grouped queries than running them (1.8 of 1.9 s).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Parameters bound on the server, repeated queries prepared: planned once per
    # connection, not per request (decision 0057; off behind a transaction pooler).
    DATABASES["default"]["OPTIONS"].update(
        database.options(env_bool("XT_DB_PREPARED_STATEMENTS", default=True))
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: each worker process its own memory. The cached assessments are keyed by versions
# kept in the database (decision 28), so a process never serves one older than a change.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "assessments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "assessments",
        "TIMEOUT": 24 * 3600,
        # an indicator's report is ~10-40 kB pickled: every province's, in two languages
        "OPTIONS": {"MAX_ENTRIES": 4000},
    },
}

# Sign-in: the model backend behind a lockout (xuctien.core.lockout).
AUTHENTICATION_BACKENDS = ["xuctien.core.lockout.LockoutBackend"]
LOGIN_MAX_FAILURES = env_int("XT_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("XT_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
LOGIN_MAX_FAILURES_PER_IP = env_int("XT_LOGIN_MAX_FAILURES_PER_IP", 20, minimum=0)
LOGIN_CLIENT_IP_HEADER = env_str("XT_CLIENT_IP_HEADER")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("XT_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language: Vietnamese first, whatever the browser asks for; English on request.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["xuctien.formats"]
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = env_str("XT_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "xt_language"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env_str("XT_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Sessions and cookies.
SESSION_COOKIE_AGE = env_int("XT_SESSION_AGE_SECONDS", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
_secure = env_bool("XT_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = env_bool("XT_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("XT_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("XT_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("XT_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips the client's).
if env_bool("XT_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (xuctien.core.middleware): our own files only, nothing inline.
# ``data:`` images are the empty favicon and the icons inside Swagger UI's style sheet.
# Map tiles (Leaflet): an OpenStreetMap-style tile URL; empty draws shapes on a plain
# background. Its origin is added to the images the CSP allows.
XT_MAP_TILES = env_str("XT_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
XT_MAP_ATTRIBUTION = env_str("XT_MAP_ATTRIBUTION", "© OpenStreetMap contributors")
_tile_origin = "/".join(XT_MAP_TILES.split("/")[:3]) if XT_MAP_TILES.startswith("https://") else ""
# The agencies whose officers publish zones' site reports (decision record 0020).
XT_ZONE_AUTHORITIES = env_list("XT_ZONE_AUTHORITIES", ["QEZA", "BQL-KKT-VANDON"])
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {_tile_origin}".strip(),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Email: the console in development, SMTP in production.
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}[env_choice("XT_EMAIL", ["console", "smtp", "memory"], "console")]
EMAIL_HOST = env_str("XT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("XT_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("XT_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("XT_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("XT_EMAIL_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("XT_EMAIL_FROM", "xuctien@localhost")

# Background work: run in-process by default; a Redis-backed RQ queue in production.
REDIS_URL = env_str("XT_REDIS_URL", "redis://127.0.0.1:6379/0")
_tasks_backend = env_choice("XT_TASKS_BACKEND", ["immediate", "rq"], "immediate")
if _tasks_backend == "rq":
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # What a worker computes (a large pipeline's forecast) must reach the web processes.
    CACHES = {
        # Django's RedisCache, keeping one client per connection pool (xuctien.core.caching)
        "default": {"BACKEND": "xuctien.core.caching.SharedRedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions read from the shared cache, written through to the database: no session
    # query per request. Only with a shared cache: with each process's own memory, a
    # sign-out in one worker would leave the session alive in the others' memory.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}

# A filter left empty selects everything: say so, rather than "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

REST_FRAMEWORK = {
    # Token first: its 401 (with WWW-Authenticate) is what a refused script gets.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "xuctien.core.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["xuctien.core.api.permissions.RolePermission"],
    "DEFAULT_RENDERER_CLASSES": [
        "xuctien.core.api.renderers.JSONRenderer",
        "xuctien.core.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "xuctien.core.api.parsers.NFCJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "xuctien.core.api.provinces.ProvinceFilterBackend",
    ],
    "DEFAULT_SCHEMA_CLASS": "xuctien.core.api.schema.XuctienAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "xuctien.core.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xúc Tiến API",
    "DESCRIPTION": "Programme targets, indicators and assessments; investment pipeline.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "xuctien.actions.models.tasks.Status",
        "ObservationStatusEnum": "xuctien.programmes.models.Observation.Status",
        "ProjectStageEnum": "xuctien.investments.stages.Stage",
        "InteractionKindEnum": "xuctien.investments.models.parties.Interaction.Kind",
        "CapitalEventKindEnum": "xuctien.investments.models.projects.CapitalEvent.Kind",
        "EventKindEnum": "xuctien.aftercare.models.requests.RequestEvent.Kind",
        "LabourChannelEnum": "xuctien.labour.models.Channel",
        "ChannelEnum": "xuctien.aftercare.models.requests.Channel",
    },
}

# The action programme: reminders N working days before a deadline, and links in emails.
ACTIONS_REMINDER_DAYS = [int(d) for d in env_list("XT_REMINDER_DAYS", ["5", "1"])]
SITE_URL = env_str("XT_SITE_URL", "http://127.0.0.1:8000")

# Aftercare: when late requests rise to leadership, when answered ones may be closed, and
# what counts as a pattern worth a reform task (working days unless said otherwise).
AFTERCARE_LEADERSHIP_AFTER_DAYS = env_int("XT_AFTERCARE_LEADERSHIP_AFTER_DAYS", 5, minimum=1)
AFTERCARE_CLOSE_AFTER_DAYS = env_int("XT_AFTERCARE_CLOSE_AFTER_DAYS", 10, minimum=1)
AFTERCARE_PATTERN_MIN_REQUESTS = env_int("XT_AFTERCARE_PATTERN_MIN_REQUESTS", 3, minimum=2)
AFTERCARE_PATTERN_WINDOW_DAYS = env_int("XT_AFTERCARE_PATTERN_WINDOW_DAYS", 90, minimum=1)
AFTERCARE_REFORM_TASK_WORKING_DAYS = env_int("XT_AFTERCARE_REFORM_TASK_DAYS", 30, minimum=1)
AFTERCARE_JOBS_BEHIND_PERCENT = env_int("XT_AFTERCARE_JOBS_BEHIND_PERCENT", 50, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_on_one_line": {"()": "xuctien.core.logs.RefusalsOnOneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["refusals_on_one_line"]}
    },
    "root": {"handlers": ["console"], "level": env_str("XT_LOG_LEVEL", "WARNING")},
}
