"""How one batch reacts to each kind of SMTP answer (unit level; tests/e2e drives a real server)."""

import smtplib

import pytest
from django.utils import timezone

from enrollments.emails.sending import email_batch_send
from enrollments.models import EmailLog
from enrollments.services import enrollment_create

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db


class ScriptedBackend:
    """An email backend that answers each recipient as told, and records what it accepted."""

    answers: dict[str, Exception] = {}
    accepted: list[str] = []

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            error = self.answers.get(message.to[0])
            if error is not None:
                raise error
            self.accepted.append(message.to[0])
        return len(messages)


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.ScriptedBackend"
    ScriptedBackend.answers = {}
    ScriptedBackend.accepted = []
    return ScriptedBackend


def _welcomes(*emails: str) -> list[int]:
    course = CourseFactory()
    LessonFactory(module=ModuleFactory(course=course))
    for email in emails:
        enrollment_create(user=UserFactory(email=email), course=course)
    return list(EmailLog.objects.order_by("id").values_list("id", flat=True))


def test_a_temporary_refusal_of_one_recipient_defers_only_that_email(smtp):
    ids = _welcomes("a@example.com", "busy@example.com", "c@example.com")
    smtp.answers = {"busy@example.com": smtplib.SMTPRecipientsRefused({"busy@example.com": (452, b"mailbox full")})}

    result = email_batch_send(log_ids=ids)

    assert smtp.accepted == ["a@example.com", "c@example.com"]
    assert (result.sent, result.deferred) == (2, 1)
    assert result.retry_in is not None
    busy = EmailLog.objects.get(user__email="busy@example.com")
    assert (busy.status, busy.attempts) == ("pending", 1)
    assert "452" in busy.last_error


def test_a_421_defers_the_rest_of_the_batch(smtp):
    ids = _welcomes("a@example.com", "b@example.com", "c@example.com")
    smtp.answers = {"b@example.com": smtplib.SMTPResponseException(421, b"closing")}

    result = email_batch_send(log_ids=ids)

    assert smtp.accepted == ["a@example.com"]
    assert (result.sent, result.deferred) == (1, 2)
    assert result.retry_in is not None and result.retry_in > 0
    deferred = EmailLog.objects.filter(status="pending")
    assert deferred.count() == 2
    assert all(log.next_attempt_at > timezone.now() for log in deferred)

    # The server is well again: the next run sends the rest, and nothing twice.
    smtp.answers = {}
    deferred.update(next_attempt_at=timezone.now())
    email_batch_send(log_ids=ids)
    assert smtp.accepted == ["a@example.com", "b@example.com", "c@example.com"]


def test_a_permanent_refusal_fails_that_email_and_the_rest_go_out(smtp):
    ids = _welcomes("gone@example.com", "b@example.com")
    smtp.answers = {"gone@example.com": smtplib.SMTPRecipientsRefused({"gone@example.com": (550, b"no such user")})}

    result = email_batch_send(log_ids=ids)

    assert (result.sent, result.failed, result.deferred) == (1, 1, 0)
    assert EmailLog.objects.get(user__email="gone@example.com").status == "failed"


def test_a_refused_connection_defers_everything(smtp):
    ids = _welcomes("a@example.com", "b@example.com")
    smtp.answers = {"a@example.com": ConnectionRefusedError(111, "Connection refused")}

    result = email_batch_send(log_ids=ids)

    assert (result.sent, result.deferred) == (0, 2)
    assert set(EmailLog.objects.values_list("status", flat=True)) == {"pending"}
