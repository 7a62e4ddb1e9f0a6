"""Settings for every environment. Everything configurable comes from the environment.

The defaults run with no services at all (SQLite, a filesystem Celery broker, email to
files under var/). Production differs only by environment variables; see the README.
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# In DEBUG a throwaway key is fine; anywhere else the key must come from the environment.
if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Where learners open courses, lessons and challenge reports in a browser or app. Email links
# use these templates; unset, they point at the API (which needs a token).
FRONTEND_URL = env.str("FRONTEND_URL", default="").rstrip("/")
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto and X-Forwarded-For (one hop).
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)

INSTALLED_APPS = [
    "courseplatform.admin_site.PlatformAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "nested_admin",
    "markdownx",
    "axes",
    "courseplatform",
    "accounts",
    "courses",
    "lessons",
    "enrollments",
    "teams",
]

MIDDLEWARE = [
    # First: the request id and the one log line per request; then load balancers' health checks,
    # answered before host checks and HTTPS redirects.
    "courseplatform.observability.RequestLogMiddleware",
    "courseplatform.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "courseplatform.middleware.JsonErrorsUnderApiMiddleware",
    "courseplatform.middleware.RejectNullBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-cors-headers', before CommonMiddleware as it asks; skipped unless CORS_ALLOWED_ORIGINS is set.
    "courseplatform.middleware.CorsMiddleware",
    # Anonymous reads that are the same for everyone (catalogue, certificates), answered whole
    # from the shared cache before the rest of the stack runs.
    "courseplatform.httpcache.SharedResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.lockout.AdminSignInGuardMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into a 429/403 response.
    "axes.middleware.AxesMiddleware",
]

# Admin messages ride in the session the admin has anyway; Django's default (a signed cookie
# first, the session as fallback) built a cookie signer on every request, API ones included.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# A request body over this is a 413 before anything reads it (courseplatform.middleware).
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)

ROOT_URLCONF = "courseplatform.urls"
WSGI_APPLICATION = "courseplatform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "courseplatform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A health check is one more round trip on every request that uses the database (the bench
# measures it); off, a connection that died (database restart) fails one request and is replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server, the worker and beat read while one of them writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# PostgreSQL only. On (the default): the values travel apart from the SQL ($1, $2, ...) and psycopg
# prepares a statement on its connection once it ran DATABASE_PREPARE_THRESHOLD times there
# ("none": never), so PostgreSQL parses and plans it once per connection instead of on every
# request: 45-60% less PostgreSQL CPU per request (docs/benchmarks.md, "Server-side binding").
# Off is Django's default: values merged into the SQL text by psycopg (client-side binding).
# Prepared statements live in the server session: behind PgBouncer in transaction pooling mode they
# need its max_prepared_statements (PgBouncer 1.21+); else set the threshold to "none" or this off.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_SERVER_SIDE_BINDING", default=True
):
    _threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=None if _threshold == "none" else int(_threshold)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, but a kept connection is health-checked at most once this many seconds
    # instead of before every request (courseplatform/postgresql/base.py); 0 checks every request.
    DATABASES["default"]["ENGINE"] = "courseplatform.postgresql"
    DATABASES["default"]["HEALTH_CHECK_INTERVAL"] = env.float("DATABASE_HEALTH_CHECK_INTERVAL", default=1.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.NotOnlyWhitespaceValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- REST framework and the API schema -------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "courseplatform.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "courseplatform.query.SearchFilter",
        "courseplatform.query.OrderingFilter",
    ],
    # Request bodies are JSON (the one-click unsubscribe POST declares its own form parsers).
    "DEFAULT_PARSER_CLASSES": ["courseplatform.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "courseplatform.negotiation.ContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "courseplatform.openapi.ApiAutoSchema",
    "EXCEPTION_HANDLER": "courseplatform.exceptions.api_exception_handler",
    # DRF's JSONRenderer's bytes, written by orjson (courseplatform/renderers.py).
    "DEFAULT_RENDERER_CLASSES": ["courseplatform.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    # Throttles key on REMOTE_ADDR unless a proxy we run says who the client is.
    "NUM_PROXIES": 1 if BEHIND_PROXY else 0,
    "DEFAULT_THROTTLE_RATES": {"auth": env.str("API_AUTH_THROTTLE_RATE", default="20/minute")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Render every API answer with DRF's JSONRenderer as well and fail on any difference in bytes
# (courseplatform/renderers.py). On in the test settings, where it checks every response the
# suite makes; twice the rendering cost, so off elsewhere.
API_RENDERER_SHADOW_CHECK = env.bool("API_RENDERER_SHADOW_CHECK", default=False)

SPECTACULAR_SETTINGS = {
    "TITLE": "Course platform API",
    "DESCRIPTION": (
        "The learner API of the sales leadership course platform: the catalogue, enrolments, lessons, "
        "quizzes, challenges, progress and certificates.\n\n"
        "**Authentication.** Get a token from `POST /api/v1/auth/token/` and send it as "
        "`Authorization: Bearer <token>`. Operations that need no token say so (no security requirement).\n\n"
        "**Requests and responses** are JSON (`Content-Type: application/json`). Times are ISO 8601 with "
        "their offset, dates are `YYYY-MM-DD`.\n\n"
        "**Errors.** Every 4xx answer is an `Error`: `status`, `code`, `message`, `field` and `errors` "
        "(field name to messages). Each operation lists its error statuses and the `code` values they "
        "can carry; a 429 says in `Retry-After` how many seconds to wait.\n\n"
        "**Lists** are pages: `count`, `next`, `previous` and `results`; `?page=` and `?page_size=` "
        "(1 to 100, default 20).\n\n"
        "**Caching.** The catalogue, course outlines and lessons send an `ETag`; send it back in "
        "`If-None-Match` and an unchanged answer is a `304 Not Modified` with no body."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Only API tokens are documented; the session cookie is for the browsable pages and the admin.
    "AUTHENTICATION_WHITELIST": ["accounts.authentication.TokenAuthentication"],
    "ENUM_NAME_OVERRIDES": {
        "LessonKindEnum": "lessons.models.Lesson.Kind",
        "QuestionKindEnum": "lessons.models.Question.Kind",
        "NextItemKindEnum": ["lesson", "quiz", "challenge"],
        "TeamRoleEnum": "teams.models.TeamMembership.Role",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "courseplatform.openapi.add_tag_descriptions",
    ],
    # Swagger UI and ReDoc from our own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True, "displayOperationId": True},
}

# --- CORS for browser front ends on other origins (django-cors-headers): off by default --
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
# Set here so that courseplatform.middleware.CorsMiddleware reads them plainly; not configurable.
CORS_ALLOWED_ORIGIN_REGEXES: list[str] = []
CORS_ALLOW_ALL_ORIGINS = False
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["ETag", "Location", "Retry-After"]

# --- Tokens (django-rest-knox: stored hashed, expiring, revocable) ---------------------
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Bearer",
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=24 * 30)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": env.int("API_TOKEN_LIMIT_PER_USER", default=20),
}

# --- Account emails: verification, password reset, email change ------------------------
# How long the link in each email works, and the least time between two emails of one kind
# to one account (registering or asking for a reset again within it sends nothing new).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_MINUTES", default=60) * 60
EMAIL_VERIFY_TIMEOUT = env.int("EMAIL_VERIFY_TIMEOUT_HOURS", default=72) * 3600
ACCOUNT_EMAIL_INTERVAL_SECONDS = env.int("ACCOUNT_EMAIL_INTERVAL_SECONDS", default=60)

# --- Failed sign-ins: see accounts/lockout.py and the README's "Security" section ---------
# 1. django-axes locks the pair (account, client address): the owner elsewhere is not locked out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
# The API signs in with email=, the admin's form with username=: both name the same account.
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
# Axes' log lines name the path only, never the email tried.
AXES_CLIENT_STR_CALLABLE = "accounts.lockout.client_str"
# The admin's answer to a locked pair: 429 with Retry-After.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# A successful sign-in clears that pair's failures.
AXES_RESET_ON_SUCCESS = True
# A refused try during a lock does not restart it, so Retry-After counts down.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Token sign-ins need no session row or cookie from axes' access log.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
# 2. One client address failing across accounts is refused until the window ends.
SIGNIN_WINDOW_SECONDS = env.int("SIGNIN_WINDOW_SECONDS", default=15 * 60)
SIGNIN_ADDRESS_FAILURE_LIMIT = env.int("SIGNIN_ADDRESS_FAILURE_LIMIT", default=20)
# 3. One account failing from many addresses is slowed (never locked) past this many failures in
# the window: one try per delay, except from an address it signed in from before.
SIGNIN_ACCOUNT_FAILURE_LIMIT = env.int("SIGNIN_ACCOUNT_FAILURE_LIMIT", default=10)
SIGNIN_ACCOUNT_DELAY_SECONDS = env.int("SIGNIN_ACCOUNT_DELAY_SECONDS", default=30)
SIGNIN_KNOWN_ADDRESS_DAYS = env.int("SIGNIN_KNOWN_ADDRESS_DAYS", default=90)

# Throttle counters live here. Per process by default; CACHE_URL=redis://... shares them.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "courseplatform.redis_cache.RedisCache"  # one client per pool, not per call
# How long a signed-in request's token read is kept in the cache (accounts/token_cache.py): on
# only with a cache that every process shares, since a revocation must reach all of them.
API_TOKEN_CACHE_SECONDS = env.int(
    "API_TOKEN_CACHE_SECONDS",
    default=60 if CACHES["default"]["BACKEND"] == "courseplatform.redis_cache.RedisCache" else 0,
)

# --- Security: secure by default outside DEBUG; `check --deploy` is clean ---------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Email -------------------------------------------------------------------------------
# Default: every message is written to var/outbox/ as an .eml file a mail client opens. Production:
# EMAIL_URL (smtp://user:pass@host:587/?tls=True) or EMAIL_BACKEND for a provider's backend.
_email = env.email_url("EMAIL_URL", default="filemail://") if env.str("EMAIL_URL", default="") else {}
_eml_files = "courseplatform.mail.EmlFileBackend"
_email_backend = _email.get("EMAIL_BACKEND", _eml_files)
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=_eml_files if _email_backend == "django.core.mail.backends.filebased.EmailBackend" else _email_backend,
)
EMAIL_FILE_PATH = VAR_DIR / "outbox"
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sales Leadership Courses <courses@localhost>")

# --- Celery --------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        # A publish from a request fails at once when the broker is down (no ~2 s of connection
        # retries); the email row stays pending and the beat scan hands it out later.
        "max_retries": 0,
        # With Redis, kombu 5.7 crashes the worker ("'NoneType' object has no attribute
        # 'hostname'" in restore_unacked) when the connection drops mid-task. Without ack
        # emulation a task lost with a dying worker is recovered from the database instead
        # (EMAIL_CLAIM_TIMEOUT_SECONDS), which is how every email task is designed anyway.
        "ack_emulation": False,
    }
)
if CELERY_BROKER_URL.startswith("filesystem"):
    # The embedded broker is two folders under var/; the web server, worker and beat share them.
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "broker" / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_TIMEZONE = "UTC"
# Workers log through LOGGING above (JSON, with the request id of the request that started a task).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# One JSON object a line (LOG_FORMAT=plain for a terminal), each with the request id
# (courseplatform/observability.py). Web processes and Celery workers log the same way.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "courseplatform.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "courseplatform.observability.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="json"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request line says it all for 4xx; errors (5xx) still come with their traceback.
        "django.request": {"level": "ERROR"},
    },
}

# --- Progress emails ---------------------------------------------------------------------
EMAIL_DUE_SCAN_SECONDS = env.int("EMAIL_DUE_SCAN_SECONDS", default=300)
EMAIL_PENDING_SCAN_SECONDS = env.int("EMAIL_PENDING_SCAN_SECONDS", default=30)
EMAIL_SEND_WINDOW_HOURS = env.int("EMAIL_SEND_WINDOW_HOURS", default=2)
EMAIL_WEEKLY_DIGEST_WEEKDAY = env.int("EMAIL_WEEKLY_DIGEST_WEEKDAY", default=0)  # 0 = Monday
EMAIL_INACTIVITY_DAYS = env.int("EMAIL_INACTIVITY_DAYS", default=3)
EMAIL_BATCH_SIZE = env.int("EMAIL_BATCH_SIZE", default=200)
EMAIL_CLAIM_TIMEOUT_SECONDS = env.int("EMAIL_CLAIM_TIMEOUT_SECONDS", default=600)
EMAIL_REQUEUE_SECONDS = env.int("EMAIL_REQUEUE_SECONDS", default=300)
EMAIL_RETRY_BASE_SECONDS = env.float("EMAIL_RETRY_BASE_SECONDS", default=10.0)
EMAIL_RETRY_MAX_SECONDS = env.float("EMAIL_RETRY_MAX_SECONDS", default=600.0)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=10)

# A timed quiz accepts answers this long after its deadline (network, a slow phone).
QUIZ_SUBMIT_GRACE_SECONDS = env.int("QUIZ_SUBMIT_GRACE_SECONDS", default=30)

# A lesson without a duration set by its instructor takes its words at this reading speed.
READING_WORDS_PER_MINUTE = env.int("READING_WORDS_PER_MINUTE", default=200)

# How often the instructors' insights are recounted (for courses whose learners did something since).
INSIGHTS_COUNT_SECONDS = env.int("INSIGHTS_COUNT_SECONDS", default=600)

CELERY_BEAT_SCHEDULE = {
    "count-insights": {
        "task": "enrollments.tasks.count_due_insights",
        "schedule": INSIGHTS_COUNT_SECONDS,
    },
    "dispatch-progress-emails": {
        "task": "enrollments.tasks.dispatch_progress_emails",
        "schedule": EMAIL_DUE_SCAN_SECONDS,
    },
    "enqueue-pending-emails": {
        "task": "enrollments.tasks.enqueue_pending_emails",
        "schedule": EMAIL_PENDING_SCAN_SECONDS,
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_IGNORE_RESULT = True
# A request never waits on the broker: one quick try, then the row waits for the beat scan.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# The admin's Markdown editor (django-markdownx) previews through our own renderer, staff only;
# image upload is not offered (no upload URL is routed).
MARKDOWNX_URLS_PATH = "/admin/markdown-preview/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdown-preview/"
