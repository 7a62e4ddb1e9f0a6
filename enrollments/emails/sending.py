"""Claim, send and record progress emails. Every step is safe to run twice.

The life of an EmailLog row: pending -> sending (claimed by one batch with a token) ->
sent | failed | skipped, or back to pending with a later `next_attempt_at` after a
transient SMTP error. A worker killed mid-batch leaves rows in `sending`; once the claim
is older than EMAIL_CLAIM_TIMEOUT_SECONDS they are pending again. Only emails handed to
SMTP since the batch last recorded its sent rows can go out twice (the send-then-record
window: at most RECORD_SENT_EVERY emails or RECORD_SENT_SECONDS, see below); those rows
show attempts > 1 and are counted by `email_duplicate_suspects`.
"""

import logging
import random
import secrets
import smtplib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone

from ..models import ACCOUNT_EMAIL_KINDS, EmailLog
from .account import account_message_build
from .enqueue import email_send_soon
from .finders import Due, find_due
from .render import NotYet, Skip, batch_data_load, email_message_build

logger = logging.getLogger(__name__)

# Sent rows are recorded in groups: after this many emails or this many seconds since the
# first unrecorded one, whichever comes first, and always before a batch returns or raises.
# One UPDATE (and commit) per email was the largest cost of a batch. The price is the
# send-then-record window above: a worker killed outright (SIGKILL, out of memory, hard time
# limit) may leave up to this many handed-over emails unrecorded, to be sent again.
RECORD_SENT_EVERY = 20
RECORD_SENT_SECONDS = 0.5


def email_log_create(
    *, user_id: int, kind: str, period: str, subject_id: int | None = None, to_email: str = ""
) -> EmailLog | None:
    """Record that an email is due now and send it soon after commit. None if already recorded."""
    log, created = EmailLog.objects.get_or_create(
        user_id=user_id,
        kind=kind,
        period=period,
        defaults={"subject_id": subject_id, "next_attempt_at": timezone.now(), "to_email": to_email},
    )
    if not created:
        return None
    email_send_soon(log_ids=[log.id])
    return log


def emails_record_due(*, now: datetime, kinds: list[str] | None = None, dry_run: bool = False) -> list[Due]:
    """Find what is due now and record it as pending rows (the unique key drops repeats)."""
    due = find_due(now=now, kinds=kinds)
    if not dry_run:
        EmailLog.objects.bulk_create(
            [
                EmailLog(user_id=d.user_id, kind=d.kind, period=d.period, subject_id=d.subject_id, next_attempt_at=now)
                for d in due
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
    return due


def emails_release_stale_claims(*, now: datetime) -> int:
    """Rows claimed by a worker that died are pending again."""
    cutoff = now - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT_SECONDS)
    stale = EmailLog.objects.filter(status=EmailLog.Status.SENDING, claimed_at__lt=cutoff)
    stale.filter(attempts__gte=settings.EMAIL_MAX_ATTEMPTS).update(
        status=EmailLog.Status.FAILED, last_error="gave up: the sending worker stopped too often"
    )
    return stale.update(status=EmailLog.Status.PENDING, claim_token="", next_attempt_at=now)


def emails_pending_batches(*, now: datetime, kinds: list[str] | None = None) -> list[list[int]]:
    """Ids of pending rows that are due, in batches of EMAIL_BATCH_SIZE."""
    qs = EmailLog.objects.filter(status=EmailLog.Status.PENDING, next_attempt_at__lte=now)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    ids = list(qs.order_by("id").values_list("id", flat=True))
    size = settings.EMAIL_BATCH_SIZE
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def emails_mark_enqueued(*, ids: Iterable[int], now: datetime) -> None:
    """Do not hand these rows out again before EMAIL_REQUEUE_SECONDS, unless their task is lost."""
    ids = list(ids)
    later = now + timedelta(seconds=settings.EMAIL_REQUEUE_SECONDS)
    for start in range(0, len(ids), 5000):  # well under every database's limit on parameters
        EmailLog.objects.filter(id__in=ids[start : start + 5000], status=EmailLog.Status.PENDING).update(
            next_attempt_at=later
        )


CONNECTION, MESSAGE, PERMANENT = "connection", "message", "permanent"


def _failure(exc: Exception) -> str:
    """What an SMTP error means for the batch.

    CONNECTION: the server or the link is unwell (421, disconnects, refused connections): defer
    the rest of the batch. MESSAGE: a temporary refusal of this one message (450, 451, 452):
    defer it alone and go on. PERMANENT: a 5xx: record it as failed, never retry.
    """
    if isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)):
        return CONNECTION
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        if 421 in codes:
            return CONNECTION
        return MESSAGE if all(400 <= code < 500 for code in codes) else PERMANENT
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code == 421:
            return CONNECTION
        return MESSAGE if 400 <= exc.smtp_code < 500 else PERMANENT
    if isinstance(exc, OSError):  # socket errors, timeouts (smtplib's own errors are handled above)
        return CONNECTION
    return PERMANENT


