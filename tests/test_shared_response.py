"""Anonymous reads answered whole from the shared cache (courseplatform.httpcache.SharedResponseMiddleware):
the same answer as the whole stack gives, never for a request that the whole stack would answer otherwise."""

import json
import logging
from unittest import mock

import pytest
from knox.models import get_token_model

from courses.apis import CourseListApi
from courses.models import Course
from enrollments.apis import CertificateVerifyApi
from enrollments.models import Certificate

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory, certificate_earned

pytestmark = pytest.mark.django_db

CATALOGUE = "/api/v1/courses/"
# What the whole stack would run for a catalogue or certificate answer; a kept answer runs neither.
NOT_RUN = AssertionError("the whole stack ran for an answer the shared cache holds")


def _course(title: str = "Coaching", **fields) -> Course:
    course = CourseFactory(title=title, **fields)
    LessonFactory(module=ModuleFactory(course=course, position=1), position=1)
    return course


def _headers(response) -> dict[str, str]:
    return {name: value for name, value in response.items() if name != "X-Request-ID"}


def test_a_kept_answer_is_the_whole_stacks_answer_byte_for_byte(api_client, django_assert_num_queries):
    _course()
    first = api_client.get(CATALOGUE)
    with mock.patch.object(CourseListApi, "list", side_effect=NOT_RUN), django_assert_num_queries(0):
        second = api_client.get(CATALOGUE)

    assert second.status_code == 200
    assert second.content == first.content
    assert _headers(second) == _headers(first)
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert {"ETag", "Vary", "Cache-Control", "Allow", "X-Frame-Options", "X-Content-Type-Options"} <= set(
        _headers(second)
    )


def test_a_kept_answer_answers_if_none_match_with_304(api_client):
    _course()
    etag = api_client.get(CATALOGUE)["ETag"]
    with mock.patch.object(CourseListApi, "list", side_effect=NOT_RUN):
        not_modified = api_client.get(CATALOGUE, HTTP_IF_NONE_MATCH=etag)
        other = api_client.get(CATALOGUE, HTTP_IF_NONE_MATCH='"something-else"')

    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert other.status_code == 200


def test_each_host_and_query_string_is_kept_apart(api_client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "courses.example.com"]
    _course("Coaching basics", level="beginner")
    _course("Forecasting", level="advanced")
    api_client.get(CATALOGUE)
    advanced = api_client.get(CATALOGUE + "?level=advanced").json()
    other_host = api_client.get(CATALOGUE + "?page_size=1", HTTP_HOST="courses.example.com").json()

    assert [c["title"] for c in advanced["results"]] == ["Forecasting"]
    assert other_host["next"].startswith("http://courses.example.com/")


def test_a_wrong_token_is_still_refused_where_the_answer_is_kept(api_client):
    _course()
    api_client.get(CATALOGUE)
    refused = api_client.get(CATALOGUE, HTTP_AUTHORIZATION="Bearer not-a-token")

    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"


def test_signed_in_and_session_requests_go_through_the_whole_stack(api_client):
    _course()
    user = UserFactory()
    token = get_token_model().objects.create(user=user)[1]
    api_client.get(CATALOGUE)

    with mock.patch.object(CourseListApi, "list", side_effect=NOT_RUN):
        with pytest.raises(AssertionError, match="whole stack"):
            api_client.get(CATALOGUE, HTTP_AUTHORIZATION=f"Bearer {token}")
        api_client.cookies["sessionid"] = "anything"
        with pytest.raises(AssertionError, match="whole stack"):
            api_client.get(CATALOGUE)


def test_other_accept_values_and_methods_get_the_whole_stacks_answer(api_client):
    _course()
    api_client.get(CATALOGUE)

    indented = api_client.get(CATALOGUE, HTTP_ACCEPT="application/json; indent=2")
    assert indented.status_code == 200
    assert indented.content.startswith(b'{\n  "count"')
    not_allowed = api_client.post(CATALOGUE, {}, format="json")
    assert not_allowed.status_code == 405
    assert "GET" in not_allowed["Allow"]


def test_a_content_change_retires_kept_answers_at_once(api_client):
    course = _course()
    api_client.get(CATALOGUE)
    api_client.get(CATALOGUE)
    Course.objects.filter(pk=course.pk).update(title="Coaching, revised")

    assert [c["title"] for c in api_client.get(CATALOGUE).json()["results"]] == ["Coaching, revised"]


def test_issuing_renaming_and_deleting_a_certificate_show_at_once(api_client):
    certificate = certificate_earned(course=_course())
    url = f"/api/v1/certificates/{certificate.code}/"
    assert api_client.get(url).json()["learner_name"] == "Pat Lee"
    with mock.patch.object(CertificateVerifyApi, "get", side_effect=NOT_RUN):
        assert api_client.get(url).json()["learner_name"] == "Pat Lee"

    certificate.learner_name = "Pat Lee-Smith"
    certificate.save()
    assert api_client.get(url).json()["learner_name"] == "Pat Lee-Smith"
    Certificate.objects.filter(pk=certificate.pk).update(learner_name="")
    assert api_client.get(url).json()["learner_name"] == ""
    certificate.delete()
    assert api_client.get(url).status_code == 404


def test_an_unknown_certificate_is_not_kept(api_client):
    assert api_client.get("/api/v1/certificates/later/").status_code == 404
    certificate = certificate_earned(course=_course())
    Certificate.objects.filter(pk=certificate.pk).update(code="later")

    assert api_client.get("/api/v1/certificates/later/").status_code == 200


def test_a_kept_answer_is_logged_under_its_route_not_its_path(api_client, caplog):
    certificate = certificate_earned(course=_course())
    url = f"/api/v1/certificates/{certificate.code}/"
    api_client.get(url)
    with caplog.at_level(logging.INFO, logger="courseplatform.request"):
        caplog.clear()
        with mock.patch.object(CertificateVerifyApi, "get", side_effect=NOT_RUN):
            api_client.get(url)

    routes = [record.route for record in caplog.records if record.name == "courseplatform.request"]
    assert routes == ["/api/v1/certificates/<slug:code>/"]
    assert certificate.code not in json.dumps(routes)
