"""Every operation of the served schema answers hostile requests with JSON: a 4xx, never a 5xx or HTML."""

import pytest
from django.test import Client
from knox.models import AuthToken

from enrollments.emails.unsubscribe import unsubscribe_token
from enrollments.models import ChallengeResponse
from enrollments.services import enrollment_create

from . import hostile
from .factories import (
    ChallengeFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuizFactory,
    UserFactory,
    question_with_choices,
)

pytestmark = pytest.mark.django_db


def _world() -> tuple[object, dict[str, str]]:
    """A learner enrolled in a course with a lesson, a quiz and a challenge they answered: real ids
    for every path parameter, so hostile requests reach the code behind the lookups too."""
    user = UserFactory()
    course = CourseFactory()
    lesson = LessonFactory(module=ModuleFactory(course=course))
    quiz = QuizFactory(lesson=lesson)
    question_with_choices(quiz=quiz)
    challenge = ChallengeFactory(course=course)
    enrollment, _ = enrollment_create(user=user, course=course)
    response = ChallengeResponse.objects.create(
        enrollment=enrollment,
        challenge=challenge,
        reflection="r",
        commitment="c",
        due_on="2026-12-01",
        created_at=enrollment.enrolled_at,
    )
    ids = {
        "slug": course.slug,
        "lesson_id": lesson.id,
        "quiz_id": quiz.id,
        "challenge_id": challenge.id,
        "response_id": response.id,
        "enrollment_id": enrollment.id,
        "user_id": user.id,
        "token": unsubscribe_token(user_id=user.id, kind="email_weekly_digest"),
        "code": "no-such-certificate",
    }
    return user, {name: str(value) for name, value in ids.items()}


def _send(client: Client, request: hostile.Hostile, token: str):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for name, value in request.headers.items():
        key = name.upper().replace("-", "_")
        headers[key if key in {"CONTENT_TYPE"} else f"HTTP_{key}"] = value
    content_type = headers.pop("CONTENT_TYPE", request.content_type)
    data = request.body if request.body is not None else b""
    return client.generic(request.method, request.path, data=data, content_type=content_type, **headers)


def test_every_operation_answers_hostile_requests_with_json_4xx_never_5xx():
    client = Client(raise_request_exception=False)
    schema = client.get("/api/v1/schema/?format=json").json()
    user, ids = _world()
    failures, sent = [], 0
    for method, template, op in hostile.operations(schema):
        _, token = AuthToken.objects.create(user=user)
        for request in hostile.requests_for(schema, method, template, op, ids):
            if "logout" in template:  # each request revokes its token
                _, token = AuthToken.objects.create(user=user)
            response = _send(client, request, token)
            sent += 1
            problem = hostile.problems(
                request, response.status_code, response.get("Content-Type", ""), response.content
            )
            if problem:
                failures.append(problem)
    assert sent > 500
    assert failures == [], f"{len(failures)} of {sent}:\n" + "\n".join(failures[:60])


# --- The reproductions, one by one -----------------------------------------------------------


def test_an_authorization_header_that_is_not_utf8_is_a_401_on_the_public_catalogue(api_client):
    response = api_client.get("/api/v1/courses/", HTTP_AUTHORIZATION="Bearer \xff")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_deeply_nested_json_is_a_400_naming_the_nesting(api_client):
    response = api_client.generic(
        "POST", "/api/v1/auth/register/", hostile.NESTED_DEEP.encode(), content_type="application/json"
    )

    assert response.status_code == 400
    assert "nested deeper" in response.json()["message"]


def test_a_body_over_the_limit_is_a_json_413(api_client, settings):
    body = b'{"email": "a@example.com", "password": "' + b"x" * settings.MAX_REQUEST_BODY_BYTES + b'"}'

    response = api_client.generic("POST", "/api/v1/auth/register/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_form_with_too_many_fields_is_a_json_415_unread(api_client):
    body = "&".join(f"f{i}=1" for i in range(1001))

    response = api_client.generic("POST", "/api/v1/auth/token/", body, content_type="application/x-www-form-urlencoded")

    # The API takes JSON bodies only: the form is refused before anything parses it.
    assert response.status_code == 415
    assert response["Content-Type"] == "application/json"


def test_a_huge_answers_list_is_refused_before_grading(learner, learner_client):
    quiz = QuizFactory()
    question = question_with_choices(quiz=quiz)
    enrollment_create(user=learner, course=quiz.lesson.module.course)
    url = f"/api/v1/quizzes/{quiz.id}/attempts/"

    # The attack's 76,000 answers (2.6 MB) are over the body limit; 5,000 are under it but over the cap.
    too_large = learner_client.post(url, {"answers": [{"question": question.id, "choices": [1]}] * 76_000})
    too_many = learner_client.post(url, {"answers": [{"question": question.id, "choices": [1]}] * 5_000})
    too_many_choices = learner_client.post(url, {"answers": [{"question": question.id, "choices": [1] * 51}]})

    assert too_large.status_code == 413
    assert (too_many.status_code, too_many.json()["field"]) == (400, "answers")
    assert "at most 200" in too_many.json()["message"]
    assert (too_many_choices.status_code, too_many_choices.json()["field"]) == (400, "answers[0].choices")
