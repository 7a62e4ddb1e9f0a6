from django.conf import settings
from django.core import checks


@checks.register()
def email_claim_outlives_tasks(app_configs, **kwargs):
    """A batch must end (or be killed) before its claim counts as abandoned, or two workers
    could send the same emails."""
    claim, limit = settings.EMAIL_CLAIM_TIMEOUT_SECONDS, settings.CELERY_TASK_TIME_LIMIT
    if limit < claim:
        return []
    return [
        checks.Warning(
            "EMAIL_CLAIM_TIMEOUT_SECONDS should be longer than CELERY_TASK_TIME_LIMIT.",
            hint=f"Now {claim} s and {limit} s: a running batch would be handed out again, its emails sent twice.",
            id="enrollments.W001",
        )
    ]
