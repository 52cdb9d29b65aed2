"""Production: PostgreSQL via PEACEOPS_DATABASE_URL, behind a TLS-terminating reverse proxy."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("PEACEOPS_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = [o for o in env_str("PEACEOPS_CSRF_TRUSTED_ORIGINS").split(",") if o]
