"""The quiz submission's short cuts give what the long way gives.

A submission validates a plainly well-formed body without DRF's nested fields, builds its answer
without the serializer's fields, decides the usual access case from the locked enrolment, and
reads the quiz from the shared cache. Each is compared here with the way it replaces.
"""

import datetime as dt
import json

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from courses.models import Course
from enrollments.access import lesson_access_check
from enrollments.models import Enrollment, QuizAttempt
from enrollments.services import enrollment_create
from lessons.models import Question, Quiz, QuizAnswer, quiz_answer_values
from lessons.serializers import (
    ID_MAX,
    MAX_ANSWERS,
    MAX_CHOICES_PER_ANSWER,
    QuestionResultSerializer,
    QuizAttemptSerializer,
    QuizAttemptSubmitSerializer,
    _plain_answers,
)
from lessons.services import _enrollment_lock

from .factories import CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory, question_with_choices

# Plain SQL: each test runs with client-side binding and with server-side binding and prepared
# statements (DATABASE_SERVER_SIDE_BINDING; tests/conftest.py `binding`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("binding")]


def _quiz(*, course=None, **kwargs) -> Quiz:
    quiz = QuizFactory(lesson=LessonFactory(module=ModuleFactory(course=course or CourseFactory())), **kwargs)
    question_with_choices(quiz=quiz, kind=Question.Kind.SINGLE, correct=(1,), n_choices=3)
    question_with_choices(quiz=quiz, kind=Question.Kind.MULTIPLE, correct=(0, 2), n_choices=4, points=2)
    question_with_choices(quiz=quiz, kind=Question.Kind.TRUE_FALSE, correct=(0,), n_choices=2, points=3)
    return quiz


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(quiz: Quiz) -> str:
    return f"/api/v1/quizzes/{quiz.id}/attempts/"


def _answers(quiz: Quiz, *, correct: bool) -> dict:
    answers = []
    for question in quiz.questions.order_by("position", "id"):
        choices = list(question.choices.order_by("position", "id"))
        answers.append({"question": question.id, "choices": [c.id for c in choices if c.is_correct == correct][:1]})
    return {"answers": answers}


# --- Validating the body ---------------------------------------------------------------------

PLAIN_BODIES = [
    {"answers": []},
    {"answers": [{"question": 1, "choices": []}]},
    {"answers": [{"question": 1, "choices": [2, 3]}, {"question": 4, "choices": [5]}]},
    {"answers": [{"question": ID_MAX, "choices": [ID_MAX]}]},
    {"answers": [{"question": 1, "choices": [2], "note": "ignored"}], "extra": True},
    {"answers": [{"question": q, "choices": [q]} for q in range(1, MAX_ANSWERS + 1)]},
    {"answers": [{"question": 1, "choices": list(range(1, MAX_CHOICES_PER_ANSWER + 1))}]},
]
OTHER_BODIES = [
    {},
    [],
    "answers",
    {"start": True},
    {"start": False, "answers": [{"question": 1, "choices": [2]}]},
    {"start": True, "answers": []},
    {"answers": None},
    {"answers": {"question": 1, "choices": [2]}},
    {"answers": "1"},
    {"answers": [None]},
    {"answers": [[1, 2]]},
    {"answers": [{"question": "1", "choices": [2]}]},
    {"answers": [{"question": 1.0, "choices": [2]}]},
    {"answers": [{"question": True, "choices": [2]}]},
    {"answers": [{"question": 0, "choices": [2]}]},
    {"answers": [{"question": -1, "choices": [2]}]},
    {"answers": [{"question": ID_MAX + 1, "choices": [2]}]},
    {"answers": [{"question": 1}]},
    {"answers": [{"choices": [2]}]},
    {"answers": [{"question": 1, "choices": None}]},
    {"answers": [{"question": 1, "choices": "2"}]},
    {"answers": [{"question": 1, "choices": ["2"]}]},
    {"answers": [{"question": 1, "choices": [2.0]}]},
    {"answers": [{"question": 1, "choices": [False]}]},
    {"answers": [{"question": 1, "choices": [0]}]},
    {"answers": [{"question": 1, "choices": [ID_MAX + 1]}]},
    {"answers": [{"question": 1, "choices": list(range(1, MAX_CHOICES_PER_ANSWER + 2))}]},
    {"answers": [{"question": q, "choices": [q]} for q in range(1, MAX_ANSWERS + 2)]},
]


