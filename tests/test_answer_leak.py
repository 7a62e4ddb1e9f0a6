"""The answer key never leaves the server before it is earned, in any learner-facing response.

Every question kind, timed and untimed quizzes, before and after the answers are earned (a passed
attempt, or no attempts left). "The answer key" is the correct choice ids, the explanations and
the per-choice feedback, which state the answers. Each explanation and feedback is a unique
marker, so a leak anywhere in any response body is found by a plain text search.
"""

import datetime as dt
import json

import pytest
import time_machine

from courses.models import Course
from enrollments.services import enrollment_create
from lessons.models import Question, Quiz

from .factories import CourseFactory, LessonFactory, ModuleFactory, QuizFactory, question_with_choices

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
KINDS = [
    (Question.Kind.SINGLE, (1,), 3),
    (Question.Kind.MULTIPLE, (0, 2), 4),
    (Question.Kind.TRUE_FALSE, (1,), 2),
]


def _quiz(**kwargs) -> Quiz:
    course = CourseFactory(drip_mode=Course.DripMode.NONE)
    quiz = QuizFactory(lesson=LessonFactory(module=ModuleFactory(course=course)), pass_mark=100, **kwargs)
    for index, (kind, correct, n_choices) in enumerate(KINDS):
        question = question_with_choices(quiz=quiz, kind=kind, correct=correct, n_choices=n_choices)
        question.explanation = f"EXPLAINS-{quiz.id}-{index}: the answer is {correct}"
        question.save()
        for choice in question.choices.all():
            choice.feedback = f"FEEDBACK-{quiz.id}-{choice.id}: {'right' if choice.is_correct else 'wrong'}"
            choice.save()
    return quiz


def _questions(quiz):
    return list(quiz.questions.order_by("position", "id").prefetch_related("choices"))


def _answers(quiz, *, right: bool, only_first: bool = False) -> dict:
    answers = []
    for question in _questions(quiz)[: 1 if only_first else None]:
        choices = [c for c in question.choices.order_by("position", "id") if c.is_correct == right]
        answers.append({"question": question.id, "choices": [c.id for c in choices[: 1 if not right else None]]})
    return {"answers": answers}


def _learner_views(client, quiz) -> dict[str, object]:
    """Every learner-facing GET that mentions the quiz, its lesson, course or progress."""
    course = quiz.lesson.module.course
    enrollments = client.get("/api/v1/enrollments/")
    urls = [
        f"/api/v1/quizzes/{quiz.id}/",
        f"/api/v1/quizzes/{quiz.id}/attempts/",
        f"/api/v1/lessons/{quiz.lesson_id}/",
        f"/api/v1/courses/{course.slug}/",
        "/api/v1/courses/",
        "/api/v1/enrollments/",
        "/api/v1/me/",
    ] + [f"/api/v1/enrollments/{e['id']}/" for e in enrollments.json()["results"]]
    return {url: client.get(url) for url in urls}


def _assert_no_key(responses: dict, quiz) -> None:
    for where, response in responses.items():
        assert response.status_code < 500, where
        text = response.content.decode()
        assert f"EXPLAINS-{quiz.id}-" not in text, f"an explanation leaked in {where}"
        assert f"FEEDBACK-{quiz.id}-" not in text, f"a choice's feedback leaked in {where}"
        assert "is_correct" not in text, where
        for value in _values_named(json.loads(text), "correct_choices"):
            assert value is None, f"correct choices leaked in {where}"


def _values_named(data, name: str):
    if isinstance(data, dict):
        for key, value in data.items():
            if key == name:
                yield value
            yield from _values_named(value, name)
    elif isinstance(data, list):
        for item in data:
            yield from _values_named(item, name)


def _assert_key_shown(attempt: dict, quiz) -> None:
    questions = _questions(quiz)
    assert all(f"FEEDBACK-{quiz.id}-" in json.dumps(r["feedback"]) for r in attempt["results"])
    assert [r["explanation"] for r in attempt["results"]] == [q.explanation for q in questions]
    assert [r["correct_choices"] for r in attempt["results"]] == [
        [c.id for c in q.choices.order_by("position", "id") if c.is_correct] for q in questions
    ]


@pytest.mark.parametrize("timed", [False, True], ids=["untimed", "timed"])
def test_failed_attempts_with_attempts_left_show_only_right_or_wrong(learner, learner_client, timed):
    quiz = _quiz(max_attempts=3, time_limit_seconds=600 if timed else None)
    enrollment_create(user=learner, course=quiz.lesson.module.course)
    _assert_no_key(_learner_views(learner_client, quiz), quiz)

    with time_machine.travel(START, tick=False):
        responses = {}
        if timed:
            responses["start"] = learner_client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", {"start": True})
        # One right answer, one wrong, one left out.
        answers = _answers(quiz, right=True, only_first=True)
        answers["answers"].append(_answers(quiz, right=False)["answers"][1])
        submitted = learner_client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", answers)
        responses["submit"] = submitted
        responses.update(_learner_views(learner_client, quiz))

    assert submitted.status_code == 201, submitted.content
    assert [(r["correct"], r["chosen"] != []) for r in submitted.json()["results"]] == [
        (True, True),
        (False, True),
        (False, False),
    ]
    _assert_no_key(responses, quiz)


def test_a_timed_attempt_left_to_expire_shows_nothing(learner, learner_client):
    quiz = _quiz(max_attempts=3, time_limit_seconds=60)
    enrollment_create(user=learner, course=quiz.lesson.module.course)
    with time_machine.travel(START, tick=False):
        learner_client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", {"start": True})
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        late = learner_client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", _answers(quiz, right=True))
        responses = {"late submit": late, **_learner_views(learner_client, quiz)}
        restarted = learner_client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", {"start": True})
        responses["restart"] = restarted

    assert late.status_code == 409
    listed = responses[f"/api/v1/quizzes/{quiz.id}/attempts/"].json()["results"]  # type: ignore[attr-defined]
    assert listed[0]["timed_out"] is True
    assert all(r["explanation"] is None and r["correct_choices"] is None for r in listed[0]["results"])
    _assert_no_key(responses, quiz)


@pytest.mark.parametrize("timed", [False, True], ids=["untimed", "timed"])
@pytest.mark.parametrize("earned_by", ["passing", "last_attempt"])
def test_the_key_is_shown_once_earned_and_only_in_attempt_results(learner, learner_client, timed, earned_by):
    quiz = _quiz(max_attempts=2, time_limit_seconds=600 if timed else None)
    enrollment_create(user=learner, course=quiz.lesson.module.course)
    url = f"/api/v1/quizzes/{quiz.id}/attempts/"

    def attempt(right: bool) -> dict:
        if timed:
            learner_client.post(url, {"start": True})
        response = learner_client.post(url, _answers(quiz, right=right))
        assert response.status_code == 201, response.content
        return response.json()

    with time_machine.travel(START, tick=False):
        first = attempt(right=False)
        assert all(r["explanation"] is None for r in first["results"])
        final = attempt(right=earned_by == "passing")
        views = _learner_views(learner_client, quiz)

    assert final["passed"] is (earned_by == "passing")
    _assert_key_shown(final, quiz)
    listed = views.pop(url).json()["results"]  # type: ignore[attr-defined]
    for shown in listed:  # both attempts, the failed first one too
        _assert_key_shown(shown, quiz)
    # Nowhere else: the quiz, lesson, outline and progress never carry the key.
    _assert_no_key(views, quiz)
