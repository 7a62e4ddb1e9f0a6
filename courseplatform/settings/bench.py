"""Benchmark settings (`make bench`): the base settings, production-like, quiet logs.

DATABASE_URL, CELERY_BROKER_URL and EMAIL_URL come from scripts/bench.sh like in production.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 60)
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "var", "bench"))
os.environ.setdefault("LOG_LEVEL", "WARNING")

from .base import *  # noqa: F403

# Off by default, so the benchmark measures the project's settings. Celery's Django fixup closes
# the database connection around every task unless this is set; BENCH_CELERY_DB_REUSE_MAX=100
# shows what keeping it costs or saves.
if os.environ.get("BENCH_CELERY_DB_REUSE_MAX"):
    CELERY_DB_REUSE_MAX = int(os.environ["BENCH_CELERY_DB_REUSE_MAX"])

# The API benchmark serves the references A0 and A1 beside the project's URLs (bench/urls.py),
# over plain HTTP on loopback.
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
