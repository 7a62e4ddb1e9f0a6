"""Test settings: the base settings with test-only speedups.

The database comes from DATABASE_URL like everywhere else; `make test` points it at
PostgreSQL when a server answers and at SQLite otherwise.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-" + "x" * 60)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "var", "test"))

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
ALLOWED_HOSTS = ["*"]

STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The suite runs in one process, so the process-local cache is shared by all of it: keep token
# reads as production does with Redis (accounts/token_cache.py).
API_TOKEN_CACHE_SECONDS = 60

# Every API answer is rendered by DRF's JSONRenderer too, and a byte of difference fails the test
# (courseplatform/renderers.py); tests/test_renderer.py checks that this stays on.
API_RENDERER_SHADOW_CHECK = True
