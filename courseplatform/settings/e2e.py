"""Settings for the processes the end-to-end tests start (Celery workers): base settings, short timings.

The tests pass DATABASE_URL and E2E_DATABASE_NAME (the test database pytest-django created),
CELERY_BROKER_URL and EMAIL_URL (the SMTP server the test runs). Everything else is the
production code path; only the retry and claim timings are shortened so faults heal in seconds.
"""

import os

_DEFAULTS = {
    "DJANGO_DEBUG": "false",
    # The same key as settings/test.py, so the test process can read the unsubscribe tokens.
    "DJANGO_SECRET_KEY": "test-only-" + "x" * 60,
    "VAR_DIR": os.path.join(os.path.dirname(__file__), "..", "..", "var", "e2e"),
    "EMAIL_BATCH_SIZE": "10",
    "EMAIL_RETRY_BASE_SECONDS": "0.2",
    "EMAIL_RETRY_MAX_SECONDS": "2",
    # Longer than a batch takes here (10 messages, under a second even at 50 ms each), shorter than
    # the test's patience. Production keeps CELERY_TASK_TIME_LIMIT (360) below the claim timeout
    # (600) so that an expired claim always means a dead batch; these tests never hang a batch.
    "EMAIL_CLAIM_TIMEOUT_SECONDS": "3",
    "EMAIL_REQUEUE_SECONDS": "5",
    "EMAIL_TIMEOUT": "10",
    "CELERY_TASK_SOFT_TIME_LIMIT": "20",
    "CELERY_TASK_TIME_LIMIT": "30",
    "LOG_LEVEL": "WARNING",
}
for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from .base import *  # noqa: E402, F403
from .base import DATABASES, env  # noqa: E402

DATABASES["default"]["NAME"] = env.str("E2E_DATABASE_NAME", default=DATABASES["default"]["NAME"])
