"""Inputs and callers that try the edges: NUL bytes, forged proxy headers, admin password
guessing, certificates for learners without a name, previews on drip courses."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from courses.models import Course
from enrollments.models import Certificate

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/api/v1/certificates/%00/", "/api/v1/challenges/?course=%00", "/api/v1/courses/?search=a%00b", "/api/v1/%00/"],
)
def test_nul_bytes_in_the_url_are_a_400_not_a_server_error(api_client, url):
    response = api_client.get(url)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_sign_in_throttle_ignores_a_forged_forwarded_for_header(fresh_cache, settings):
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/",
            {"email": f"nobody{i}@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        ).status_code
        for i in range(25)
    ]
    assert 429 in statuses
    assert statuses.index(429) == 20  # the default rate is 20 a minute per client address


def test_admin_sign_in_locks_the_account_after_repeated_failures(client, fresh_cache):
    user = UserFactory(email="coach@example.com", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "coach@example.com", "password": "nope"})

    response = client.post("/admin/login/", {"username": "coach@example.com", "password": "correct-horse-battery"})

    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert user.is_staff


def test_a_learner_without_a_name_gets_a_certificate_that_hides_the_email(learner_client, learner, api_client):
    learner.name = ""
    learner.save()
    course = CourseFactory()
    lesson = LessonFactory(module=ModuleFactory(course=course))
    learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")
    learner_client.post(f"/api/v1/lessons/{lesson.id}/completion/")

    code = Certificate.objects.get().code
    public = api_client.get(f"/api/v1/certificates/{code}/")

    assert public.status_code == 200
    assert learner.email not in public.content.decode()
    assert public.json()["learner_name"].startswith(learner.email[0] + "***@")


def test_a_preview_lesson_on_a_drip_course_is_open_to_enrolled_learners_too(learner_client):
    course = CourseFactory(drip_mode=Course.DripMode.DAILY)
    module = ModuleFactory(course=course)
    LessonFactory(module=module, position=0)
    preview = LessonFactory(module=module, position=1, unlock_after=3, is_preview=True)
    learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")

    assert learner_client.get(f"/api/v1/lessons/{preview.id}/").status_code == 200
    outline = learner_client.get(f"/api/v1/courses/{course.slug}/").json()
    assert outline["modules"][0]["lessons"][1]["locked"] is False
