"""ETag / If-None-Match on the catalogue, an outline and a lesson: a 304 only while nothing changed."""

import pytest
from rest_framework.test import APIClient

from enrollments.services import enrollment_create

from .factories import CourseFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = CourseFactory(slug="leading", title="Leading")
    module = ModuleFactory(course=course, position=0)
    LessonFactory(module=module, position=0, title="First", is_preview=True)
    LessonFactory(module=module, position=1, title="Second")
    return course


def _again(client, url, etag):
    return client.get(url, HTTP_IF_NONE_MATCH=etag)


def test_the_catalogue_is_not_modified_until_an_instructor_edits_it(api_client, course):
    first = api_client.get("/api/v1/courses/")
    etag = first["ETag"]
    unchanged = _again(api_client, "/api/v1/courses/", etag)
    assert (unchanged.status_code, unchanged.content, unchanged["ETag"]) == (304, b"", etag)

    course.summary = "Lead, do not manage."
    course.save()
    changed = _again(api_client, "/api/v1/courses/", etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_an_outline_changes_its_etag_when_the_learner_completes_a_lesson(learner, learner_client, course):
    enrollment_create(user=learner, course=course)
    url = "/api/v1/courses/leading/"
    etag = learner_client.get(url)["ETag"]
    assert _again(learner_client, url, etag).status_code == 304

    lesson_id = learner_client.get(url).json()["modules"][0]["lessons"][1]["id"]
    assert learner_client.post(f"/api/v1/lessons/{lesson_id}/completion/").status_code == 201
    after = _again(learner_client, url, etag)
    assert after.status_code == 200
    assert after.json()["modules"][0]["lessons"][1]["completed"] is True


def test_the_outline_depends_on_who_asks(learner, learner_client, course):
    enrollment_create(user=learner, course=course)
    anonymous = APIClient().get("/api/v1/courses/leading/")
    signed_in = learner_client.get("/api/v1/courses/leading/")
    assert anonymous["ETag"] != signed_in["ETag"]
    assert "Authorization" in signed_in["Vary"]
    assert "private" in signed_in["Cache-Control"] and "no-cache" in signed_in["Cache-Control"]


def test_a_lesson_is_not_modified_until_its_body_changes(api_client, course):
    lesson = course.modules.get().lessons.get(is_preview=True)
    url = f"/api/v1/lessons/{lesson.id}/"
    etag = api_client.get(url)["ETag"]
    assert _again(api_client, url, etag).status_code == 304
    assert _again(api_client, url, '"something-else"').status_code == 200

    lesson.body = "Leaders ask first."
    lesson.save()
    assert _again(api_client, url, etag).status_code == 200


def test_errors_carry_no_etag(api_client, course):
    response = api_client.get("/api/v1/courses/no-such-course/")
    assert response.status_code == 404 and not response.has_header("ETag")
