"""Progress emails with eager Celery and the locmem backend: content, preferences, time zones,
never twice, unsubscribe. The real worker, broker and SMTP server are in tests/e2e/."""

import datetime as dt
from email import message_from_string

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Course
from enrollments.emails.render import Skip, batch_data_load, email_message_build
from enrollments.emails.sending import email_batch_send, emails_pending_batches, emails_record_due
from enrollments.emails.unsubscribe import unsubscribe_token
from enrollments.models import ChallengeResponse, EmailLog, Enrollment, LessonCompletion
from enrollments.services import enrollment_cancel, enrollment_create
from enrollments.tasks import dispatch_progress_emails

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _clock_before_the_scenarios():
    """Set up every scenario on a fixed date before the dates the tests travel to.

    Enrolments made at the real clock would otherwise lie after those dates once the real
    date passes them, and the emails would not be due yet.
    """
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC)):
        yield


def _course(n_lessons=3, **kwargs) -> Course:
    course = CourseFactory(**kwargs)
    module = ModuleFactory(course=course, position=0)
    for i in range(n_lessons):
        LessonFactory(module=module, position=i, unlock_after=i)
    return course


def _send_all() -> None:
    for ids in emails_pending_batches(now=timezone.now()):
        email_batch_send(log_ids=ids)


def sent(kind: str) -> list:
    """The messages in the locmem outbox that were sent for one kind of email."""
    ids = set(EmailLog.objects.filter(kind=kind, status="sent").values_list("id", flat=True))
    return [m for m in mail.outbox if int(m.extra_headers["X-Email-Log-Id"]) in ids]


def _parts(message) -> dict[str, str]:
    parsed = message_from_string(message.message().as_string())
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in parsed.walk()
        if part.get_content_maintype() == "text"
    }


def test_welcome_is_sent_after_commit_with_both_parts_and_one_click_headers(django_capture_on_commit_callbacks):
    user = UserFactory(name="Sam")
    course = _course(title="Sales Quickies")

    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(user=user, course=course)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Welcome to Sales Quickies"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://")
    assert "/api/v1/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    parts = _parts(message)
    assert "Welcome, Sam!" in parts["text/plain"]
    assert "[....................] 0%" in parts["text/plain"]
    assert "0% complete" in parts["text/html"]  # the progress bar's label
    assert EmailLog.objects.get().status == "sent"


def test_welcome_is_not_enqueued_before_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    course = _course()  # (creating content registers its own after-commit cache refresh)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enrollment_create(user=user, course=course)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_enrolling_twice_sends_one_welcome(django_capture_on_commit_callbacks):
    user = UserFactory()
    course = _course()
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_create(user=user, course=course)
        enrollment_create(user=user, course=course)
    _send_all()
    assert len(mail.outbox) == 1


def test_no_welcome_when_switched_off_and_none_after_cancel():
    quiet = UserFactory(email_welcome=False)
    enrollment_create(user=quiet, course=_course())
    assert not EmailLog.objects.filter(user=quiet).exists()

    user = UserFactory()
    enrollment, _ = enrollment_create(user=user, course=_course())
    enrollment_cancel(enrollment=enrollment)
    _send_all()
    assert mail.outbox == []
    assert EmailLog.objects.get(user=user).status == "skipped"


def test_no_email_after_unsubscribing(api_client):
    user = UserFactory()
    enrollment_create(user=user, course=_course())
    token = unsubscribe_token(user_id=user.id, kind="welcome")

    assert api_client.post(f"/api/v1/unsubscribe/{token}/").status_code == 200
    _send_all()
    assert mail.outbox == []


