"""Queries per request for every request the API benchmark measures, at two data sizes.

The same number at both sizes: a learner with 2 or 10 enrolments in 30-lesson courses, among 10
or 200 other learners with their own progress (the generator's courses and learners).
"""

import random
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import get_token_model
from rest_framework.test import APIClient, APIRequestFactory

from accounts.authentication import TokenAuthentication
from courseplatform import datagen
from courses.models import Course
from enrollments.models import Certificate, Enrollment, LessonCompletion
from lessons.models import Lesson

from .factories import UserFactory

pytestmark = pytest.mark.django_db

SIZES = {"small": (2, 10), "large": (10, 200)}  # (my enrolments, other learners)


@pytest.fixture(params=list(SIZES))
def world(request):
    my_courses, others = SIZES[request.param]
    rng = random.Random(1)
    anchor = timezone.now() - timedelta(days=30)
    instructors = [UserFactory(is_staff=True)]
    plans = datagen._courses_create(rng, count=max(my_courses, 10) + 2, anchor=anchor, instructors=instructors)
    open_plans = [p for p in plans if p.course.status == Course.Status.PUBLISHED]
    datagen._learners_chunk(
        rng,
        first=0,
        enrolment_counts=[3] * others,
        completion_counts=[rng.randint(0, 30) for _ in range(3 * others)],
        open_plans=open_plans,
        weights=[1.0] * len(open_plans),
        anchor=anchor,
        password=make_password(None),
    )
    learner = UserFactory()
    mine = open_plans[:my_courses]
    enrollments = Enrollment.objects.bulk_create(
        [Enrollment(user=learner, course=p.course, enrolled_at=anchor, last_activity_at=anchor) for p in mine]
    )
    LessonCompletion.objects.bulk_create(
        [
            LessonCompletion(enrollment=e, lesson=p.lessons[0], completed_at=anchor)
            for e, p in zip(enrollments, mine, strict=True)
        ]
    )
    _, token = get_token_model().objects.create(user=learner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    undripped = next(p for p in mine if p.course.drip_mode == Course.DripMode.NONE)
    quiz = next(iter(undripped.quiz_by_lesson.values()))
    answers = [
        {"question": q.pk, "choices": [c.pk for c in q.choices.all() if c.is_correct]}
        for q in quiz.questions.prefetch_related("choices")
    ]
    certificate = Certificate.objects.select_related("enrollment").first() or Certificate.objects.create(
        enrollment=enrollments[-1],
        course=enrollments[-1].course,
        learner_name="Pat",
        course_title="x",
        issued_at=timezone.now(),
    )
    return {
        "size": request.param,
        "token": token,
        "client": client,
        "course": mine[0].course,
        "lesson": mine[0].lessons[0],
        "quiz": quiz,
        "answers": answers,
        "certificate": certificate,
        "enrolments": my_courses,
    }


def _count(call) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries), [q["sql"] for q in queries]


def test_token_authentication_is_one_read_and_no_write(world):
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {world['token']}")
    count, sqls = _count(lambda: TokenAuthentication().authenticate(request))
    assert count == 1
    assert sqls[0].startswith("SELECT")
    # Then from the token cache (accounts/token_cache.py), the same user.
    count, _ = _count(lambda: TokenAuthentication().authenticate(request))
    assert count == 0
    user, _token = TokenAuthentication().authenticate(request)
    assert user.email == get_token_model().objects.get(digest=hash_token(world["token"])).user.email


def test_the_token_read_loads_what_the_orm_loads(world):
    from accounts.authentication import token_with_user_get

    digest = hash_token(world["token"])
    expected = get_token_model().objects.select_related("user").get(digest=digest)
    got = token_with_user_get(digest=digest)
    for model_fields, mine, theirs in (
        (type(expected)._meta.concrete_fields, got, expected),
        (type(expected.user)._meta.concrete_fields, got.user, expected.user),
    ):
        assert [getattr(mine, f.attname) for f in model_fields] == [getattr(theirs, f.attname) for f in model_fields]
    assert got.user == expected.user and got.user._state.adding is False
    assert token_with_user_get(digest=hash_token("0" * 64)) is None


def test_revoking_or_deactivating_shows_at_once(world):
    client = world["client"]
    assert client.get("/api/v1/enrollments/").status_code == 200
    token_row = get_token_model().objects.get(user__enrollments__course=world["course"], user__is_staff=False)
    user = token_row.user
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/v1/enrollments/").status_code == 401
    type(user).objects.filter(pk=user.pk).update(is_active=True)
    assert client.get("/api/v1/enrollments/").status_code == 200
    assert client.post("/api/v1/auth/logout/").status_code in (200, 204)
    assert client.get("/api/v1/enrollments/").status_code == 401


