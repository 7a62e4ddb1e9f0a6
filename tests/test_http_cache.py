"""The shared cache and conditional GET of public answers: every change shows at once."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from courses.models import Course
from courses.services import course_archive, course_publish, course_unpublish
from enrollments.models import Certificate
from lessons.models import Lesson

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory, certificate_earned

pytestmark = pytest.mark.django_db


def _titles(api_client) -> list[str]:
    return [c["title"] for c in api_client.get("/api/v1/courses/").json()["results"]]


def _course(title: str, **kwargs) -> Course:
    course = CourseFactory(title=title, **kwargs)
    LessonFactory(module=ModuleFactory(course=course, position=1), position=1)
    return course


def test_second_catalogue_request_is_served_from_the_cache_with_no_query(api_client, django_assert_num_queries):
    _course("Coaching")
    first = api_client.get("/api/v1/courses/")
    with django_assert_num_queries(0):
        second = api_client.get("/api/v1/courses/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_catalogue_answers_304_to_its_etag_and_200_once_it_changed(api_client):
    course = _course("Coaching")
    etag = api_client.get("/api/v1/courses/")["ETag"]

    not_modified = api_client.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    course.title = "Coaching, revised"
    course.save()
    changed = api_client.get("/api/v1/courses/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert [c["title"] for c in changed.json()["results"]] == ["Coaching, revised"]


def test_publishing_unpublishing_and_archiving_show_in_the_catalogue_at_once(api_client):
    _course("Always there")
    draft = _course("New course", status=Course.Status.DRAFT, published_at=None)
    assert _titles(api_client) == ["Always there"]

    course_publish(course=draft)
    assert _titles(api_client) == ["Always there", "New course"]

    course_unpublish(course=draft)  # a queryset update: no save signal
    assert _titles(api_client) == ["Always there"]

    course_publish(course=draft)
    assert _titles(api_client) == ["Always there", "New course"]
    course_archive(course=draft)
    assert _titles(api_client) == ["Always there"]


def test_editing_lessons_shows_in_the_catalogue_counts_at_once(api_client):
    course = _course("Coaching")
    assert api_client.get("/api/v1/courses/").json()["results"][0]["lesson_count"] == 1

    lesson = LessonFactory(module=course.modules.get(), position=2, duration_seconds=300)
    assert api_client.get("/api/v1/courses/").json()["results"][0]["lesson_count"] == 2

    Course.objects.filter(pk=course.pk).update(title="Renamed in bulk")
    assert _titles(api_client) == ["Renamed in bulk"]

    lesson.delete()
    assert api_client.get("/api/v1/courses/").json()["results"][0]["lesson_count"] == 1


def test_each_query_string_has_its_own_cached_answer(api_client):
    _course("Coaching basics", level="beginner")
    _course("Forecasting", level="advanced")
    assert _titles(api_client) == ["Coaching basics", "Forecasting"]
    advanced = api_client.get("/api/v1/courses/?level=advanced").json()["results"]
    assert [c["title"] for c in advanced] == ["Forecasting"]
    assert api_client.get("/api/v1/courses/?level=nonsense").status_code == 400


def _certificate() -> Certificate:
    return certificate_earned(course=_course("Coaching"))


def test_certificate_is_cached_and_answers_304_to_its_etag(api_client, django_assert_num_queries):
    certificate = _certificate()
    url = f"/api/v1/certificates/{certificate.code}/"
    first = api_client.get(url)
    assert first.json()["learner_name"] == "Pat Lee"
    with django_assert_num_queries(0):
        assert api_client.get(url).content == first.content
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_name_removed_in_bulk_or_a_deleted_certificate_shows_at_once(api_client):
    certificate = _certificate()
    url = f"/api/v1/certificates/{certificate.code}/"
    assert api_client.get(url).json()["learner_name"] == "Pat Lee"

    Certificate.objects.filter(pk=certificate.pk).update(learner_name="")
    assert api_client.get(url).json()["learner_name"] == ""

    certificate.delete()
    assert api_client.get(url).status_code == 404


def test_a_course_slug_change_shows_on_its_certificates_at_once(api_client):
    certificate = _certificate()
    url = f"/api/v1/certificates/{certificate.code}/"
    api_client.get(url)
    Course.objects.filter(pk=certificate.enrollment.course_id).update(slug="coaching-2")
    assert api_client.get(url).json()["course_slug"] == "coaching-2"


def test_an_unknown_certificate_is_404_and_not_cached(api_client):
    assert api_client.get("/api/v1/certificates/nope/").status_code == 404
    certificate = _certificate()
    Certificate.objects.filter(pk=certificate.pk).update(code="nope")
    assert api_client.get("/api/v1/certificates/nope/").status_code == 200


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_without_a_cache_every_answer_is_built_afresh(api_client):
    _course("Coaching")
    assert _titles(api_client) == ["Coaching"]
    _course("Forecasting")
    assert _titles(api_client) == ["Coaching", "Forecasting"]


def test_with_redis_as_the_shared_cache_a_change_made_elsewhere_shows_at_once(api_client):
    """Two processes share Redis: a change recorded by another process's cache client counts here."""
    import os

    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    url = os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/13")
    redis_cache = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    with override_settings(CACHES=redis_cache):
        caches["default"].clear()
        draft = _course("New course", status=Course.Status.DRAFT, published_at=None)
        assert _titles(api_client) == []
        Course.objects.filter(pk=draft.pk).update(status=Course.Status.PUBLISHED)
        assert _titles(api_client) == ["New course"]

        cached = api_client.get("/api/v1/courses/")
        other_process = RedisCache(url, {})
        other_process.set("content:version", "set-by-another-process", None)
        Course.objects.filter(pk=draft.pk).update(title="Renamed")  # (also bumps it here)
        other_process.set("content:version", "set-by-another-process-again", None)
        again = api_client.get("/api/v1/courses/")
        assert again["ETag"] != cached["ETag"]
        assert [c["title"] for c in again.json()["results"]] == ["Renamed"]
        caches["default"].clear()


