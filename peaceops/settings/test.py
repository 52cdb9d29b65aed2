"""Test settings: fast hashing, plain static storage, PostgreSQL when PEACEOPS_TEST_DATABASE_URL is set."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403
from .base import DATABASES

_test_url = os.environ.get("PEACEOPS_TEST_DATABASE_URL")
if _test_url:
    DATABASES = {"default": dj_database_url.parse(_test_url)}
    # One test database per run, so that concurrent runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_peaceops_{os.getpid()}"}
else:
    DATABASES["default"]["OPTIONS"].pop("init_command", None)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "vi"
# Tasks run synchronously inside the test; tests of the real worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
# Stored originals and uploads go to a throw-away folder, never into the developer's var/files.
FILES_ROOT = Path(tempfile.mkdtemp(prefix="peaceops-test-files-"))
