"""Health and readiness for load balancers; request ids; one JSON log line per request; no
personal data or secrets in the logs of a whole learner journey."""

import io
import json
import logging
import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.db import OperationalError
from rest_framework.test import APIClient

from accounts.models import User
from courseplatform.celery import app as celery_app
from courseplatform.observability import JsonFormatter, RequestIdFilter, request_id_var
from enrollments.emails.unsubscribe import unsubscribe_token
from enrollments.tasks import send_email_batch

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, QuizFactory, question_with_choices

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured_logs():
    """Every record any logger writes, formatted as the console handler formats it in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(saved_level)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


# --- Health ----------------------------------------------------------------------------------


def test_healthz_answers_whatever_the_host_and_scheme(client, settings):
    settings.ALLOWED_HOSTS = ["courses.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.1.2.3")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_checks_the_database_and_the_broker(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}


def test_readyz_is_503_naming_the_database_when_it_is_down(client):
    with mock.patch("courseplatform.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unavailable (OperationalError)", "broker": "ok"}


def test_readyz_is_503_naming_the_broker_when_it_is_down(client):
    from .e2e.smtp import free_port

    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    try:
        response = client.get("/readyz")
    finally:
        celery_app.conf.broker_url = saved

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["broker"].startswith("unavailable")


# --- Request ids and the request log ------------------------------------------------------------


def test_a_request_id_given_is_sent_back_and_in_error_bodies(api_client):
    response = api_client.get("/api/v1/lessons/987654/", HTTP_X_REQUEST_ID="lb-42.abc")

    assert response["X-Request-ID"] == "lb-42.abc"
    assert response.status_code in (401, 404)
    assert response.json()["request_id"] == "lb-42.abc"


def test_a_malformed_request_id_is_replaced_by_a_new_one(api_client):
    first = api_client.get("/api/v1/courses/", HTTP_X_REQUEST_ID="bad id\xff" * 20)
    second = api_client.get("/api/v1/courses/")

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_one_json_log_line_per_request_with_its_id_route_and_status(api_client, captured_logs):
    api_client.get("/api/v1/courses/", HTTP_X_REQUEST_ID="req-1")
    api_client.get("/api/v1/certificates/no-such-code/", HTTP_X_REQUEST_ID="req-2")

    requests = [line for line in _lines(captured_logs) if line["logger"] == "courseplatform.request"]
    assert [(r["request_id"], r["method"], r["route"], r["status"]) for r in requests] == [
        ("req-1", "GET", "/api/v1/courses/", 200),
        ("req-2", "GET", "/api/v1/certificates/<slug:code>/", 404),
    ]
    assert all(r["duration_ms"] >= 0 and r["message"] == "request" for r in requests)


def test_a_task_published_during_a_request_carries_its_id_and_logs_with_it(captured_logs):
    """Publish for real to an in-memory broker: the id rides in the message headers; a worker
    running the task (task_prerun) logs with it."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    token = request_id_var.set("req-from-web")
    try:
        send_email_batch.delay([])
    finally:
        request_id_var.reset(token)
        celery_app.conf.task_always_eager = saved
    with celery_app.connection_for_read() as conn:
        message = conn.SimpleQueue("celery").get(timeout=2)
        message.ack()
    assert message.headers["request_id"] == "req-from-web"

    # The worker side: the same signal handlers a worker runs around a task.
    from celery.signals import task_postrun, task_prerun

    task = send_email_batch
    task.push_request(id="t-1", request_id="req-from-web")
    try:
        task_prerun.send(sender=task, task_id="t-1", task=task)
        logging.getLogger("enrollments.tasks").info("inside the task")
        task_postrun.send(sender=task, task_id="t-1", task=task)
        logging.getLogger("enrollments.tasks").info("after the task")
    finally:
        task.pop_request()
    lines = {line["message"]: line["request_id"] for line in _lines(captured_logs)}
    assert lines["inside the task"] == "req-from-web"
    assert lines["after the task"] is None


# --- No personal data or secrets in the logs of a journey ------------------------------------------


def _link_token(message) -> str:
    return parse_qs(urlsplit(re.search(r"https?://\S+\?token=\S+", message.body).group(0)).query)["token"][0]


def test_the_logs_of_a_whole_journey_hold_no_email_password_or_token(captured_logs, django_capture_on_commit_callbacks):
    email, password = "journey.person@example.com", "unusual-passphrase-8817"
    course = CourseFactory()
    lesson = LessonFactory(module=ModuleFactory(course=course))
    quiz = QuizFactory(lesson=lesson)
    question = question_with_choices(quiz=quiz)
    challenge = ChallengeFactory(course=course)
    client = APIClient()

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/api/v1/auth/register/", {"email": email, "password": password}).status_code == 202
    assert client.post("/api/v1/auth/register/", {"email": email, "password": password}).status_code < 500
    verify_token = _link_token(mail.outbox[-1])
    assert client.post("/api/v1/auth/verify-email/", {"token": verify_token}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/api/v1/auth/password-reset/", {"email": email}).status_code == 202
    reset_token = _link_token(mail.outbox[-1])
    first_password, password = password, "another-passphrase-5531"
    reset = client.post("/api/v1/auth/password-reset/confirm/", {"token": reset_token, "password": password})
    assert reset.status_code == 200
    assert client.post("/api/v1/auth/token/", {"email": email, "password": "wrong " + password}).status_code == 400
    token = client.post("/api/v1/auth/token/", {"email": email, "password": password}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get("/api/v1/me/")
    client.patch("/api/v1/me/", {"name": "Journey Person", "timezone": "Europe/Paris"})
    enrollment = client.post(f"/api/v1/courses/{course.slug}/enrollment/").json()
    client.get(f"/api/v1/lessons/{lesson.id}/")
    client.post(f"/api/v1/lessons/{lesson.id}/completion/")
    client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", {"answers": [{"question": question.id, "choices": [1]}]})
    client.post(
        f"/api/v1/challenges/{challenge.id}/responses/",
        {"reflection": "I listened.", "commitment": "I will ask first.", "due_on": "2030-01-01"},
    )
    client.get(f"/api/v1/enrollments/{enrollment['id']}/")
    unsubscribe = unsubscribe_token(user_id=User.objects.get(email=email).pk, kind="email_weekly_digest")
    anonymous = APIClient()
    anonymous.get(f"/api/v1/unsubscribe/{unsubscribe}/")
    anonymous.post(f"/api/v1/unsubscribe/{unsubscribe}/")
    anonymous.get(f"/api/v1/no-such-place/{token}/")  # a token in a path that matches nothing
    anonymous.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}x")
    client.post("/api/v1/auth/logout/")

    logs = captured_logs.getvalue()
    assert "courseplatform.request" in logs  # the capture works
    assert len([line for line in _lines(captured_logs) if line["logger"] == "courseplatform.request"]) >= 15
    for secret in (
        email,
        email.split("@")[0],
        password,
        token,
        token[:15],
        unsubscribe,
        verify_token,
        reset_token,
        first_password,
    ):
        assert secret not in logs, f"{secret!r} is in the logs"
