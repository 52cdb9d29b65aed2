"""Settings for the embedded default: SQLite under PEACEOPS_HOME unless PEACEOPS_DATABASE_URL is set."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_list, env_str, peaceops_home, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
HOME = peaceops_home()
FILES_ROOT = HOME / "files"

SECRET_KEY = secret_key(HOME)
DEBUG = env_bool("PEACEOPS_DEBUG", False)
ALLOWED_HOSTS = env_list("PEACEOPS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "peaceops.core",
    "peaceops.access",
    "peaceops.audit",
    "peaceops.accounts",
    "peaceops.org",
    "peaceops.people",
    "peaceops.readiness",
    "peaceops.documents",
    "peaceops.decisions",
    "peaceops.planning",
    "peaceops.missions",
    "peaceops.insights",
    "peaceops.logistics",
    "peaceops.welfare",
    "peaceops.legal",
    "peaceops.partners",
    "peaceops.api",
    # After peaceops.core, whose `db_worker` (fail stale jobs, then work) overrides the package's.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "peaceops.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "peaceops.access.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "peaceops.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "peaceops.urls"
WSGI_APPLICATION = "peaceops.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

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
                "peaceops.core.context_processors.shell",
            ],
        },
    }
]


def _database() -> dict:
    url = env_str("PEACEOPS_DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(HOME / "peaceops.sqlite3"),
        "OPTIONS": {
            # IMMEDIATE: writers queue for the lock instead of failing on upgrade; the audit
            # chain relies on one writer at a time.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            # Memory-mapped reads, a 32 MB page cache and sorts in memory: the big read statements (the
            # eligibility matrix, search) spent a third of their time in read() calls and temp files.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                            "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # A database cache is shared by every app server process (login throttling needs that).
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "peaceops_cache"}
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_THROTTLE = {"max_failures": 5, "window_seconds": 900, "max_failures_per_ip": 30}
# Roles offered the optional second factor (an authenticator app); the code is asked after the password.
TOTP_ROLES = ["admin", "declassifier", "auditor"]
TOTP_PENDING_SECONDS = 300  # how long a password stays good while the code is awaited

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": FILES_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["map", "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "woff2"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Request size limits: oversized payloads are refused with 400 before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = 10 * 1024 * 1024
# A document upload (web or API): at most this many files, this many bytes in all.
IMPORT_MAX_FILES = 200
IMPORT_MAX_TOTAL_BYTES = 200 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "peaceops.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "peaceops.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PeaceOps API",
    "DESCRIPTION": ("Peace operations management: organisation, personnel, readiness, missions and force generation, "
                    "the rotation planner, documents, decisions, logistics and finance, welfare, legal and partners."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind`; name each choice set after its model so the schema stays stable.
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "peaceops.org.choices.AgencyKind",
        "UnitKindEnum": "peaceops.org.choices.UnitKind",
        "MissionStatusEnum": "peaceops.missions.choices.MissionStatusChoice",
        "DocumentKindEnum": "peaceops.documents.choices.DocumentKind",
        "ProposalStatusEnum": "peaceops.decisions.choices.ProposalStatus",
        "ReviewItemStatusEnum": "peaceops.decisions.choices.ReviewItemStatus",
        "ActionStatusEnum": "peaceops.decisions.choices.ActionStatus",
        "DecisionOutcomeEnum": "peaceops.decisions.choices.DecisionOutcome",
        "DocumentLanguageEnum": "peaceops.documents.choices.DocumentLanguage",
        "BriefLanguageEnum": "peaceops.decisions.choices.BriefLanguage",
        "JobStatusEnum": "peaceops.core.choices.JobStatus",
        "DeploymentStatusEnum": "peaceops.missions.choices.DeploymentStatus",
        "NotificationKindEnum": "peaceops.welfare.choices.NotificationKind",
        "CaseStatusEnum": "peaceops.legal.choices.CaseStatus",
        "CaseOutcomeEnum": "peaceops.legal.choices.CaseOutcome",
    },
}

# Background tasks: the database backend (SQLite or PostgreSQL); `peaceops db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job whose progress has not moved for this long lost its worker and is marked failed.
JOB_STALE_AFTER_SECONDS = int(env_str("PEACEOPS_JOB_STALE_AFTER_SECONDS", "600"))

# Ordered classification scheme: (rank, code, Vietnamese label, English label).
PEACEOPS_LEVELS = [
    (0, "UNCLASSIFIED", "Không mật", "Unclassified"),
    (1, "CONFIDENTIAL", "Mật", "Confidential"),
    (2, "SECRET", "Tối mật", "Secret"),
    (3, "TOP SECRET", "Tuyệt mật", "Top Secret"),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "peaceops.core.logformat.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("PEACEOPS_LOG_LEVEL", "WARNING")},
}