def test_unsubscribe_get_changes_nothing_and_one_click_post_switches_off(client):
    user = UserFactory()
    url = f"/api/v1/unsubscribe/{unsubscribe_token(user_id=user.id, kind='weekly_digest')}/"

    shown = client.get(url)
    user.refresh_from_db()
    assert shown.status_code == 200
    assert shown.json()["unsubscribed"] is False
    assert user.email not in shown.content.decode()
    assert user.email_weekly_digest is True
    page = client.get(url, HTTP_ACCEPT="text/html")
    assert b'<form method="post"' in page.content

    # RFC 8058: a form-encoded POST with this body, no cookies, no CSRF token.
    done = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    again = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    user.refresh_from_db()
    assert (done.status_code, again.status_code) == (200, 200)
    assert user.email_weekly_digest is False
    assert user.email_welcome is True


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "not-a-token"])
def test_forged_or_altered_unsubscribe_token_is_refused_and_changes_nothing(client, mangle):
    user = UserFactory()
    token = mangle(unsubscribe_token(user_id=user.id, kind="all"))

    response = client.post(f"/api/v1/unsubscribe/{token}/")
    user.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_token"
    assert user.email_welcome and user.email_weekly_digest


def test_token_for_another_user_cannot_be_made_by_editing_the_payload(client):
    victim = UserFactory()
    mine = unsubscribe_token(user_id=UserFactory().id, kind="all")
    other_payload = unsubscribe_token(user_id=victim.id, kind="all").split(":")[0]
    forged = other_payload + mine[mine.index(":") :]
    assert client.post(f"/api/v1/unsubscribe/{forged}/").status_code == 400
    victim.refresh_from_db()
    assert victim.email_inactivity is True


# --- weekly digest, at the learner's local hour -------------------------------------------


def _digest_learner(tz="Europe/Berlin", hour=8, **kwargs):
    user = UserFactory(timezone=tz, preferred_hour=hour, **kwargs)
    enrollment_create(user=user, course=_course())
    EmailLog.objects.all().delete()  # forget the welcome
    return user


