"""A request's id reaches the Celery tasks it starts: a real worker logs the task with it."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

from .conftest import wait_for

pytestmark = pytest.mark.e2e


def test_the_welcome_email_task_logs_with_the_id_of_the_enrolment_request(
    smtp, redis_broker, publish_to, start_worker, monkeypatch
):
    monkeypatch.setenv("LOG_LEVEL", "INFO")  # the worker's task lines are INFO
    publish_to(redis_broker)
    worker = start_worker(redis_broker)
    course = CourseFactory()
    LessonFactory(module=ModuleFactory(course=course))
    user = UserFactory(email="request.id.person@example.com")
    client = APIClient()
    client.force_authenticate(user)

    response = client.post(
        reverse("course-enrollment", kwargs={"slug": course.slug}), HTTP_X_REQUEST_ID="enrol-req-7731"
    )
    assert response.status_code == 201
    assert response["X-Request-ID"] == "enrol-req-7731"

    def task_lines() -> list[dict]:
        lines = [json.loads(line) for line in worker.log_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("request_id") == "enrol-req-7731"]

    def task_succeeded() -> bool:
        return any(line["logger"] == "celery.app.trace" and "succeeded" in line["message"] for line in task_lines())

    wait_for(task_succeeded, timeout=30, message="the worker to log the welcome task with the request id")
    assert wait_for(lambda: smtp.messages(), timeout=20, message="the welcome email")
    assert user.email not in worker.log_text()