def _drf_validation(body) -> tuple[bool, object]:
    """What QuizAttemptSubmitSerializer's fields make of the body, without the short cut."""
    serializer = QuizAttemptSubmitSerializer(data=body)
    try:
        value = serializers.Serializer.run_validation(serializer, body)
    except serializers.ValidationError as error:
        return False, error.detail
    return True, json.loads(json.dumps(value))


@pytest.mark.parametrize("body", PLAIN_BODIES, ids=range(len(PLAIN_BODIES)))
def test_a_plain_body_validates_as_the_fields_validate_it(body):
    plain = _plain_answers(body)

    assert plain is not None
    assert _drf_validation(body) == (True, {"answers": plain})
    serializer = QuizAttemptSubmitSerializer(data=body)
    assert serializer.is_valid()
    assert serializer.validated_data == {"answers": plain}


@pytest.mark.parametrize("body", OTHER_BODIES, ids=range(len(OTHER_BODIES)))
def test_any_other_body_goes_through_the_fields(body):
    assert _plain_answers(body) is None
    serializer = QuizAttemptSubmitSerializer(data=body)
    valid, detail = _drf_validation(body)
    assert serializer.is_valid() is valid
    if valid:
        assert json.loads(json.dumps(serializer.validated_data)) == detail
    else:
        assert serializer.errors == detail


# --- The answer ------------------------------------------------------------------------------


def _reference_results(attempt: QuizAttempt) -> list:
    """The results as QuizAttemptSerializer built them through QuestionResultSerializer."""
    if attempt.submitted_at is None:
        return []
    results = [{"feedback": [], **result} for result in attempt.results]
    if not getattr(attempt, "answers_revealed", False):
        results = [{**result, "correct_choices": None, "explanation": None, "feedback": None} for result in results]
    rank = {question: index for index, question in enumerate(attempt.order.get("questions", []))}
    results.sort(key=lambda result: rank.get(result["question"], len(rank)))
    return QuestionResultSerializer(results, many=True).data


def _reference(attempt: QuizAttempt) -> bytes:
    serializer = QuizAttemptSerializer(attempt)
    data = serializers.ModelSerializer.to_representation(serializer, attempt)
    data["results"] = _reference_results(attempt)
    return JSONRenderer().render(data)


def _attempts_of_every_kind() -> list[QuizAttempt]:
    learner = UserFactory()
    plain = _quiz(max_attempts=3)
    partial = _quiz(partial_credit=True, shuffle_questions=True)
    timed = _quiz(time_limit_seconds=60)
    for quiz in (plain, partial, timed):
        enrollment_create(user=learner, course=quiz.lesson.module.course)
    client = _client(learner)
    assert client.post(_url(plain), _answers(plain, correct=False)).status_code == 201  # kept back
    assert client.post(_url(plain), _answers(plain, correct=True)).status_code == 201  # revealed
    multiple = partial.questions.get(kind=Question.Kind.MULTIPLE)
    right = multiple.choices.filter(is_correct=True).first()
    assert (
        client.post(_url(partial), {"answers": [{"question": multiple.id, "choices": [right.id]}]}).status_code == 201
    )
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(hours=1), tick=False):
        assert client.post(_url(timed), {"start": True}).status_code == 201
    assert client.post(_url(timed), _answers(timed, correct=True)).json()["code"] == "time_over"
    assert client.post(_url(timed), {"start": True}).status_code == 201  # open
    attempts = list(QuizAttempt.objects.order_by("id"))
    legacy = attempts[1]
    legacy.pk = None
    legacy.number = 3
    legacy.results = [{k: v for k, v in r.items() if k != "feedback"} for r in legacy.results]
    legacy.order = {}
    legacy.save()
    return [*attempts, legacy]


def test_the_answer_is_what_the_serializer_fields_make_of_the_attempt():
    attempts = _attempts_of_every_kind()
    assert len(attempts) == 6
    for attempt in attempts:
        for revealed in (False, True):
            attempt.answers_revealed = revealed
            assert JSONRenderer().render(QuizAttemptSerializer(attempt).data) == _reference(attempt)
    listed = QuizAttemptSerializer(attempts[:2], many=True).data
    assert [item["id"] for item in listed] == [attempts[0].id, attempts[1].id]