def _is_transient(exc: Exception) -> bool:
    return _failure(exc) == CONNECTION


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with full jitter, capped."""
    ceiling = min(settings.EMAIL_RETRY_MAX_SECONDS, settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


@dataclass
class BatchResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deferred: int = 0
    retry_in: float | None = None
    errors: list[str] = field(default_factory=list)


def email_batch_send(*, log_ids: list[int]) -> BatchResult:
    """Claim the given pending rows, send them over one connection, record each outcome."""
    now = timezone.now()
    token = secrets.token_hex(8)
    EmailLog.objects.filter(id__in=log_ids, status=EmailLog.Status.PENDING).update(
        status=EmailLog.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    logs = list(EmailLog.objects.filter(claim_token=token, status=EmailLog.Status.SENDING).order_by("id"))
    result = BatchResult()
    if not logs:
        return result
    data = batch_data_load(logs)
    connection = get_connection(fail_silently=False)
    remaining = list(logs)
    unrecorded: list[int] = []  # sent, not yet marked sent
    first_unrecorded_at = 0.0
    try:
        connection.open()
        while remaining:
            log = remaining[0]
            try:
                build = account_message_build if log.kind in ACCOUNT_EMAIL_KINDS else email_message_build
                message = build(log, data, connection=connection)
            except NotYet:
                EmailLog.objects.filter(pk=log.pk, claim_token=log.claim_token).delete()
                result.skipped += 1
                remaining.pop(0)
                continue
            except Skip as reason:
                _finish(log, EmailLog.Status.SKIPPED, str(reason))
                result.skipped += 1
                remaining.pop(0)
                continue
            try:
                message.send()
            except Exception as exc:
                failure = _failure(exc)
                if failure == CONNECTION:
                    raise
                if failure == MESSAGE:
                    delay = _defer([log], exc)
                    result.retry_in = delay if result.retry_in is None else min(result.retry_in, delay)
                    result.deferred += 1
                    remaining.pop(0)
                    continue
                # The class only: an SMTP error can quote the address, which stays out of the logs.
                logger.warning("email %s failed permanently: %s", log.id, type(exc).__name__)
                _finish(log, EmailLog.Status.FAILED, repr(exc))
                result.failed += 1
                remaining.pop(0)
                continue
            result.sent += 1
            remaining.pop(0)
            if not unrecorded:
                first_unrecorded_at = time.monotonic()
            unrecorded.append(log.id)
            if len(unrecorded) >= RECORD_SENT_EVERY or time.monotonic() - first_unrecorded_at >= RECORD_SENT_SECONDS:
                _record_sent(unrecorded, token)
                unrecorded = []
    except Exception as exc:
        if not _is_transient(exc):
            raise
        result.errors.append(repr(exc))
        result.retry_in = _defer(remaining, exc)
        result.deferred += len(remaining)
    finally:
        _record_sent(unrecorded, token)
        try:
            connection.close()
        except Exception:
            logger.debug("closing the SMTP connection failed", exc_info=True)
    return result


def _record_sent(ids: list[int], token: str) -> None:
    if ids:
        EmailLog.objects.filter(id__in=ids, claim_token=token).update(
            status=EmailLog.Status.SENT, sent_at=timezone.now(), last_error=""
        )


def _finish(log: EmailLog, status: str, error: str) -> None:
    """Record a skipped or failed email (sent ones are recorded in groups by _record_sent)."""
    EmailLog.objects.filter(pk=log.pk, claim_token=log.claim_token).update(status=status, last_error=error[:500])


def _defer(logs: list[EmailLog], exc: Exception) -> float:
    """Put unsent rows back to pending after a transient error; fail those out of attempts."""
    now = timezone.now()
    delay = backoff_seconds(max((log.attempts for log in logs), default=1))
    ids = [log.id for log in logs]
    EmailLog.objects.filter(
        id__in=ids, status=EmailLog.Status.SENDING, attempts__gte=settings.EMAIL_MAX_ATTEMPTS
    ).update(status=EmailLog.Status.FAILED, last_error=repr(exc)[:500])
    EmailLog.objects.filter(id__in=ids, status=EmailLog.Status.SENDING).update(
        status=EmailLog.Status.PENDING,
        claim_token="",
        next_attempt_at=now + timedelta(seconds=delay),
        last_error=repr(exc)[:500],
    )
    return delay


def email_duplicate_suspects() -> int:
    """Sent rows that were claimed more than once: at most these may have arrived twice."""
    # No filter on last_error: a successful send clears it and a released stale claim never sets
    # it, so such a filter counts nothing, least of all the rows a killed worker may have sent.
    return EmailLog.objects.filter(status=EmailLog.Status.SENT, attempts__gt=1).count()
