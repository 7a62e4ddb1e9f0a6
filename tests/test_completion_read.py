"""Completing a lesson reads the lesson, the learner's enrolment and their completion in one query
(enrollments.access.lesson_progress_read): each of them must still be the learner's own."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from courses.models import Course
from enrollments.models import Enrollment, LessonCompletion

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

# Plain SQL: each test runs with client-side binding and with server-side binding and prepared
# statements (DATABASE_SERVER_SIDE_BINDING; tests/conftest.py `binding`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("binding")]


def _lesson(**course_fields):
    course = CourseFactory(**course_fields)
    return LessonFactory(module=ModuleFactory(course=course, position=0), position=0)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(lesson_id) -> str:
    return f"/api/v1/lessons/{lesson_id}/completion/"


def test_a_repeat_answers_the_first_completion_time(learner, learner_client):
    lesson = _lesson()
    learner_client.post(f"/api/v1/courses/{lesson.module.course.slug}/enrollment/")
    first = learner_client.post(_url(lesson.id))
    repeat = learner_client.post(_url(lesson.id))

    assert (first.status_code, repeat.status_code) == (201, 200)
    assert repeat.json() == first.json()
    assert (
        LessonCompletion.objects.get().completed_at.isoformat().replace("+00:00", "Z") == first.json()["completed_at"]
    )


def test_another_learners_completion_is_not_mine(learner, learner_client):
    lesson = _lesson()
    other = UserFactory()
    for user in (learner, other):
        _client(user).post(f"/api/v1/courses/{lesson.module.course.slug}/enrollment/")
    assert _client(other).post(_url(lesson.id)).status_code == 201

    assert learner_client.post(_url(lesson.id)).status_code == 201
    assert LessonCompletion.objects.filter(enrollment__user=learner).count() == 1


def test_a_cancelled_enrolment_cannot_complete(learner, learner_client):
    lesson = _lesson()
    learner_client.post(f"/api/v1/courses/{lesson.module.course.slug}/enrollment/")
    learner_client.post(_url(lesson.id))
    Enrollment.objects.filter(user=learner).update(status=Enrollment.Status.CANCELLED)

    refused = learner_client.post(_url(lesson.id))
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_enrolled"


def test_a_locked_drip_lesson_cannot_be_completed_until_it_opens(learner, learner_client):
    course = CourseFactory(drip_mode=Course.DripMode.DAILY)
    module = ModuleFactory(course=course, position=0)
    later = LessonFactory(module=module, position=1, unlock_after=2)
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")
        locked = learner_client.post(_url(later.id))
    with time_machine.travel(dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), tick=False):
        opened = learner_client.post(_url(later.id))

    assert (locked.status_code, locked.json()["code"]) == (403, "locked")
    assert opened.status_code == 201


@pytest.mark.parametrize("lesson_id", ["0", "99999999999999999999", "9223372036854775808"])
def test_unknown_and_out_of_range_lessons_are_404(learner_client, lesson_id):
    assert learner_client.post(_url(lesson_id)).status_code == 404


def test_a_lesson_of_an_unpublished_course_is_404_to_a_learner(learner_client):
    lesson = _lesson(status=Course.Status.DRAFT, published_at=None)
    assert learner_client.post(_url(lesson.id)).status_code == 404