def test_a_submission_answers_what_the_serializer_fields_make_of_it(learner):
    quiz = _quiz()
    enrollment_create(user=learner, course=quiz.lesson.module.course)

    response = _client(learner).post(_url(quiz), _answers(quiz, correct=True))

    attempt = QuizAttempt.objects.get(pk=response.json()["id"])
    attempt.answers_revealed = True
    assert json.loads(_reference(attempt)) == response.json()


# --- The stored rows ---------------------------------------------------------------------------


def _answer_rows(attempt: QuizAttempt) -> list[tuple]:
    return sorted(
        QuizAnswer.objects.filter(attempt=attempt).values_list(
            "question_id", "choice_id", "index", "correct", "choice_correct"
        ),
        key=repr,
    )


def test_the_answer_rows_are_those_of_the_stored_results_for_a_new_and_a_started_attempt(learner):
    """The plain-SQL inserts (the attempt with its rows in one statement, and the rows of a started
    attempt on their own) store what lessons.models.quiz_answer_values makes of the results: a row
    per chosen choice, one without a choice for a question left out, nulls kept."""
    plain = _quiz(partial_credit=True)
    timed = _quiz(time_limit_seconds=600)
    for quiz in (plain, timed):
        enrollment_create(user=learner, course=quiz.lesson.module.course)
    client = _client(learner)
    for quiz in (plain, timed):
        single, multiple, _left_out = quiz.questions.order_by("position", "id")
        chosen = [c.id for c in multiple.choices.order_by("position", "id")][:3]
        body = {"answers": [{"question": single.id, "choices": []}, {"question": multiple.id, "choices": chosen}]}
        if quiz.time_limit_seconds:
            assert client.post(_url(quiz), {"start": True}).status_code == 201
        response = client.post(_url(quiz), body)
        assert response.status_code == 201, response.json()

        attempt = QuizAttempt.objects.get(pk=response.json()["id"])
        expected = sorted(quiz_answer_values(attempt.results), key=repr)
        assert _answer_rows(attempt) == expected
        assert len(expected) == 5 and (single.id, None, 0, False, None) in expected


# --- Access ----------------------------------------------------------------------------------


def _situations():
    """(name, user, quiz, now) for the ways a learner can stand towards a quiz."""
    now = timezone.now()
    out = []

    def learner_in(course, *, status=Enrollment.Status.ACTIVE, enrolled_days_ago=0, teaches=False):
        user = UserFactory(is_staff=teaches)
        if teaches:
            course.instructors.add(user)
        Enrollment.objects.create(
            user=user,
            course=course,
            status=status,
            enrolled_at=now - dt.timedelta(days=enrolled_days_ago),
            completed_at=now if status == Enrollment.Status.COMPLETED else None,
        )
        return user

    for drip in Course.DripMode.values:
        for unlock_after, weekday, is_preview in ((0, None, False), (3, None, False), (0, 4, False), (3, None, True)):
            course = CourseFactory(drip_mode=drip)
            quiz = _quiz(course=course)
            quiz.lesson.unlock_after = unlock_after
            quiz.lesson.weekday = weekday
            quiz.lesson.is_preview = is_preview
            quiz.lesson.save()
            for days in (0, 30):
                name = f"{drip}-after{unlock_after}-weekday{weekday}-preview{is_preview}-day{days}"
                out.append((name, learner_in(course, enrolled_days_ago=days), quiz, now))
    course = CourseFactory()
    quiz = _quiz(course=course)
    out.append(("completed", learner_in(course, status=Enrollment.Status.COMPLETED), quiz, now))
    out.append(("cancelled", learner_in(course, status=Enrollment.Status.CANCELLED), quiz, now))
    out.append(("not enrolled", UserFactory(), quiz, now))
    draft = CourseFactory(status=Course.Status.DRAFT)
    quiz = _quiz(course=draft)
    out.append(("draft, enrolled", learner_in(draft), quiz, now))
    out.append(("draft, enrolled instructor", learner_in(draft, teaches=True), quiz, now))
    out.append(("draft, instructor", learner_in(draft, teaches=True, status=Enrollment.Status.CANCELLED), quiz, now))
    return out


