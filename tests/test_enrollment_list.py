"""The enrolment list (one query of plain rows, the answer built as plain dicts) answers exactly what
DRF's generic list (a queryset, FirstPageCountingPagination, EnrollmentSerializer per row) answers."""

import datetime as dt
import json
import random

import pytest
from django.utils import timezone
from rest_framework import generics
from rest_framework.test import APIRequestFactory, force_authenticate

from enrollments.apis import EnrollmentListApi
from enrollments.models import Certificate, ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt
from enrollments.plans import CoursePlan, PlanChallenge, PlanLesson
from enrollments.progress import progress_compute

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory

# Plain SQL: each test runs with client-side binding and with server-side binding and prepared
# statements (DATABASE_SERVER_SIDE_BINDING; tests/conftest.py `binding`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("binding")]


class GenericEnrollmentList(EnrollmentListApi):
    """What the enrolment list was: the same view with DRF's generic list, a model and a serializer per row."""

    list = generics.ListAPIView.list


def _course_with_content(lessons: int, quizzes: int, challenges: int):
    course = CourseFactory()
    module = ModuleFactory(course=course, position=0)
    made = [LessonFactory(module=module, position=i) for i in range(lessons)]
    quizzes_made = [QuizFactory(lesson=lesson) for lesson in made[:quizzes]]
    challenges_made = [ChallengeFactory(course=course, number=n + 1) for n in range(challenges)]
    return course, made, quizzes_made, challenges_made


@pytest.fixture
def learner_with_history():
    """Seven enrolments: active, completed with a certificate, cancelled; times with and without
    microseconds, empty ones; lessons, passed (twice) and failed quizzes, challenges answered (twice), and a
    completion of a lesson moved to another course (not in the plan)."""
    learner = UserFactory()
    other = UserFactory()
    base = timezone.now().replace(microsecond=0) - dt.timedelta(days=40)
    _, stray_lessons, _, _ = _course_with_content(2, 0, 0)
    for i in range(7):
        course, lessons, quizzes, challenges = _course_with_content(3 + i % 3, min(2, i), i % 3)
        enrollment = Enrollment.objects.create(
            user=learner,
            course=course,
            enrolled_at=base + dt.timedelta(days=i, microseconds=123456 if i % 2 else 0),
            last_activity_at=None if i == 3 else base + dt.timedelta(days=i + 1, seconds=7),
        )
        Enrollment.objects.create(user=other, course=course, enrolled_at=base)
        for lesson in lessons[: i % 4]:
            LessonCompletion.objects.create(enrollment=enrollment, lesson=lesson, completed_at=base)
        for number, quiz in enumerate(quizzes[:1], start=1):
            for attempt in (number, number + 1):
                QuizAttempt.objects.create(
                    enrollment=enrollment, quiz=quiz, number=attempt, started_at=base, passed=True
                )
        for quiz in quizzes[1:]:
            QuizAttempt.objects.create(enrollment=enrollment, quiz=quiz, number=1, started_at=base, passed=False)
        for challenge in challenges[:1]:
            for commitment in ("c", "c again"):
                ChallengeResponse.objects.create(
                    enrollment=enrollment,
                    challenge=challenge,
                    reflection="r",
                    commitment=commitment,
                    due_on=base.date(),
                    created_at=base,
                )
        if i == 2:
            LessonCompletion.objects.create(enrollment=enrollment, lesson=stray_lessons[0], completed_at=base)
        if i == 4:
            Enrollment.objects.filter(pk=enrollment.pk).update(
                status=Enrollment.Status.COMPLETED, completed_at=base + dt.timedelta(days=9, microseconds=5)
            )
            Certificate.objects.create(
                enrollment=enrollment, course=course, learner_name="Pat", course_title="x", issued_at=base
            )
        if i == 5:
            Enrollment.objects.filter(pk=enrollment.pk).update(
                status=Enrollment.Status.CANCELLED, cancelled_at=base + dt.timedelta(days=8)
            )
    # Two enrolled at the same instant: the newer id first.
    Enrollment.objects.filter(user=learner, enrolled_at=base + dt.timedelta(days=6)).update(
        enrolled_at=base + dt.timedelta(days=5, microseconds=123456)
    )
    return learner


