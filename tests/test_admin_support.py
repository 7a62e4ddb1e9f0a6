"""Learner support: the services behind the admin's learner page, and the page itself."""

from datetime import date, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from courseplatform.errors import ApplicationError
from courses.models import Course
from enrollments.models import EmailLog, Enrollment, QuizAttempt
from enrollments.services import (
    email_log_resend,
    enrollment_create,
    enrollment_drip_start_move,
    quiz_extra_attempts_grant,
)
from lessons.services import quiz_attempt_submit

from .factories import CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory, question_with_choices

pytestmark = pytest.mark.django_db


def make_instructor(email):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def instructor():
    return make_instructor("coach@example.com")


@pytest.fixture
def course(instructor):
    course = CourseFactory(title="Coaching your team", instructors=[instructor], status=Course.Status.PUBLISHED)
    lesson = LessonFactory(module=ModuleFactory(course=course, position=1), position=1)
    quiz = QuizFactory(lesson=lesson, title="Act or react", max_attempts=1, pass_mark=100)
    question_with_choices(quiz=quiz, correct=(0,))
    return course


@pytest.fixture
def quiz(course):
    return course.modules.get().lessons.get().quiz


@pytest.fixture
def pupil():
    return UserFactory(email="pat@example.com")


@pytest.fixture
def enrollment(pupil, course):
    return enrollment_create(user=pupil, course=course)[0]


def wrong_answer(quiz):
    question = quiz.questions.get()
    return [{"question": question.pk, "choices": [question.choices.get(is_correct=False, position=1).pk]}]


def test_extra_attempts_let_one_learner_try_again(enrollment, quiz, pupil):
    quiz_attempt_submit(user=pupil, quiz=quiz, answers=wrong_answer(quiz))
    with pytest.raises(ApplicationError) as used_up:
        quiz_attempt_submit(user=pupil, quiz=quiz, answers=wrong_answer(quiz))
    assert used_up.value.code == "attempt_limit"

    grant = quiz_extra_attempts_grant(enrollment=enrollment, quiz=quiz, extra=1)
    second = quiz_attempt_submit(user=pupil, quiz=quiz, answers=wrong_answer(quiz))

    assert grant.extra == 1
    assert (second.number, second.attempt_limit) == (2, 2)
    with pytest.raises(ApplicationError):
        quiz_attempt_submit(user=pupil, quiz=quiz, answers=wrong_answer(quiz))
    # Another learner of the same quiz keeps the quiz's own limit.
    other = UserFactory()
    enrollment_create(user=other, course=enrollment.course)
    quiz_attempt_submit(user=other, quiz=quiz, answers=wrong_answer(quiz))
    with pytest.raises(ApplicationError):
        quiz_attempt_submit(user=other, quiz=quiz, answers=wrong_answer(quiz))


def test_grants_add_up(enrollment, quiz):
    quiz_extra_attempts_grant(enrollment=enrollment, quiz=quiz, extra=2)

    assert quiz_extra_attempts_grant(enrollment=enrollment, quiz=quiz, extra=3).extra == 5


def test_no_grant_for_an_unlimited_quiz_or_another_course(enrollment, quiz, instructor):
    quiz.max_attempts = None
    quiz.save()
    with pytest.raises(ApplicationError, match="no attempt limit"):
        quiz_extra_attempts_grant(enrollment=enrollment, quiz=quiz, extra=1)
    elsewhere = QuizFactory(lesson=LessonFactory(module=ModuleFactory(course=CourseFactory())), max_attempts=1)
    with pytest.raises(ApplicationError, match="not part of the learner's course"):
        quiz_extra_attempts_grant(enrollment=enrollment, quiz=elsewhere, extra=1)


def test_moving_the_drip_start_keeps_the_local_time(enrollment):
    Course.objects.filter(pk=enrollment.course_id).update(drip_mode=Course.DripMode.DAILY)
    enrollment.refresh_from_db()
    before = enrollment.enrolled_at
    new_day = timezone.localdate() + timedelta(days=10)

    moved = enrollment_drip_start_move(enrollment=enrollment, starts_on=new_day)

    assert moved.enrolled_at.date() == new_day
    assert moved.enrolled_at.time() == before.time()


def test_a_course_without_drip_has_no_start_to_move(enrollment):
    with pytest.raises(ApplicationError, match="no drip"):
        enrollment_drip_start_move(enrollment=enrollment, starts_on=date(2030, 1, 1))


