"""Settings shared by every environment. Everything that differs between machines comes from the environment.

LANHDAO_DEBUG, LANHDAO_SECRET_KEY, LANHDAO_ALLOWED_HOSTS, LANHDAO_DATA_DIR and DATABASE_URL are read here;
production.py hardens the rest.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LANHDAO_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("LANHDAO_DEBUG", True)
# The development key is public on purpose; production.py refuses to start without a real one.
SECRET_KEY = os.environ.get("LANHDAO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("LANHDAO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "treebeard",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lanhdao.core",
    "lanhdao.audit",
    "lanhdao.org",
    "lanhdao.accounts",
    "lanhdao.staffing",
    "lanhdao.documents",
    "lanhdao.notifications",
    "lanhdao.work",
    "lanhdao.meetings",
    "lanhdao.people",
    "lanhdao.members",
    "lanhdao.cadres",
    "lanhdao.inspections",
    "lanhdao.restructuring",
    "lanhdao.reports",
    "lanhdao.campaigns",
    "lanhdao.home",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lanhdao.core.middleware.LanguageMiddleware",
    "lanhdao.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A signed-in session that still owes its second factor or a new password reaches nothing else.
    "lanhdao.accounts.middleware.SignInGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After CSRF, authentication and messages: claims a create's one-time token or Idempotency-Key before the view.
    "lanhdao.core.idempotence.SubmissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as its documentation asks: it turns failed logins into a lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lanhdao.urls"
WSGI_APPLICATION = "lanhdao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lanhdao.notifications.context_processors.unread",
            ],
            # {% csrf_token %} also writes the form's one-time submission token (lanhdao.core.idempotence).
            "builtins": ["lanhdao.core.templatetags.submission"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'lanhdao.sqlite3'}",
        conn_max_age=int(os.environ.get("LANHDAO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while a writer commits; IMMEDIATE avoids "database is locked" on lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the reviews' figures over millions of rows look costly to the planner, which then spends 60-100 ms
    # compiling each of them for a query that runs in 100 ms (bench/bench_indicators.py, bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: five tries per username and address, then a 15-minute lock-out (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Second factor (django-otp): time-based codes from an authenticator app, and single-use recovery codes. After each
# wrong code a device waits 2, 4, 8… seconds (up to django-otp's maximum) before it checks another one; five wrong codes
# in one session also end that session (accounts/second_factor.py).
OTP_TOTP_ISSUER = "lanhdao"
OTP_TOTP_THROTTLE_FACTOR = 2
OTP_STATIC_THROTTLE_FACTOR = 2

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# Background work: Django's tasks framework on the database (`lanhdao db_worker` runs the queue; no broker).
TASKS = {"default": {"BACKEND": os.environ.get("LANHDAO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Reminders (đôn đốc): "due soon" this many days before a deadline; escalate to the assigning unit after this many
# days overdue.
LANHDAO_DUE_SOON_DAYS = int(os.environ.get("LANHDAO_DUE_SOON_DAYS", "7"))
LANHDAO_ESCALATE_AFTER_DAYS = int(os.environ.get("LANHDAO_ESCALATE_AFTER_DAYS", "7"))

# Petitions are answered within this many days unless set otherwise; the public pages allow this many requests a
# minute per address (the limiter uses the cache: configure a shared cache when running several processes).
LANHDAO_PETITION_ANSWER_DAYS = int(os.environ.get("LANHDAO_PETITION_ANSWER_DAYS", "30"))
LANHDAO_PUBLIC_RATE_LIMIT = int(os.environ.get("LANHDAO_PUBLIC_RATE_LIMIT", "60"))

# Attachments: PDF, DOCX and XLSX up to this size (core/uploads.py checks type, size and archive bombs).
LANHDAO_MAX_UPLOAD_MB = int(os.environ.get("LANHDAO_MAX_UPLOAD_MB", "20"))

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# Static files are served by the product itself (WhiteNoise), from the apps when not collected.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Every page works on a closed intranet: nothing is loaded from anywhere but this server.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
# A form refused for its CSRF token says, in the product's language, that its page went stale (core/errors.py).
CSRF_FAILURE_VIEW = "lanhdao.core.errors.csrf_failure"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # DRF's token, refused with a 403 while the account owes a new password or its token predates the second
        # factor (accounts/authentication.py).
        "lanhdao.accounts.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "lanhdao.core.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
    "EXCEPTION_HANDLER": "lanhdao.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "lanhdao API",
    "DESCRIPTION": (
        "lanhdao: the organisation tree, accounts, audit trail, document registry, tasks and the rest of the "
        "leadership cycle. Session or token authentication (POST /api/auth/token/); every object is scoped to the "
        "caller's units and clearance."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClearanceEnum": "lanhdao.accounts.roles.Clearance",
        "UnitKindEnum": "lanhdao.org.kinds.UnitKind",
    },
}

MAILERS = {
    "default": {"BACKEND": os.environ.get("LANHDAO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = os.environ.get("LANHDAO_FROM_EMAIL", "lanhdao@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LANHDAO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
