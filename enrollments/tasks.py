"""Celery tasks for progress emails and the instructors' insights. Thin: they take ids, call one
service, and are safe twice."""

import logging

from celery import shared_task
from django.utils import timezone

from courses.models import Course

from .emails.sending import (
    email_batch_send,
    emails_mark_enqueued,
    emails_pending_batches,
    emails_record_due,
    emails_release_stale_claims,
)
from .insights import course_insights_count, courses_insights_due

logger = logging.getLogger(__name__)

# Counting a course of 100,000 learners takes seconds; far more means something is wrong.
INSIGHTS_COUNT_TIME_LIMIT = 600

# Retries further out than this are not countdown tasks: the beat scan finds the rows.
MAX_COUNTDOWN_SECONDS = 120


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def send_email_batch(self, log_ids: list[int]) -> dict:
    """Send one batch over one SMTP connection; retry a transient failure with backoff."""
    result = email_batch_send(log_ids=log_ids)
    if result.retry_in is not None and result.retry_in <= MAX_COUNTDOWN_SECONDS:
        # The rows are pending again with next_attempt_at = now + delay, so even if this retry
        # is lost the beat scan picks them up. Longer delays are left to that scan alone.
        raise self.retry(countdown=result.retry_in)
    return {"sent": result.sent, "skipped": result.skipped, "failed": result.failed}


@shared_task(ignore_result=True)
def enqueue_pending_emails() -> int:
    """Hand pending, due rows to workers in batches (also recovers rows whose task was lost)."""
    now = timezone.now()
    emails_release_stale_claims(now=now)
    batches = emails_pending_batches(now=now)
    for ids in batches:
        send_email_batch.delay(ids)
    # One statement for all of them. If this process dies before it, the rows are handed out
    # again by the next scan, which is harmless: only a pending row is ever claimed and sent.
    emails_mark_enqueued(ids=[i for ids in batches for i in ids], now=now)
    return sum(len(ids) for ids in batches)


@shared_task(ignore_result=True)
def dispatch_progress_emails() -> int:
    """Beat: find the emails due now in each learner's local time, record them, hand them out."""
    due = emails_record_due(now=timezone.now())
    enqueue_pending_emails()
    return len(due)


@shared_task(ignore_result=True)
def count_due_insights() -> int:
    """Queue a count for each course whose insights are due (see courses_insights_due)."""
    due = list(courses_insights_due(now=timezone.now()).values_list("pk", flat=True))
    for course_id in due:
        count_course_insights.delay(course_id)
    return len(due)


@shared_task(ignore_result=True, soft_time_limit=INSIGHTS_COUNT_TIME_LIMIT, time_limit=INSIGHTS_COUNT_TIME_LIMIT + 30)
def count_course_insights(course_id: int) -> None:
    """Recount one course's insights (a course deleted since is skipped)."""
    course = Course.objects.filter(pk=course_id).first()
    if course is not None:
        course_insights_count(course=course)
