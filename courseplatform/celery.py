"""The Celery app. Configuration comes from Django settings prefixed with CELERY_."""

import os

from celery import Celery

from . import observability  # noqa: F401  (carries request ids into tasks)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courseplatform.settings.base")

app = Celery("courseplatform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