def test_weekly_digest_goes_out_on_monday_at_the_local_hour_once():
    user = _digest_learner(tz="Europe/Berlin", hour=8)
    # Monday 30 November 2026, 06:59 UTC = 07:59 in Berlin: not yet.
    with time_machine.travel(dt.datetime(2026, 11, 30, 6, 59, tzinfo=UTC), tick=False):
        assert emails_record_due(now=timezone.now()) == []
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
        dispatch_progress_emails()  # a second beat tick in the same hour
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, 40, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert len(sent("weekly_digest")) == 1
    assert sent("weekly_digest")[0].to == [user.email]
    assert EmailLog.objects.get(kind="weekly_digest").period == "2026-W49"
    # The next Monday is a new period.
    with time_machine.travel(dt.datetime(2026, 12, 7, 7, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert len(sent("weekly_digest")) == 2


def test_digest_covers_all_courses_in_one_email():
    user = _digest_learner()
    enrollment_create(user=user, course=_course(title="Second course"))
    EmailLog.objects.all().delete()
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    (digest,) = sent("weekly_digest")
    assert "Second course" in digest.body
    assert digest.body.count("%") >= 2


def test_digest_respects_preference_and_cancelled_enrolments():
    _digest_learner(email_weekly_digest=False)
    cancelled = _digest_learner()
    enrollment_cancel(enrollment=Enrollment.objects.get(user=cancelled))
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert sent("weekly_digest") == []
    assert not EmailLog.objects.filter(kind="weekly_digest").exists()


def test_spring_forward_hour_that_does_not_exist_sends_in_the_next_hour():
    # 29 March 2026 (a Sunday, so use a daily kind: today's lesson) — Berlin skips 02:00-03:00.
    user = UserFactory(timezone="Europe/Berlin", preferred_hour=2)
    course = _course(n_lessons=3, drip_mode=Course.DripMode.DAILY)
    with time_machine.travel(dt.datetime(2026, 3, 28, 9, tzinfo=UTC), tick=False):
        enrollment_create(user=user, course=course)
    EmailLog.objects.all().delete()
    # 01:30 UTC = 03:30 CEST on 29 March: the first hour after the missing 02:00.
    with time_machine.travel(dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    lesson = course.modules.get().lessons.get(position=1)
    assert [m.subject for m in sent("todays_lesson")] == [f"Today's lesson: {lesson.title}"]


def test_fall_back_repeated_hour_sends_once():
    user = UserFactory(timezone="America/New_York", preferred_hour=1)
    course = _course(n_lessons=3, drip_mode=Course.DripMode.DAILY)
    with time_machine.travel(dt.datetime(2026, 10, 31, 15, tzinfo=UTC), tick=False):
        enrollment_create(user=user, course=course)
    EmailLog.objects.all().delete()
    # 1 November 2026: 01:xx happens twice in New York (05:xx and 06:xx UTC).
    for hour, minute in [(5, 10), (5, 50), (6, 10), (6, 50)]:
        with time_machine.travel(dt.datetime(2026, 11, 1, hour, minute, tzinfo=UTC), tick=False):
            dispatch_progress_emails()
    assert len(sent("todays_lesson")) == 1


# --- today's lesson, inactivity, commitment, completion -----------------------------------


def test_todays_lesson_on_each_unlock_day_only():
    user = UserFactory(timezone="UTC", preferred_hour=9)
    course = _course(n_lessons=3, drip_mode=Course.DripMode.DAILY)
    with time_machine.travel(dt.datetime(2026, 5, 4, 12, tzinfo=UTC), tick=False):
        enrollment_create(user=user, course=course)
    EmailLog.objects.all().delete()
    lessons = list(course.modules.get().lessons.order_by("position"))
    for day in (4, 5, 6, 7, 8):
        with time_machine.travel(dt.datetime(2026, 5, day, 9, 15, tzinfo=UTC), tick=False):
            dispatch_progress_emails()
    assert [m.subject for m in sent("todays_lesson")] == [
        f"Today's lesson: {lessons[1].title}",
        f"Today's lesson: {lessons[2].title}",
    ]


def test_inactivity_nudge_once_per_spell_and_not_when_active(settings):
    settings.EMAIL_INACTIVITY_DAYS = 3
    user = UserFactory(timezone="UTC", preferred_hour=10)
    course = _course()
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=UTC), tick=False):
        enrollment, _ = enrollment_create(user=user, course=course)
    EmailLog.objects.all().delete()
    with time_machine.travel(dt.datetime(2026, 6, 3, 10, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert sent("inactivity") == []  # two days: not inactive yet
    for day in (5, 6, 7):
        with time_machine.travel(dt.datetime(2026, 6, day, 10, 5, tzinfo=UTC), tick=False):
            dispatch_progress_emails()
    assert len(sent("inactivity")) == 1
    # Active again on the 8th, quiet again: a new spell, a new nudge after 3 more days.
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=dt.datetime(2026, 6, 8, 9, tzinfo=UTC))
    with time_machine.travel(dt.datetime(2026, 6, 8, 10, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    with time_machine.travel(dt.datetime(2026, 6, 11, 10, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert len(sent("inactivity")) == 2


def test_commitment_follow_up_on_the_local_morning_it_falls_due():
    user = UserFactory(timezone="Asia/Tokyo", preferred_hour=8)
    course = _course()
    challenge = ChallengeFactory(course=course, number=1, title="Ask, do not tell")
    enrollment, _ = enrollment_create(user=user, course=course)
    EmailLog.objects.all().delete()
    response = ChallengeResponse.objects.create(
        enrollment=enrollment,
        challenge=challenge,
        reflection="r",
        commitment="I will ask each report one question",
        due_on=dt.date(2026, 7, 10),
        created_at=timezone.now(),
    )
    # 23:10 UTC on 9 July = 08:10 on 10 July in Tokyo.
    with time_machine.travel(dt.datetime(2026, 7, 9, 23, 10, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
        dispatch_progress_emails()
    assert len(mail.outbox) == 1
    assert "I will ask each report one question" in mail.outbox[0].body
    assert f"/responses/{response.id}/" in mail.outbox[0].body


def test_reported_commitment_gets_no_follow_up():
    user = UserFactory(timezone="UTC", preferred_hour=8)
    course = _course()
    enrollment, _ = enrollment_create(user=user, course=course)
    EmailLog.objects.all().delete()
    ChallengeResponse.objects.create(
        enrollment=enrollment,
        challenge=ChallengeFactory(course=course, number=1),
        reflection="r",
        commitment="c",
        due_on=dt.date(2026, 7, 10),
        outcome="kept",
        created_at=timezone.now(),
    )
    with time_machine.travel(dt.datetime(2026, 7, 10, 8, 10, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert mail.outbox == []


def test_completion_email_carries_the_certificate_link(learner_client, learner, django_capture_on_commit_callbacks):
    course = _course(n_lessons=1)
    lesson = course.modules.get().lessons.get()
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(f"/api/v1/lessons/{lesson.id}/completion/")
    completion = [m for m in mail.outbox if m.subject.startswith("You completed")]
    assert len(completion) == 1
    code = Enrollment.objects.get().certificate.code
    assert f"/api/v1/certificates/{code}/" in completion[0].body


# --- failures ---------------------------------------------------------------------------


def test_a_second_batch_with_the_same_ids_sends_nothing():
    enrollment_create(user=UserFactory(), course=_course())
    ids = list(EmailLog.objects.values_list("id", flat=True))
    email_batch_send(log_ids=ids)
    email_batch_send(log_ids=ids)
    assert len(mail.outbox) == 1


def test_send_command_dry_run_records_nothing_and_real_run_sends(capsys):
    _digest_learner()
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, 5, tzinfo=UTC), tick=False):
        call_command("send_progress_emails", "--dry-run", "--no-progress")
        assert "1 weekly_digest" in capsys.readouterr().out
        assert not EmailLog.objects.exists()
        call_command("send_progress_emails", "--kind", "weekly_digest", "--no-progress")
    assert "sent 1" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_preview_email_renders_to_terminal_and_file(tmp_path, capsys):
    user = UserFactory(name="Robin")
    enrollment_create(user=user, course=_course())
    call_command("preview_email", "welcome", user.email)
    assert "Welcome, Robin!" in capsys.readouterr().out
    out = tmp_path / "digest.html"
    call_command("preview_email", "weekly_digest", user.email, "--html", str(out))
    assert "<html" in out.read_text()


# --- only published courses, links a mail client can open, nudges only with work to do ------


def _render(log: EmailLog):
    return email_message_build(log, batch_data_load([log]))


@pytest.mark.parametrize("status", [Course.Status.ARCHIVED, Course.Status.DRAFT])
def test_a_course_that_is_no_longer_published_is_found_for_no_email(settings, status):
    settings.EMAIL_INACTIVITY_DAYS = 3
    user = UserFactory(timezone="UTC", preferred_hour=10)
    course = _course(n_lessons=5, drip_mode=Course.DripMode.DAILY)
    challenge = ChallengeFactory(course=course, number=1)
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, tzinfo=UTC), tick=False):
        enrollment, _ = enrollment_create(user=user, course=course)
    ChallengeResponse.objects.create(
        enrollment=enrollment,
        challenge=challenge,
        reflection="r",
        commitment="c",
        due_on=dt.date(2026, 11, 30),
        created_at=timezone.now(),
    )
    monday = dt.datetime(2026, 11, 30, 10, 5, tzinfo=UTC)
    every_kind = {"weekly_digest", "todays_lesson", "inactivity", "commitment"}
    assert {d.kind for d in emails_record_due(now=monday, dry_run=True)} == every_kind

    Course.objects.filter(pk=course.pk).update(status=status)

    assert emails_record_due(now=monday, dry_run=True) == []


def test_emails_recorded_before_the_course_was_archived_are_skipped():
    user = _digest_learner()
    second = _course(title="Second course")
    enrollment_create(user=user, course=second)  # its welcome is pending
    Course.objects.filter(pk=second.pk).update(status=Course.Status.ARCHIVED)
    with time_machine.travel(dt.datetime(2026, 11, 30, 7, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()

    welcome = EmailLog.objects.get(kind="welcome")
    assert (welcome.status, welcome.last_error) == ("skipped", "the course is not published")
    (digest,) = sent("weekly_digest")  # the published course still has its digest...
    assert "Second course" not in digest.body  # ...without the archived one

    Course.objects.exclude(pk=second.pk).update(status=Course.Status.ARCHIVED)
    log = EmailLog.objects.create(user=user, kind="weekly_digest", period="later", next_attempt_at=timezone.now())
    with pytest.raises(Skip, match="no active course"):
        _render(log)


def test_a_recorded_commitment_follow_up_is_skipped_once_the_course_is_archived():
    user = UserFactory()
    course = _course()
    enrollment, _ = enrollment_create(user=user, course=course)
    response = ChallengeResponse.objects.create(
        enrollment=enrollment,
        challenge=ChallengeFactory(course=course, number=1),
        reflection="r",
        commitment="c",
        due_on=dt.date(2026, 7, 10),
        created_at=timezone.now(),
    )
    log = EmailLog.objects.create(
        user=user,
        kind="commitment",
        period=f"response:{response.id}",
        subject_id=response.id,
        next_attempt_at=timezone.now(),
    )
    Course.objects.filter(pk=course.pk).update(status=Course.Status.ARCHIVED)
    with pytest.raises(Skip, match="not published"):
        _render(log)


def _links_of_each_kind(user, course):
    """Welcome, today's lesson and commitment emails for one learner, rendered; with the objects linked."""
    enrollment, _ = enrollment_create(user=user, course=course)
    lesson = course.modules.get().lessons.get(position=1)
    response = ChallengeResponse.objects.create(
        enrollment=enrollment,
        challenge=ChallengeFactory(course=course, number=1),
        reflection="r",
        commitment="c",
        due_on=dt.date(2026, 7, 10),
        created_at=timezone.now(),
    )
    now = timezone.now()
    logs = [
        EmailLog.objects.get(kind="welcome"),
        EmailLog.objects.create(
            user=user, kind="todays_lesson", period=f"x:{enrollment.id}", subject_id=lesson.id, next_attempt_at=now
        ),
        EmailLog.objects.create(
            user=user, kind="commitment", period=f"response:{response.id}", subject_id=response.id, next_attempt_at=now
        ),
    ]
    data = batch_data_load(logs)
    messages = [email_message_build(log, data) for log in logs]
    return messages, lesson, response


def test_email_links_open_the_front_end_when_it_is_configured(settings):
    settings.FRONTEND_URL = "https://learn.example.com"
    course = _course(drip_mode=Course.DripMode.DAILY)
    (welcome, todays, commitment), lesson, response = _links_of_each_kind(UserFactory(), course)

    for message, url in [
        (welcome, f"https://learn.example.com/courses/{course.slug}/"),
        (todays, f"https://learn.example.com/courses/{course.slug}/lessons/{lesson.id}/"),
        (commitment, f"https://learn.example.com/challenges/{response.challenge_id}/responses/{response.id}/"),
    ]:
        parts = _parts(message)
        assert url in parts["text/plain"]
        assert f'href="{url}"' in parts["text/html"]
        assert "/api/v1/courses/" not in message.body and "/api/v1/lessons/" not in message.body


def test_email_links_fall_back_to_the_api_without_a_front_end(settings):
    settings.FRONTEND_URL = ""
    settings.SITE_URL = "https://api.example.com"
    course = _course(drip_mode=Course.DripMode.DAILY)
    (welcome, todays, commitment), lesson, response = _links_of_each_kind(UserFactory(), course)

    assert f"https://api.example.com/api/v1/courses/{course.slug}/" in welcome.body
    assert f"https://api.example.com/api/v1/lessons/{lesson.id}/" in todays.body
    assert (
        f"https://api.example.com/api/v1/challenges/{response.challenge_id}/responses/{response.id}/" in commitment.body
    )


def test_the_certificate_link_stays_the_public_verification_url_with_a_front_end(
    settings, learner_client, django_capture_on_commit_callbacks
):
    settings.FRONTEND_URL = "https://learn.example.com"
    course = _course(n_lessons=1)
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(f"/api/v1/lessons/{course.modules.get().lessons.get().id}/completion/")
    (completion,) = sent("completion")
    code = Enrollment.objects.get().certificate.code
    assert f"/api/v1/certificates/{code}/" in completion.body
    assert "learn.example.com/api" not in completion.body


def _weekly_drip_learner(course, *, completed_first_lesson: bool):
    user = UserFactory(timezone="UTC", preferred_hour=10)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=UTC), tick=False):  # a Monday
        enrollment, _ = enrollment_create(user=user, course=course)
    if completed_first_lesson:
        LessonCompletion.objects.create(
            enrollment=enrollment,
            lesson=course.modules.get().lessons.get(unlock_after=0),
            completed_at=dt.datetime(2026, 6, 1, 12, 30, tzinfo=UTC),
        )
    return user


def test_weekly_drip_learner_who_finished_the_unlocked_lesson_gets_no_nudge(settings):
    settings.EMAIL_INACTIVITY_DAYS = 3
    course = _course(n_lessons=3, drip_mode=Course.DripMode.WEEKLY)  # lessons unlock in weeks 0, 1 and 2
    done = _weekly_drip_learner(course, completed_first_lesson=True)
    behind = _weekly_drip_learner(course, completed_first_lesson=False)
    EmailLog.objects.all().delete()

    # Friday 5 June: four quiet days, and the next lesson opens on Monday the 8th.
    with time_machine.travel(dt.datetime(2026, 6, 5, 10, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()

    assert [m.to for m in sent("inactivity")] == [[behind.email]]
    # Not recorded as used up: the same quiet spell can still bring a nudge once work opens.
    assert not EmailLog.objects.filter(kind="inactivity", user=done).exists()

    # Tuesday 9 June: lesson two opened on Monday and is still not done: now a nudge is due.
    with time_machine.travel(dt.datetime(2026, 6, 9, 10, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert sorted(m.to[0] for m in sent("inactivity")) == sorted([behind.email, done.email])


def test_drip_learner_with_an_unlocked_lesson_still_open_is_nudged(settings):
    settings.EMAIL_INACTIVITY_DAYS = 3
    course = _course(n_lessons=3, drip_mode=Course.DripMode.WEEKLY)
    user = _weekly_drip_learner(course, completed_first_lesson=True)
    EmailLog.objects.all().delete()

    # Thursday 11 June: the lesson that opened on Monday the 8th is waiting.
    with time_machine.travel(dt.datetime(2026, 6, 11, 10, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()

    (nudge,) = sent("inactivity")
    assert nudge.to == [user.email]


def test_drip_learner_with_an_open_challenge_is_nudged(settings):
    settings.EMAIL_INACTIVITY_DAYS = 3
    course = _course(n_lessons=3, drip_mode=Course.DripMode.WEEKLY)
    ChallengeFactory(course=course, number=1)  # challenges are open from enrolment on
    user = _weekly_drip_learner(course, completed_first_lesson=True)
    EmailLog.objects.all().delete()
    with time_machine.travel(dt.datetime(2026, 6, 5, 10, 5, tzinfo=UTC), tick=False):
        dispatch_progress_emails()
    assert [m.to for m in sent("inactivity")] == [[user.email]]


@pytest.mark.parametrize("kind", ["inactivity", "weekly_digest"])
def test_a_batch_costs_the_same_queries_for_two_emails_as_for_six(kind):
    users = [UserFactory() for _ in range(6)]
    for user in users:  # a course each, so nothing loaded for one email serves the next
        course = _course(n_lessons=4, drip_mode=Course.DripMode.WEEKLY)
        ChallengeFactory(course=course, number=1)
        enrollment_create(user=user, course=course)
    EmailLog.objects.all().delete()
    now = timezone.now()

    def queries_for(batch) -> int:
        ids = [EmailLog.objects.create(user=u, kind=kind, period="p", next_attempt_at=now).id for u in batch]
        with CaptureQueriesContext(connection) as queries:
            result = email_batch_send(log_ids=ids)
        assert result.sent == len(batch)
        return len(queries)

    assert queries_for(users[:2]) == queries_for(users[2:])