def test_catalogue_costs_two_queries_then_none(world, api_client):
    count, _ = _count(lambda: api_client.get("/api/v1/courses/"))
    assert count == 2
    count, _ = _count(lambda: api_client.get("/api/v1/courses/"))
    assert count == 0


def test_certificate_costs_one_query_then_none(world, api_client):
    url = f"/api/v1/certificates/{world['certificate'].code}/"
    assert _count(lambda: api_client.get(url))[0] == 1
    assert _count(lambda: api_client.get(url))[0] == 0


def test_outline_signed_in(world):
    client = world["client"]
    url = f"/api/v1/courses/{world['course'].slug}/"
    client.get(url)
    count, sqls = _count(lambda: client.get(url))
    # The learner's enrolment with its completed lessons (the outline is cached, the token read is
    # kept by the token cache since the first call).
    assert count == 1, sqls


def test_my_enrolments_with_progress(world):
    client = world["client"]
    client.get("/api/v1/enrollments/")  # the course plans are cached from here on
    response = None

    def call():
        nonlocal response
        response = client.get("/api/v1/enrollments/")

    count, sqls = _count(call)
    assert response.json()["count"] == world["enrolments"]
    # The page of enrolments with their courses, certificates, the count of the whole list and what
    # the learner has done in each (one statement); the token read is kept by the token cache.
    assert count == 1, sqls


def test_my_enrolments_over_several_pages_count_them(world):
    client = world["client"]
    first = client.get("/api/v1/enrollments/?page_size=1").json()
    assert first["count"] == world["enrolments"]
    assert first["next"] is not None and len(first["results"]) == 1
    count, sqls = _count(lambda: client.get("/api/v1/enrollments/?page_size=1"))
    assert count == 1, sqls  # the list does not fit in the page: its count comes with the page's rows
    last = client.get(f"/api/v1/enrollments/?page_size=1&page={world['enrolments']}").json()
    assert last["next"] is None and last["count"] == world["enrolments"]
    whole = client.get(f"/api/v1/enrollments/?page_size={world['enrolments']}").json()
    assert whole["next"] is None and whole["previous"] is None
    assert [e["id"] for e in whole["results"]][:1] == [e["id"] for e in first["results"]]
    assert client.get(f"/api/v1/enrollments/?page={world['enrolments'] + 1}").status_code == 404


def test_repeated_lesson_completion(world):
    client = world["client"]
    url = f"/api/v1/lessons/{world['lesson'].pk}/completion/"
    assert client.post(url).status_code == 200  # completed by the fixture already
    count, sqls = _count(lambda: client.post(url))
    # The lesson with the learner's enrolment and completion in one read (the token read is kept by
    # the token cache); the last activity was recorded a moment ago.
    assert count == 1, sqls
    assert all(sql.startswith("SELECT") for sql in sqls)


def test_a_repeated_completion_records_activity_once_a_minute(world):
    client = world["client"]
    url = f"/api/v1/lessons/{world['lesson'].pk}/completion/"
    learner = get_token_model().objects.get(digest=hash_token(world["token"])).user
    enrollment = Enrollment.objects.get(user=learner, course=world["course"])
    two_minutes_ago = timezone.now() - timedelta(minutes=2)
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=two_minutes_ago)
    _, sqls = _count(lambda: client.post(url))
    assert sum(1 for sql in sqls if sql.startswith("UPDATE")) == 1
    enrollment.refresh_from_db()
    assert enrollment.last_activity_at > timezone.now() - timedelta(seconds=30)
    recorded = enrollment.last_activity_at
    assert client.post(url).status_code == 200
    enrollment.refresh_from_db()
    assert enrollment.last_activity_at == recorded


def test_quiz_submission(world):
    client = world["client"]
    url = f"/api/v1/quizzes/{world['quiz'].pk}/attempts/"
    assert client.post(url, {"answers": world["answers"]}, format="json").status_code == 201
    count, sqls = _count(lambda: client.post(url, {"answers": world["answers"]}, format="json"))
    # In one transaction (a savepoint here), the enrolment locked with the access check and the
    # activity record (one UPDATE), the attempts read, the attempt with its answer rows (one
    # statement on PostgreSQL, two elsewhere). The quiz and its answer key come from the shared
    # cache, the token read from the token cache.
    assert count == (5 if connection.vendor == "postgresql" else 6), sqls
    assert sqls[0].startswith("SAVEPOINT") and sqls[1].startswith('UPDATE "enrollments_enrollment"'), sqls
    assert sum(1 for sql in sqls if 'INSERT INTO "lessons_quizanswer"' in sql) == 1  # every answer row