def test_resending_a_failed_email_sends_it(enrollment, pupil, django_capture_on_commit_callbacks):
    welcome = EmailLog.objects.get(user=pupil, kind=EmailLog.Kind.WELCOME)
    EmailLog.objects.filter(pk=welcome.pk).update(
        status=EmailLog.Status.FAILED, attempts=10, last_error="SMTPRecipientsRefused(550 mailbox full)"
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        email_log_resend(email=welcome)

    welcome.refresh_from_db()
    assert welcome.status == EmailLog.Status.SENT
    assert [message.to for message in mail.outbox] == [["pat@example.com"]]
    with pytest.raises(ApplicationError, match="Only a failed email"):
        email_log_resend(email=welcome)


# --- The learner page in the admin --------------------------------------------------------------


def learner_url(enrollment):
    return f"/admin/enrollments/enrollment/{enrollment.pk}/change/"


@pytest.fixture
def instructor_client(client, instructor):
    client.force_login(instructor)
    return client


def test_learner_page_shows_progress_answers_responses_and_email_failures(instructor_client, enrollment, quiz, pupil):
    quiz_attempt_submit(user=pupil, quiz=quiz, answers=wrong_answer(quiz))
    EmailLog.objects.filter(user=pupil).update(status=EmailLog.Status.FAILED, last_error="550 mailbox full")

    response = instructor_client.get(learner_url(enrollment))

    page = response.content.decode()
    assert response.status_code == 200
    assert "pat@example.com" in page
    wrong = quiz.questions.get().choices.get(position=1).text
    assert wrong in page and "✗ wrong" in page
    assert "550 mailbox full" in page and "Send again" in page
    assert "0%" in page  # progress


def test_learner_list_shows_only_learners_of_your_courses(instructor_client, enrollment):
    stranger = enrollment_create(
        user=UserFactory(email="stranger@example.com"),
        course=CourseFactory(status=Course.Status.PUBLISHED, instructors=[make_instructor("rival@example.com")]),
    )[0]
    LessonFactory(module=ModuleFactory(course=stranger.course))

    listing = instructor_client.get("/admin/enrollments/enrollment/?q=example.com").content.decode()

    assert "pat@example.com" in listing and "stranger@example.com" not in listing
    assert instructor_client.get(learner_url(stranger)).status_code == 404


def test_granting_an_attempt_from_the_page_is_logged(instructor_client, instructor, enrollment, quiz):
    response = instructor_client.post(
        learner_url(enrollment), {"action": "grant", "grant-quiz": quiz.pk, "grant-extra": "2"}
    )

    assert response.status_code == 302
    assert enrollment.quiz_extra_attempts.get(quiz=quiz).extra == 2
    entry = LogEntry.objects.get(user=instructor, object_id=str(enrollment.pk))
    assert "Granted 2 extra attempt(s)" in entry.get_change_message()


def test_page_actions_report_refusals_next_to_the_form(instructor_client, enrollment, quiz):
    response = instructor_client.post(
        learner_url(enrollment), {"action": "drip", "drip-enrollment": enrollment.pk, "drip-starts_on": "2030-01-01"}
    )

    assert response.status_code == 200  # the course has no drip: the enrolment is not even offered
    assert response.context["drip_form"].errors
    assert not LogEntry.objects.exists()


def test_moving_the_drip_start_and_resending_from_the_page(instructor_client, enrollment, pupil):
    Course.objects.filter(pk=enrollment.course_id).update(drip_mode=Course.DripMode.WEEKLY)
    welcome = EmailLog.objects.get(user=pupil)
    EmailLog.objects.filter(pk=welcome.pk).update(status=EmailLog.Status.FAILED)

    new_day = timezone.localdate() + timedelta(days=20)
    moved = instructor_client.post(
        learner_url(enrollment), {"action": "drip", "drip-enrollment": enrollment.pk, "drip-starts_on": str(new_day)}
    )
    resent = instructor_client.post(learner_url(enrollment), {"action": "resend", "resend-email": welcome.pk})

    assert (moved.status_code, resent.status_code) == (302, 302)
    enrollment.refresh_from_db()
    assert enrollment.enrolled_at.date() == new_day
    assert EmailLog.objects.get(pk=welcome.pk).status in (EmailLog.Status.PENDING, EmailLog.Status.SENT)
    assert LogEntry.objects.count() == 2


def test_learner_page_queries_do_not_grow_with_attempts(instructor_client, enrollment, quiz, pupil):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    quiz_extra_attempts_grant(enrollment=enrollment, quiz=quiz, extra=10)
    quiz_attempt_submit(user=pupil, quiz=quiz, answers=wrong_answer(quiz))
    instructor_client.get(learner_url(enrollment))  # the first view fills the shared cache (course plans)
    with CaptureQueriesContext(connection) as one:
        instructor_client.get(learner_url(enrollment))
    for _ in range(5):
        quiz_attempt_submit(user=pupil, quiz=quiz, answers=wrong_answer(quiz))
    assert QuizAttempt.objects.count() == 6

    with CaptureQueriesContext(connection) as six:
        instructor_client.get(learner_url(enrollment))

    assert len(six) == len(one)


def test_enrolments_are_not_added_or_deleted_in_the_admin(instructor_client, enrollment):
    assert instructor_client.get("/admin/enrollments/enrollment/add/").status_code == 403
    assert Enrollment.objects.count() == 1
