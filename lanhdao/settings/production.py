"""Production: DEBUG off, a real secret key required, HTTPS everywhere; `check --deploy` is clean here."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("LANHDAO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("LANHDAO_SECRET_KEY must be set to a random string of at least 50 characters.")

SECURE_SSL_REDIRECT = env_bool("LANHDAO_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_USE_FINDERS = False  # `lanhdao collectstatic` is part of the deployment (docs/operations.md)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail (reminders, escalations) goes through the office's SMTP relay.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("LANHDAO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("LANHDAO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("LANHDAO_EMAIL_PORT", "25")),
            "username": os.environ.get("LANHDAO_EMAIL_USER", ""),
            "password": os.environ.get("LANHDAO_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("LANHDAO_EMAIL_TLS", False),
        },
    }
}