def test_a_completed_lesson_shows_in_progress_and_outline_at_once(world):
    client = world["client"]
    course = world["course"]
    lesson = Lesson.objects.filter(module__course=course, unlock_after=0).exclude(pk=world["lesson"].pk).first()
    if lesson is None:  # every other lesson of a drip course is locked on day one
        lesson = Lesson.objects.filter(module__course=course).order_by("unlock_after")[1]
        Course.objects.filter(pk=course.pk).update(drip_mode=Course.DripMode.NONE)
    before = next(e for e in client.get("/api/v1/enrollments/").json()["results"] if e["course"]["slug"] == course.slug)
    assert client.post(f"/api/v1/lessons/{lesson.pk}/completion/").status_code == 201
    after = next(e for e in client.get("/api/v1/enrollments/").json()["results"] if e["course"]["slug"] == course.slug)
    assert after["progress"]["lessons_completed"] == before["progress"]["lessons_completed"] + 1
    outline = client.get(f"/api/v1/courses/{course.slug}/").json()
    states = {item["id"]: item["completed"] for m in outline["modules"] for item in m["lessons"]}
    assert states[lesson.pk] is True


def test_a_lesson_added_to_a_course_shows_in_progress_at_once(world):
    client = world["client"]
    course = world["course"]
    total = client.get("/api/v1/enrollments/").json()["results"]
    total = next(e for e in total if e["course"]["slug"] == course.slug)["progress"]["lessons_total"]
    module = course.modules.order_by("position").last()
    Lesson.objects.create(module=module, title="New", position=99)
    again = client.get("/api/v1/enrollments/").json()["results"]
    assert next(e for e in again if e["course"]["slug"] == course.slug)["progress"]["lessons_total"] == total + 1


def test_plain_progress_and_certificate_answers_match_their_serializers(world):
    from enrollments.progress import NextItem, Progress
    from enrollments.serializers import (
        CertificateLinkSerializer,
        EnrollmentSerializer,
        ProgressSerializer,
        progress_data,
    )

    for nxt in (None, NextItem("quiz", 7, "Check")):
        progress = Progress(3, 30, 1, 5, 0, 2, nxt)
        assert progress_data(progress) == ProgressSerializer(progress).data
    certificate = world["certificate"]
    enrollment = Enrollment.objects.select_related("certificate").get(pk=certificate.enrollment_id)
    assert EnrollmentSerializer().get_certificate(enrollment) == CertificateLinkSerializer(certificate).data


def test_plain_enrolment_answer_matches_the_serializer_fields(world):
    from enrollments.selectors import enrollment_list_for_user
    from enrollments.serializers import EnrollmentSerializer

    certificate = world["certificate"]
    holder = certificate.enrollment.user
    Enrollment.objects.filter(pk=certificate.enrollment_id).update(
        status=Enrollment.Status.COMPLETED, completed_at=timezone.now(), last_activity_at=None
    )
    Enrollment.objects.filter(user=holder).exclude(pk=certificate.enrollment_id).update(
        status=Enrollment.Status.CANCELLED, cancelled_at=timezone.now()
    )
    learner = get_token_model().objects.get(digest=hash_token(world["token"])).user
    enrollments = [*enrollment_list_for_user(user=holder), *enrollment_list_for_user(user=learner)]
    assert len(enrollments) > world["enrolments"]
    for enrollment in enrollments:
        serializer = EnrollmentSerializer()
        assert serializer.to_representation(enrollment) == serializer.to_representation_by_fields(enrollment)
    answers = [EnrollmentSerializer(e).data for e in enrollments]
    # The list (plain rows, plain dicts) shows the same (tests/test_enrollment_list.py compares whole answers).
    holder_client = APIClient()
    holder_client.force_authenticate(holder)
    listed = [
        *holder_client.get("/api/v1/enrollments/?page_size=100").json()["results"],
        *world["client"].get("/api/v1/enrollments/?page_size=100").json()["results"],
    ]
    assert listed == answers
    assert {a["status"] for a in answers} >= {"completed", "cancelled"}
    assert any(a["certificate"] and a["certificate"]["code"] == certificate.code for a in answers)
    assert any(a["progress"]["next"] is not None for a in answers)


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/html", "*/*; q=0.8", "text/plain", "*/*, x"])
@pytest.mark.parametrize("query", ["", "?format=json", "?format=html"])
def test_content_negotiation_answers_as_drf_does(accept, query):
    from rest_framework.negotiation import DefaultContentNegotiation
    from rest_framework.renderers import JSONRenderer, TemplateHTMLRenderer
    from rest_framework.request import Request

    from courseplatform.negotiation import ContentNegotiation

    headers = {"HTTP_ACCEPT": accept} if accept else {}
    for renderers in ([JSONRenderer()], [TemplateHTMLRenderer(), JSONRenderer()]):

        def pick(negotiation, renderers=renderers):
            request = Request(APIRequestFactory().get(f"/api/v1/courses/{query}", **headers))
            try:
                renderer, media_type = negotiation().select_renderer(request, renderers)
            except Exception as exc:  # the same refusal is the point
                return type(exc).__name__
            return type(renderer).__name__, media_type

        assert pick(ContentNegotiation) == pick(DefaultContentNegotiation)
