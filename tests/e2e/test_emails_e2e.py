"""Progress emails end to end: the API or a beat task, Redis, a Celery worker process, an SMTP server.

Nothing here is eager or in memory: this process publishes to Redis, a `celery worker`
subprocess sends over SMTP to the server in tests/e2e/smtp.py, and both share the PostgreSQL
test database. The faults are real too: 421 answers, SIGKILL of the worker, Redis going away.
"""

import re
import time
from collections import Counter
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from courses.models import Course
from enrollments.emails import sending
from enrollments.emails.sending import email_duplicate_suspects
from enrollments.emails.unsubscribe import unsubscribe_token_read
from enrollments.models import EmailLog, Enrollment, LessonCompletion
from enrollments.selectors import enrollment_progress_fresh
from enrollments.tasks import dispatch_progress_emails, enqueue_pending_emails

from ..factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory
from .conftest import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNSUBSCRIBE = re.compile(r"^<(?P<url>https?://[^/]+/api/v1/unsubscribe/(?P<token>[^/>]+)/)>$")
DISPATCHED = re.compile(r"dispatch_progress_emails\[[^\]]+\] succeeded in [\d.]+s: (\d+)")
FINAL = [EmailLog.Status.SENT, EmailLog.Status.FAILED, EmailLog.Status.SKIPPED]


# --- helpers -------------------------------------------------------------------------------


def course_with_lessons(n_lessons: int = 2) -> Course:
    course = CourseFactory(drip_mode=Course.DripMode.NONE)
    module = ModuleFactory(course=course, position=0)
    for position in range(n_lessons):
        LessonFactory(module=module, position=position, unlock_after=0)
    return course


def learners_with_pending_welcomes(n: int, course: Course) -> list[EmailLog]:
    """n learners enrolled in the course, each with a pending welcome email (as enrolment leaves it)."""
    now = timezone.now()
    users = User.objects.bulk_create(
        User(email=f"bulk{i}@example.com", name=f"Learner {i}", email_verified_at=now) for i in range(n)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(user=user, course=course, enrolled_at=now, last_activity_at=now) for user in users
    )
    return EmailLog.objects.bulk_create(
        EmailLog(
            user_id=e.user_id,
            kind=EmailLog.Kind.WELCOME,
            period=f"enrollment:{e.pk}",
            subject_id=e.pk,
            next_attempt_at=now,
        )
        for e in enrollments
    )


def statuses() -> Counter:
    return Counter(EmailLog.objects.values_list("status", flat=True))


def all_final(expected: int):
    """The status counts once `expected` rows exist and none is pending or sending, else None."""
    counts = statuses()
    return counts if sum(counts.values()) == expected and set(counts) <= set(FINAL) else None