def test_outline_edits_publishing_and_archiving_show_at_once(api_client):
    course = _course("Coaching", status=Course.Status.DRAFT, published_at=None)
    learner = APIClient()
    learner.force_authenticate(UserFactory())
    url = f"/api/v1/courses/{course.slug}/"
    assert learner.get(url).status_code == 404

    course_publish(course=course)
    assert learner.get(url).json()["title"] == "Coaching"
    lesson = Lesson.objects.get(module__course=course)
    lesson.title = "Renamed lesson"
    lesson.save()
    assert learner.get(url).json()["modules"][0]["lessons"][0]["title"] == "Renamed lesson"
    assert api_client.get(url).json()["modules"][0]["lessons"][0]["title"] == "Renamed lesson"

    course_archive(course=course)
    assert learner.get(url).status_code == 404
    assert api_client.get(url).status_code == 404


def test_outline_states_are_each_learners_own(api_client):
    course = _course("Coaching")
    lesson = Lesson.objects.get(module__course=course)
    url = f"/api/v1/courses/{course.slug}/"
    first, second = APIClient(), APIClient()
    first.force_authenticate(UserFactory())
    second.force_authenticate(UserFactory())
    assert first.post(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 201
    assert first.post(f"/api/v1/lessons/{lesson.pk}/completion/").status_code == 201
    assert (
        first.get(url).json()["modules"][0]["lessons"][0] | {"completed": True, "locked": False}
        == (first.get(url).json()["modules"][0]["lessons"][0])
    )
    assert second.get(url).json()["modules"][0]["lessons"][0]["completed"] is False
    assert second.get(url).json()["modules"][0]["lessons"][0]["locked"] is True
    assert api_client.get(url).json()["modules"][0]["lessons"][0]["completed"] is False


def test_grading_follows_an_edited_answer_key_at_once():
    from .factories import QuizFactory, question_with_choices

    course = _course("Coaching")
    quiz = QuizFactory(lesson=Lesson.objects.get(module__course=course))
    question = question_with_choices(quiz=quiz, correct=(0,), n_choices=2)
    first, second = question.choices.order_by("position")
    learner = APIClient()
    learner.force_authenticate(UserFactory())
    learner.post(f"/api/v1/courses/{course.slug}/enrollment/")
    url = f"/api/v1/quizzes/{quiz.pk}/attempts/"
    answer = {"answers": [{"question": question.pk, "choices": [second.pk]}]}
    assert learner.post(url, answer, format="json").json()["passed"] is False

    first.is_correct, second.is_correct = False, True
    first.save()
    second.save()
    assert learner.post(url, answer, format="json").json()["passed"] is True


def test_an_edited_lesson_body_shows_at_once(api_client):
    course = _course("Coaching")
    lesson = Lesson.objects.get(module__course=course)
    lesson.is_preview = True
    lesson.body = "Leaders **act**."
    lesson.save()
    url = f"/api/v1/lessons/{lesson.pk}/"
    assert "<strong>act</strong>" in api_client.get(url).json()["body_html"]
    Lesson.objects.filter(pk=lesson.pk).update(body="Managers *react*.")
    assert "<em>react</em>" in api_client.get(url).json()["body_html"]


def _token_client(user) -> APIClient:
    from knox.models import get_token_model

    _, token = get_token_model().objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_signed_in_outline_read_is_one_redis_round_trip_for_token_and_content_version():
    """The token cache reads the content version with the token (courseplatform/httpcache.py):
    a signed-in outline read sends Redis one command."""
    import os

    from django.core.cache import caches

    from courseplatform import redis_cache

    url = os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/13")
    shared = {"default": {"BACKEND": "courseplatform.redis_cache.RedisCache", "LOCATION": url}}
    with override_settings(CACHES=shared, API_TOKEN_CACHE_SECONDS=60):
        caches["default"].clear()
        course = _course("Coaching")
        learner = _token_client(UserFactory())
        outline = f"/api/v1/courses/{course.slug}/"
        assert learner.get(outline).status_code == 200  # keeps the token's read and the outline
        commands = []
        read = redis_cache.RedisCacheClient._read

        def counted(self, *args):
            commands.append(args[0])
            return read(self, *args)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(redis_cache.RedisCacheClient, "_read", counted)
            assert learner.get(outline).json()["title"] == "Coaching"
        assert commands == ["MGET"]
        caches["default"].clear()


def test_the_content_version_read_with_a_token_serves_its_own_request_only(api_client):
    """What a signed-in request read with its token is not used after it: a version changed by
    another process shows in the next request, signed in or not; a change made during a request
    shows in the rest of it."""
    from django.core.cache import cache
    from django.db import connection

    from courseplatform import httpcache

    course = _course("Coaching")
    lesson = Lesson.objects.get(module__course=course)
    learner = _token_client(UserFactory())
    outline = f"/api/v1/courses/{course.slug}/"
    assert learner.get(outline).json()["modules"][0]["lessons"][0]["title"] == lesson.title
    # As another process would: the row and the version change, and no signal reaches this one.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE lessons_lesson SET title = %s WHERE id = %s", ["Renamed elsewhere", lesson.pk])
    cache.set(httpcache.CONTENT_VERSION_KEY, "set-by-another-process", None)

    assert httpcache.content_version_cached() == "set-by-another-process"
    assert api_client.get(outline).json()["modules"][0]["lessons"][0]["title"] == "Renamed elsewhere"
    assert learner.get(outline).json()["modules"][0]["lessons"][0]["title"] == "Renamed elsewhere"

    httpcache.request_started()
    assert httpcache.cache_get_with_content_version("absent") is None
    assert httpcache.content_version_cached() == "set-by-another-process"
    httpcache.content_changed()
    assert httpcache.content_version_cached() not in (None, "set-by-another-process")
    httpcache.request_finished()