def _outcome(call, **kwargs) -> tuple:
    try:
        access = call(**kwargs)
    except Exception as error:  # any refusal, compared whole
        return type(error).__name__, getattr(error, "code", None), str(error), getattr(error, "extra", None)
    enrollment = access.enrollment if hasattr(access, "enrollment") else access
    return "allowed", enrollment.pk


def test_the_lock_lets_in_whom_the_access_check_lets_in():
    """The submission reads the enrolment with its lock and hands it to the access check: the same
    answer, refusals worded alike, as the access check reading the enrolment itself."""
    situations = _situations()
    allowed = 0
    for name, user, quiz, now in situations:
        expected = _outcome(lesson_access_check, user=user, lesson=quiz.lesson, now=now, need_enrollment=True)
        with transaction.atomic():
            got = _outcome(_enrollment_lock, user=user, quiz=quiz, now=now)
        assert got == expected, name
        allowed += expected[0] == "allowed"
    assert 10 <= allowed < len(situations)  # both answers are among the situations


@pytest.mark.parametrize(
    "setup, code",
    [("locked", "locked"), ("cancelled", "not_enrolled"), ("draft", "not_found"), ("bad answer", "invalid")],
)
def test_a_refused_submission_records_no_activity(learner, setup, code):
    course = CourseFactory(drip_mode=Course.DripMode.DAILY if setup == "locked" else Course.DripMode.NONE)
    quiz = _quiz(course=course)
    if setup == "locked":
        quiz.lesson.unlock_after = 5
        quiz.lesson.save()
    enrollment, _ = enrollment_create(user=learner, course=course)
    before = timezone.now() - dt.timedelta(days=3)
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=before)
    if setup == "cancelled":
        Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.CANCELLED)
    if setup == "draft":
        Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT)
    body = _answers(quiz, correct=True)
    if setup == "bad answer":
        body["answers"][0]["choices"] = [10**9]

    response = _client(learner).post(_url(quiz), body)

    assert response.status_code in (400, 403, 404)
    assert response.json().get("code") == code
    enrollment.refresh_from_db()
    assert enrollment.last_activity_at == before
    assert not QuizAttempt.objects.exists()


def test_a_submission_records_activity(learner):
    quiz = _quiz()
    enrollment, _ = enrollment_create(user=learner, course=quiz.lesson.module.course)
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now() - dt.timedelta(days=3))

    started = timezone.now()
    assert _client(learner).post(_url(quiz), _answers(quiz, correct=False)).status_code == 201

    enrollment.refresh_from_db()
    assert enrollment.last_activity_at >= started


# --- The quiz from the shared cache ----------------------------------------------------------


def test_a_change_to_the_quiz_or_its_course_shows_in_the_next_submission(learner):
    quiz = _quiz()
    course = quiz.lesson.module.course
    enrollment_create(user=learner, course=course)
    client = _client(learner)
    assert client.post(_url(quiz), _answers(quiz, correct=False)).status_code == 201

    course.status = Course.Status.DRAFT
    course.save()
    assert client.post(_url(quiz), _answers(quiz, correct=False)).status_code == 404

    course.status = Course.Status.PUBLISHED
    course.save()
    quiz.max_attempts = 1
    quiz.save()
    response = client.post(_url(quiz), _answers(quiz, correct=False))
    assert (response.status_code, response.json()["code"]) == (409, "attempt_limit")

    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=None)
    extra = question_with_choices(quiz=quiz, kind=Question.Kind.SINGLE, correct=(0,), n_choices=2)
    right = extra.choices.get(is_correct=True)
    response = client.post(_url(quiz), {"answers": [{"question": extra.id, "choices": [right.id]}]})
    assert response.status_code == 201
    assert response.json()["results"][-1]["correct"] is True

    Course.objects.filter(pk=course.pk).update(drip_mode=Course.DripMode.DAILY)
    quiz.lesson.unlock_after = 9
    quiz.lesson.save()
    response = client.post(_url(quiz), _answers(quiz, correct=False))
    assert (response.status_code, response.json()["code"]) == (403, "locked")