def stays(condition, seconds: float = 1.0) -> bool:
    """True if the condition holds for the whole (short) period: nothing more arrives."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not condition():
            return False
        time.sleep(0.05)
    return condition()


def parts(message: EmailMessage) -> dict[str, str]:
    assert message.get_content_type() == "multipart/alternative"
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def zone_where_it_is_noon(now: datetime) -> str:
    """A fixed-offset zone whose local hour is 12 now, so a 12:00 send window stays open for the test."""
    offset = 12 - now.hour  # -11 .. +12, all of which exist as Etc/GMT zones (with the sign inverted)
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def enrol(user: User, course: Course):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(reverse("course-enrollment", kwargs={"slug": course.slug}))


# --- the happy path ------------------------------------------------------------------------


def test_enrolling_through_the_api_delivers_one_welcome_email_with_both_parts_and_one_click_unsubscribe(
    smtp, redis_broker, publish_to, start_worker
):
    publish_to(redis_broker)
    start_worker(redis_broker)
    course = course_with_lessons()
    users = [UserFactory(), UserFactory(), UserFactory(email="no-such-user@example.com")]
    smtp.reject("no-such-user@example.com")

    started = time.monotonic()
    for user in users:
        assert enrol(user, course).status_code == 201
    final = wait_for(lambda: all_final(3), timeout=20, message="three welcome emails to be handled")
    print(f"\n3 enrolments -> emails handled in {time.monotonic() - started:.2f}s: {dict(final)}")

    assert final == {EmailLog.Status.SENT: 2, EmailLog.Status.FAILED: 1}
    assert stays(lambda: len(smtp.messages()) == 2)
    # A 550 is permanent: asked once, never retried, nothing delivered.
    bounced = EmailLog.objects.get(user=users[2])
    assert (bounced.status, bounced.attempts, smtp.counters["rejected_550"]) == ("failed", 1, 1)
    assert "550" in bounced.last_error
    assert smtp.by_recipient() == {users[0].email: 1, users[1].email: 1}

    for received in smtp.messages():
        user = User.objects.get(email=received.rcpt_tos[0])
        log = EmailLog.objects.get(user=user)
        message = received.message
        assert (log.kind, log.status, log.attempts, received.log_id) == ("welcome", "sent", 1, log.id)
        assert message["To"] == user.email
        assert message["Subject"] == f"Welcome to {course.title}"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        match = UNSUBSCRIBE.match(str(message["List-Unsubscribe"]).strip())
        assert match, message["List-Unsubscribe"]
        assert match["url"].startswith(settings.SITE_URL)
        assert unsubscribe_token_read(match["token"]) == (user.id, "welcome")

        body = parts(message)
        assert set(body) == {"text/plain", "text/html"}
        assert course.title in body["text/plain"]
        assert match["url"] in body["text/plain"]
        assert "<html" in body["text/html"].lower()
        percent = enrollment_progress_fresh(enrollment_id=log.subject_id)[1].percent
        assert f'aria-label="{percent}% complete"' in body["text/html"]
        assert re.search(rf"width:{percent}%;height:10px", body["text/html"]), "no progress bar in the HTML part"

    # The header works: a one-click POST to it, as a mail client sends it, unsubscribes.
    first = smtp.messages()[0]
    url = UNSUBSCRIBE.match(str(first.message["List-Unsubscribe"]).strip())["url"]
    response = Client().post(
        urlsplit(url).path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200, response.content
    assert User.objects.get(email=first.rcpt_tos[0]).email_welcome is False

    # Enrolling again and another scan send nothing more.
    assert enrol(users[0], course).status_code == 200
    enqueue_pending_emails.delay()
    assert stays(lambda: len(smtp.messages()) == 2, seconds=1.5)
    assert EmailLog.objects.count() == 3


# --- fault 1: the SMTP server says 421 for a while -----------------------------------------


@pytest.mark.parametrize("outage", ["next 6 messages", "1.5 seconds"])
def test_smtp_answering_421_for_a_while_delays_the_emails_but_each_arrives_exactly_once(
    outage, smtp, redis_broker, publish_to, start_worker
):
    publish_to(redis_broker)
    start_worker(redis_broker)
    logs = learners_with_pending_welcomes(40, course_with_lessons())
    if outage == "next 6 messages":
        smtp.refuse_next(6)
    else:
        smtp.refuse_for(1.5)

    started = time.monotonic()
    enqueue_pending_emails.delay()
    final = wait_for(lambda: all_final(40), timeout=40, message="40 emails to be handled through the outage")
    elapsed = time.monotonic() - started

    attempts = Counter(EmailLog.objects.values_list("attempts", flat=True))
    print(
        f"\n421 for the {outage}: {smtp.counters['refused_421']} refusals, 40 emails delivered in {elapsed:.2f}s,"
        f" attempts per row {dict(sorted(attempts.items()))}"
    )
    assert final == {EmailLog.Status.SENT: 40}
    assert smtp.counters["refused_421"] >= (6 if outage == "next 6 messages" else 2)
    assert max(attempts) > 1, "the outage never made a batch retry"
    assert stays(lambda: len(smtp.messages()) == 40)
    assert smtp.by_recipient() == {f"bulk{i}@example.com": 1 for i in range(40)}
    assert sorted(r.log_id for r in smtp.messages()) == sorted(log.id for log in logs)


# --- fault 2: the worker is killed mid-batch -----------------------------------------------


def test_a_worker_killed_mid_batch_loses_nothing_and_resends_only_what_it_had_not_recorded(
    smtp, redis_broker, publish_to, start_worker
):
    total = 300
    publish_to(redis_broker)
    first = start_worker(redis_broker)
    logs = learners_with_pending_welcomes(total, course_with_lessons())
    smtp.delay = 0.05  # a slow server: the kill lands while messages are on the wire

    enqueue_pending_emails.delay()
    wait_for(
        lambda: len(smtp.messages()) >= 60 and smtp.counters["in_flight"],
        timeout=30,
        interval=0.01,
        message="60 emails, and one more committed by the server but not yet answered",
    )
    in_flight = smtp.counters["in_flight"]
    first.kill()
    killed_at = time.monotonic()
    arrived_before_kill = {r.log_id for r in smtp.messages()}
    at_kill = dict(EmailLog.objects.values_list("id", "status"))
    recorded_sent = {i for i, s in at_kill.items() if s == EmailLog.Status.SENT}
    claimed = {i for i, s in at_kill.items() if s == EmailLog.Status.SENDING}
    # The send-then-record window at the kill: handed to SMTP, not yet recorded as sent.
    unrecorded = arrived_before_kill - recorded_sent
    assert 0 < len(arrived_before_kill) < total, "the kill must land in the middle"
    assert claimed, "no batch was in progress at the kill"

    # A new worker takes the queued batches; the scan (beat's job, here once a second through the
    # broker) hands out again the rows the dead worker had claimed, once their claim has expired.
    start_worker(redis_broker)
    scans = 0
    deadline = time.monotonic() + 45
    while all_final(total) is None:
        assert time.monotonic() < deadline, f"not recovered: {dict(statuses())}"
        enqueue_pending_emails.delay()
        scans += 1
        next_scan = time.monotonic() + 1.0
        while time.monotonic() < next_scan and all_final(total) is None:
            time.sleep(0.1)
    recovered_in = time.monotonic() - killed_at
    arrived = len(smtp.messages())
    assert stays(lambda: len(smtp.messages()) == arrived, seconds=0.5)

    received = Counter(r.log_id for r in smtp.messages())
    duplicated = {log_id for log_id, n in received.items() if n > 1}
    duplicates = sum(received[log_id] - 1 for log_id in duplicated)
    suspects = email_duplicate_suspects()
    # Per process, at most the sends not yet recorded in a group (RECORD_SENT_EVERY) can be lost
    # to a kill; with a record per email (no such constant) only the one on the wire.
    window = first.concurrency * getattr(sending, "RECORD_SENT_EVERY", 1)
    print(
        f"\nSIGKILL after {len(arrived_before_kill)}/{total} emails: {len(recorded_sent)} recorded sent,"
        f" {len(unrecorded)} sent but unrecorded ({in_flight} of them awaiting the server's reply),"
        f" {len(claimed)} claimed; recovered in {recovered_in:.1f}s with {scans} scans;"
        f" duplicates {duplicates} (bound {window}); email_duplicate_suspects() = {suspects}"
    )
    assert statuses() == {EmailLog.Status.SENT: total}
    assert set(received) == {log.id for log in logs}, "an email was lost"
    assert len(smtp.by_recipient()) == total
    assert duplicated <= unrecorded, "a row recorded as sent, or never sent before the kill, went out twice"
    assert max(received.values()) <= 2
    assert len(unrecorded) <= window
    assert suspects >= len(duplicated), "email_duplicate_suspects() under-reports the duplicates"
    assert EmailLog.objects.filter(id__in=duplicated, attempts__gt=1).count() == len(duplicated)


# --- fault 3: two beat ticks for the same period -------------------------------------------


def test_two_beat_ticks_for_the_same_period_send_each_inactivity_nudge_once(
    smtp, redis_broker, publish_to, start_worker
):
    publish_to(redis_broker)
    worker = start_worker(redis_broker)
    now = timezone.now()
    course = course_with_lessons(2)
    first_lesson = course.modules.get().lessons.order_by("position").first()
    quiet_since = now - timedelta(days=settings.EMAIL_INACTIVITY_DAYS + 7)
    users = User.objects.bulk_create(
        User(
            email=f"quiet{i}@example.com",
            email_verified_at=now,
            timezone=zone_where_it_is_noon(now),
            preferred_hour=12,
            email_weekly_digest=False,  # whatever weekday it is, only the nudge is due
        )
        for i in range(30)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(user=u, course=course, enrolled_at=quiet_since, last_activity_at=quiet_since) for u in users
    )
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrollment=e, lesson=first_lesson, completed_at=quiet_since) for e in enrollments
    )

    dispatch_progress_emails.delay()
    dispatch_progress_emails.delay()  # the same tick twice, on the worker's two processes at once
    final = wait_for(lambda: all_final(30), timeout=30, message="30 nudges to be handled")
    dispatch_progress_emails.delay()  # and a later tick in the same period
    assert stays(lambda: len(smtp.messages()) == 30, seconds=1.5)

    # Every tick found the 30 nudges due (what each returns, from the worker's log): the repeats were
    # real, and only the unique key and the conditional claim kept them from going out twice.
    ticks = wait_for(
        lambda: len(found := DISPATCHED.findall(worker.log_text())) == 3 and found,
        timeout=10,
        message="the three ticks to finish",
    )
    assert [int(n) for n in ticks] == [30, 30, 30]
    assert final == {EmailLog.Status.SENT: 30}
    assert EmailLog.objects.count() == 30
    assert set(EmailLog.objects.values_list("kind", flat=True)) == {EmailLog.Kind.INACTIVITY}
    assert smtp.by_recipient() == {u.email: 1 for u in users}
    percent = enrollment_progress_fresh(enrollment_id=enrollments[0].pk)[1].percent
    assert 0 < percent < 100
    for received in smtp.messages():
        assert f"width:{percent}%" in parts(received.message)["text/html"]


# --- fault 4: Redis goes away --------------------------------------------------------------


def test_enrolling_while_redis_is_down_answers_quickly_and_the_welcome_arrives_once_redis_is_back(
    smtp, private_redis, publish_to, start_worker
):
    publish_to(private_redis.url)
    worker = start_worker(private_redis.url)
    course = course_with_lessons()
    before = UserFactory()
    during = [UserFactory() for _ in range(3)]

    # With Redis up: the email arrives (and this process holds a live broker connection).
    assert enrol(before, course).status_code == 201
    wait_for(lambda: smtp.by_recipient().get(before.email), timeout=15, message="the first welcome email")
    # Redis goes away while the worker is idle (the next test has it go away mid-batch).
    wait_for(lambda: not private_redis.busy(), timeout=10, message="the worker to acknowledge its task")

    private_redis.stop()
    answered_in = []
    for user in during:  # the first on the connection from before the outage, then on new ones
        started = time.monotonic()
        response = enrol(user, course)
        answered_in.append(time.monotonic() - started)
        assert response.status_code == 201, response.content
    assert max(answered_in) < 5
    assert set(EmailLog.objects.filter(user__in=during).values_list("status", flat=True)) == {"pending"}

    private_redis.start()  # the same port, empty: whatever was queued is gone
    restarted = time.monotonic()
    failed_publishes = 0
    while True:  # beat's next tick; a publish on a connection from before the restart may fail once
        try:
            enqueue_pending_emails.delay()
            break
        except Exception:
            failed_publishes += 1
            assert time.monotonic() - restarted < 10, "cannot publish to the restarted Redis"
            time.sleep(0.2)
    wait_for(lambda: all_final(4), timeout=40, message="the welcome emails after the outage")
    recovered_in = time.monotonic() - restarted
    print(
        f"\nenrolments with Redis down answered 201 in {', '.join(f'{t:.2f}s' for t in answered_in)};"
        f" their welcome emails were sent {recovered_in:.2f}s after Redis came back"
        f" ({failed_publishes} failed publishes after the restart)"
    )

    assert worker.process.poll() is None, "the worker did not survive the outage"
    assert stays(lambda: len(smtp.messages()) == 4)
    assert smtp.by_recipient() == {u.email: 1 for u in [before, *during]}
    assert statuses() == {EmailLog.Status.SENT: 4}
    assert set(EmailLog.objects.values_list("attempts", flat=True)) == {1}


def test_redis_dying_while_a_batch_is_on_the_wire_loses_no_email_once_redis_and_a_worker_are_back(
    smtp, private_redis, publish_to, start_worker
):
    publish_to(private_redis.url)
    first = start_worker(private_redis.url)
    course = course_with_lessons()
    logs = learners_with_pending_welcomes(10, course)  # one batch: one worker process busy, one waiting
    late = UserFactory()
    smtp.delay = 0.1

    enqueue_pending_emails.delay()
    wait_for(lambda: len(smtp.messages()) >= 3, timeout=20, message="the batch on the wire")
    private_redis.stop()
    # While Redis is away the batch goes on (it needs only the database and SMTP) and a learner enrols.
    started = time.monotonic()
    assert enrol(late, course).status_code == 201
    answered_in = time.monotonic() - started
    wait_for(lambda: not statuses()[EmailLog.Status.SENDING], timeout=10, message="the batch to end")
    private_redis.start()
    restarted = time.monotonic()

    # Celery 5.7 / kombu 5.7: a worker that holds an unacknowledged message while waiting for the next
    # one when the connection drops exits ("Unrecoverable error: AttributeError: 'NoneType' object has
    # no attribute 'hostname'") instead of reconnecting. A process supervisor starts it again; so does
    # the test. Either way no email may be lost or sent twice.
    wait_for(
        lambda: first.process.poll() is not None or first.log_text().count("Connected to redis") >= 2,
        timeout=30,
        message="the worker to reconnect or exit",
    )
    worker_exited = first.process.poll() is not None
    if worker_exited:
        start_worker(private_redis.url)
    scans = 0
    deadline = time.monotonic() + 30
    while all_final(11) is None:  # beat's pending scan, once a second
        assert time.monotonic() < deadline, f"not recovered: {dict(statuses())}"
        enqueue_pending_emails.delay()
        scans += 1
        next_scan = time.monotonic() + 1.0
        while time.monotonic() < next_scan and all_final(11) is None:
            time.sleep(0.1)
    recovered_in = time.monotonic() - restarted
    assert stays(lambda: len(smtp.messages()) == 11)
    print(
        f"\nRedis killed mid-batch; enrolment meanwhile answered in {answered_in:.2f}s; the worker"
        f" {'EXITED (kombu bug) and was started again' if worker_exited else 'reconnected'};"
        f" all 11 emails sent {recovered_in:.1f}s after Redis came back ({scans} scans)"
    )
    assert answered_in < 5
    assert statuses() == {EmailLog.Status.SENT: 11}
    assert smtp.by_recipient() == {late.email: 1} | {f"bulk{i}@example.com": 1 for i in range(10)}
    assert sorted(r.log_id for r in smtp.messages()) == sorted([*(log.id for log in logs), late.email_logs.get().id])
