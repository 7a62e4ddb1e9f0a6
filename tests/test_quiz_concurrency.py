import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from enrollments.models import QuizAttempt
from enrollments.services import enrollment_create
from lessons.models import Question

from .factories import CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory, question_with_choices

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database that takes concurrent writers (CI runs this on PostgreSQL)",
)

N_THREADS = 20


def _post_all_at_once(user, url: str, bodies: list[dict]) -> list[tuple[int, dict]]:
    """POST every body from its own thread and connection, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))
    responses: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def post(body):
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait()
            response = client.post(url, body)
            with lock:
                responses.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def _quiz(**kwargs):
    quiz = QuizFactory(lesson=LessonFactory(module=ModuleFactory(course=CourseFactory())), **kwargs)
    question = question_with_choices(quiz=quiz, kind=Question.Kind.SINGLE, correct=(0,), n_choices=3)
    return quiz, question


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_store_exactly_max_attempts():
    quiz, question = _quiz(max_attempts=2)
    user = UserFactory()
    enrollment_create(user=user, course=quiz.lesson.module.course)
    choice = question.choices.get(is_correct=True)
    body = {"answers": [{"question": question.id, "choices": [choice.id]}]}

    responses = _post_all_at_once(user, f"/api/v1/quizzes/{quiz.id}/attempts/", [body] * N_THREADS)

    statuses = sorted(status for status, _ in responses)
    assert statuses == [201] * 2 + [409] * (N_THREADS - 2)
    assert {body["code"] for status, body in responses if status == 409} == {"attempt_limit"}
    assert sorted(QuizAttempt.objects.filter(quiz=quiz).values_list("number", flat=True)) == [1, 2]
    assert sorted(body["number"] for status, body in responses if status == 201) == [1, 2]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_of_a_timed_quiz_open_one_attempt():
    quiz, _question = _quiz(max_attempts=3, time_limit_seconds=600)
    user = UserFactory()
    enrollment_create(user=user, course=quiz.lesson.module.course)

    responses = _post_all_at_once(user, f"/api/v1/quizzes/{quiz.id}/attempts/", [{"start": True}] * N_THREADS)

    assert sorted(status for status, _ in responses) == [200] * (N_THREADS - 1) + [201]
    assert len({body["id"] for _, body in responses}) == 1
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_different_learners_do_not_block_each_other():
    quiz, question = _quiz(max_attempts=1)
    users = [UserFactory() for _ in range(5)]
    for user in users:
        enrollment_create(user=user, course=quiz.lesson.module.course)
    choice = question.choices.get(is_correct=True)
    body = {"answers": [{"question": question.id, "choices": [choice.id]}]}
    results: list[int] = []

    def post_as(user):
        results.extend(
            status for status, _ in _post_all_at_once(user, f"/api/v1/quizzes/{quiz.id}/attempts/", [body] * 4)
        )

    threads = [threading.Thread(target=post_as, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [201] * 5 + [409] * 15
    assert QuizAttempt.objects.filter(quiz=quiz, number=1).count() == 5