QUERIES = [
    "",
    "?page_size=1",
    "?page_size=2&page=2",
    "?page_size=2&page=4",
    "?page_size=2&page=5",
    "?page_size=3&page=3",
    "?page=2",
    "?page=01&page_size=3",
    "?page_size=7",
    "?page_size=6",
    "?page_size=6&page=2",
    "?page_size=100",
    "?page_size=0",
    "?page_size=101",
    "?page=0",
    "?page=x",
    "?page=",
    "?page=1&page=2",
    "?page_size=x&page=x",
    "?page=99999999999999999999999",
    "?page=4611686018427387904",
    "?zeta=1&page=2&page_size=2&alpha=2",
]


def _answer(view, user, query: str):
    request = APIRequestFactory().get(f"/api/v1/enrollments/{query}")
    force_authenticate(request, user=user)
    response = view(request)
    response.render()
    body = json.loads(response.content)
    if isinstance(body, dict):
        body.pop("request_id", None)
    return response.status_code, body, response.content if response.status_code == 200 else None


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris"])
def test_the_enrolment_list_answers_as_drfs_generic_list(learner_with_history, zone):
    mine, generic = EnrollmentListApi.as_view(), GenericEnrollmentList.as_view()
    with timezone.override(zone):
        for query in QUERIES:
            assert _answer(mine, learner_with_history, query) == _answer(generic, learner_with_history, query), query
        whole = _answer(mine, learner_with_history, "")[1]
    zone_suffixes = ("Z",) if zone == "UTC" else ("+01:00", "+02:00")
    assert all(e["enrolled_at"].endswith(zone_suffixes) for e in whole["results"])
    assert whole["count"] == 7
    assert {e["status"] for e in whole["results"]} == {"active", "completed", "cancelled"}
    assert any(e["certificate"] for e in whole["results"])
    assert any(".123456" in e["enrolled_at"] for e in whole["results"])


def test_a_learner_with_no_enrolments_gets_an_empty_first_page_and_404_after(learner_with_history):
    nobody = UserFactory()
    mine, generic = EnrollmentListApi.as_view(), GenericEnrollmentList.as_view()
    for query in ("", "?page=2", "?page_size=5"):
        assert _answer(mine, nobody, query) == _answer(generic, nobody, query)
    assert _answer(mine, nobody, "")[1] == {"count": 0, "next": None, "previous": None, "results": []}


def test_progress_from_ids_as_text_is_progress_compute():
    rng = random.Random(12)
    for _ in range(300):
        lessons = tuple(
            PlanLesson(lesson_id, f"L{lesson_id}", rng.choice([None, 1000 + lesson_id]), f"Q{lesson_id}")
            for lesson_id in rng.sample(range(1, 60), rng.randint(0, 8))
        )
        challenges = tuple(
            PlanChallenge(challenge_id, n + 1, f"C{challenge_id}")
            for n, challenge_id in enumerate(rng.sample(range(1, 30), rng.randint(0, 4)))
        )
        plan = CoursePlan(lessons, challenges)
        # What was done: some of the plan's items, and ids the plan does not have (moved, deleted).
        done = (
            {lesson.id for lesson in lessons if rng.random() < 0.7} | {rng.randint(1, 90)},
            {lesson.quiz_id for lesson in lessons if lesson.quiz_id and rng.random() < 0.7} | {rng.randint(1, 2000)},
            {challenge.id for challenge in challenges if rng.random() < 0.5},
        )
        expected = progress_compute(
            plan=plan, completed_lesson_ids=done[0], passed_quiz_ids=done[1], answered_challenge_ids=done[2]
        )
        got = plan.progress_by_text(tuple({str(i) for i in ids} for ids in done))  # type: ignore[arg-type]
        nxt = expected.next
        assert got == (
            expected.lessons_done,
            expected.quizzes_passed,
            expected.challenges_answered,
            None if nxt is None else (nxt.kind, nxt.id, nxt.title),
        )
