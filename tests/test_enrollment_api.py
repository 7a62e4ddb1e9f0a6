import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from courses.models import Course
from enrollments.models import Certificate, Enrollment, LessonCompletion

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db


def _course(n_lessons: int = 2, **kwargs) -> Course:
    course = CourseFactory(**kwargs)
    module = ModuleFactory(course=course, position=0)
    for i in range(n_lessons):
        LessonFactory(module=module, position=i, unlock_after=i)
    return course


def _enrol(client, course) -> dict:
    response = client.post(f"/api/v1/courses/{course.slug}/enrollment/")
    assert response.status_code in (200, 201), response.content
    return response.json()


def test_first_enrolment_is_201_and_second_returns_the_same_with_200(learner_client):
    course = _course()

    first = learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")
    second = learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")

    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["source"] == "self"
    assert first.json()["status"] == "active"
    assert Enrollment.objects.count() == 1


def test_enrolling_in_a_draft_course_is_404(learner_client):
    course = _course(status=Course.Status.DRAFT)

    assert learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 404
    assert Enrollment.objects.count() == 0


def test_cancel_then_enrol_again_reactivates_with_progress(learner_client):
    course = _course()
    lesson = course.modules.get().lessons.first()
    enrollment = _enrol(learner_client, course)
    assert learner_client.post(f"/api/v1/lessons/{lesson.id}/completion/").status_code == 201

    assert learner_client.delete(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 204
    assert learner_client.delete(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 204
    assert Enrollment.objects.get().status == "cancelled"
    assert learner_client.get(f"/api/v1/lessons/{lesson.id}/").status_code == 403

    again = learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/")
    assert again.status_code == 200
    assert again.json()["id"] == enrollment["id"]
    assert again.json()["status"] == "active"
    assert again.json()["progress"]["lessons_completed"] == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_make_one_row():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database that takes concurrent writers (CI runs this on PostgreSQL)")
    from rest_framework.test import APIClient

    course = _course()
    user = UserFactory()
    statuses = []
    barrier = threading.Barrier(10)

    def enrol():
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        statuses.append(client.post(f"/api/v1/courses/{course.slug}/enrollment/").status_code)
        connection.close()

    threads = [threading.Thread(target=enrol) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Enrollment.objects.filter(user=user).count() == 1
    assert sorted(statuses) == [200] * 9 + [201]


def test_client_cannot_set_status_or_user_on_enrolment(learner_client, learner):
    course = _course()
    other = UserFactory()

    response = learner_client.post(
        f"/api/v1/courses/{course.slug}/enrollment/",
        {"status": "completed", "user": other.id, "source": "staff", "completed_at": "2020-01-01T00:00:00Z"},
    )

    enrollment = Enrollment.objects.get()
    assert response.status_code == 201
    assert (enrollment.user, enrollment.status, enrollment.source, enrollment.completed_at) == (
        learner,
        "active",
        "self",
        None,
    )


def test_preview_lesson_is_open_to_anyone_and_others_need_enrolment(api_client, learner_client):
    course = _course()
    preview, closed = course.modules.get().lessons.all()
    preview.is_preview = True
    preview.body = "**Act**, do not react. <script>alert(1)</script>"
    preview.save()

    response = api_client.get(f"/api/v1/lessons/{preview.id}/")
    assert response.status_code == 200
    assert "<strong>Act</strong>" in response.json()["body_html"]
    assert "<script>" not in response.json()["body_html"]
    assert api_client.get(f"/api/v1/lessons/{closed.id}/").status_code == 401
    not_enrolled = learner_client.get(f"/api/v1/lessons/{closed.id}/")
    assert not_enrolled.status_code == 403
    assert not_enrolled.json()["code"] == "not_enrolled"
    _enrol(learner_client, course)
    body = learner_client.get(f"/api/v1/lessons/{closed.id}/").json()
    assert set(body) >= {"id", "title", "body", "video_url", "duration_seconds", "quiz"}


def test_daily_drip_lesson_is_locked_until_local_midnight_of_its_day(learner_client, learner):
    learner.timezone = "America/New_York"
    learner.save()
    course = _course(n_lessons=3, drip_mode=Course.DripMode.DAILY)
    day0, day1, day2 = course.modules.get().lessons.order_by("position")

    # 23:30 in New York on 1 March is 04:30 UTC on 2 March.
    with time_machine.travel(dt.datetime(2026, 3, 2, 4, 30, tzinfo=dt.UTC), tick=False):
        _enrol(learner_client, course)
        assert learner_client.get(f"/api/v1/lessons/{day0.id}/").status_code == 200
        locked = learner_client.get(f"/api/v1/lessons/{day1.id}/")
        assert locked.status_code == 403
        assert locked.json()["code"] == "locked"
        assert locked.json()["unlocks_at"] == "2026-03-02T00:00:00-05:00"
        assert learner_client.post(f"/api/v1/lessons/{day1.id}/completion/").status_code == 403
        assert not LessonCompletion.objects.exists()
        outline = learner_client.get(f"/api/v1/courses/{course.slug}/").json()
        states = [(lesson["locked"], lesson["unlocks_at"]) for lesson in outline["modules"][0]["lessons"]]
        assert states == [
            (False, None),
            (True, "2026-03-02T00:00:00-05:00"),
            (True, "2026-03-03T00:00:00-05:00"),
        ]

    with time_machine.travel(dt.datetime(2026, 3, 2, 5, 1, tzinfo=dt.UTC), tick=False):
        assert learner_client.get(f"/api/v1/lessons/{day1.id}/").status_code == 200
        assert learner_client.get(f"/api/v1/lessons/{day2.id}/").status_code == 403


def test_weekly_drip_counts_weeks(learner_client):
    course = _course(n_lessons=2, drip_mode=Course.DripMode.WEEKLY)
    week1 = course.modules.get().lessons.get(position=1)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        _enrol(learner_client, course)
    with time_machine.travel(dt.datetime(2026, 6, 7, 23, tzinfo=dt.UTC), tick=False):
        assert learner_client.get(f"/api/v1/lessons/{week1.id}/").status_code == 403
    with time_machine.travel(dt.datetime(2026, 6, 8, 0, 1, tzinfo=dt.UTC), tick=False):
        assert learner_client.get(f"/api/v1/lessons/{week1.id}/").status_code == 200


def test_completion_is_idempotent_and_undo_works(learner_client):
    course = _course()
    lesson = course.modules.get().lessons.first()
    _enrol(learner_client, course)

    assert learner_client.post(f"/api/v1/lessons/{lesson.id}/completion/").status_code == 201
    assert learner_client.post(f"/api/v1/lessons/{lesson.id}/completion/").status_code == 200
    assert LessonCompletion.objects.count() == 1
    outline = learner_client.get(f"/api/v1/courses/{course.slug}/").json()
    assert outline["modules"][0]["lessons"][0]["completed"] is True
    assert learner_client.delete(f"/api/v1/lessons/{lesson.id}/completion/").status_code == 204
    assert learner_client.delete(f"/api/v1/lessons/{lesson.id}/completion/").status_code == 204
    assert LessonCompletion.objects.count() == 0


def test_progress_counts_next_item_and_completion_issues_one_certificate(learner_client, api_client, learner):
    learner.name = "Dana Rivers"
    learner.save()
    course = _course(n_lessons=2)
    first, second = course.modules.get().lessons.order_by("position")
    challenge = ChallengeFactory(course=course, number=1)
    enrollment = _enrol(learner_client, course)
    assert enrollment["progress"] == {
        "percent": 0,
        "items_done": 0,
        "items_total": 3,
        "lessons_completed": 0,
        "lessons_total": 2,
        "quizzes_passed": 0,
        "quizzes_total": 0,
        "challenges_answered": 0,
        "challenges_total": 1,
        "next": {"kind": "lesson", "id": first.id, "title": first.title},
    }

    learner_client.post(f"/api/v1/lessons/{first.id}/completion/")
    learner_client.post(f"/api/v1/lessons/{second.id}/completion/")
    progress = learner_client.get(f"/api/v1/enrollments/{enrollment['id']}/").json()["progress"]
    assert progress["percent"] == 66
    assert progress["next"]["kind"] == "challenge"

    due = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = learner_client.post(
        f"/api/v1/challenges/{challenge.id}/responses/",
        {"reflection": "I react too often.", "commitment": "I will hold a 1:1 with each report", "due_on": due},
    )
    assert response.status_code == 201

    done = learner_client.get(f"/api/v1/enrollments/{enrollment['id']}/").json()
    assert done["status"] == "completed"
    assert done["progress"]["percent"] == 100
    assert done["progress"]["next"] is None
    assert done["completed_at"] is not None
    code = done["certificate"]["code"]
    assert done["certificate"]["url"].endswith(f"/api/v1/certificates/{code}/")

    # Undo and redo: still one completion, one certificate.
    learner_client.delete(f"/api/v1/lessons/{first.id}/completion/")
    learner_client.post(f"/api/v1/lessons/{first.id}/completion/")
    assert Certificate.objects.count() == 1

    public = api_client.get(f"/api/v1/certificates/{code}/")
    assert public.status_code == 200
    assert public.json()["learner_name"] == "Dana Rivers"
    assert public.json()["course"] == course.title
    assert learner.email not in public.content.decode()
    assert api_client.get("/api/v1/certificates/not-a-code/").status_code == 404


def test_challenge_response_rules(learner_client, learner):
    course = _course()
    challenge = ChallengeFactory(course=course, number=1)
    url = f"/api/v1/challenges/{challenge.id}/responses/"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    body = {"reflection": "Rules first, values second.", "commitment": "I will explain why", "due_on": tomorrow}

    assert learner_client.post(url, body).status_code == 403  # not enrolled
    _enrol(learner_client, course)
    past = learner_client.post(url, {**body, "due_on": "2001-01-01"})
    assert past.status_code == 400
    assert past.json()["field"] == "due_on"
    missing = learner_client.post(url, {"reflection": "x", "due_on": tomorrow})
    assert missing.status_code == 400
    assert missing.json()["field"] == "commitment"
    first = learner_client.post(url, body)
    repeat = learner_client.post(url, body)
    assert (first.status_code, repeat.status_code) == (201, 200)
    assert first.json()["id"] == repeat.json()["id"]

    rid = first.json()["id"]
    bad = learner_client.patch(f"{url}{rid}/", {"outcome": "sort of"})
    assert bad.status_code == 400
    assert bad.json()["field"] == "outcome"
    kept = learner_client.patch(f"{url}{rid}/", {"outcome": "kept", "note": "Did it on Tuesday."})
    assert kept.status_code == 200
    assert kept.json()["outcome"] == "kept"
    assert kept.json()["reported_at"] is not None
    assert [r["id"] for r in learner_client.get(url).json()["results"]] == [rid]


def test_other_learners_rows_are_404_and_never_listed(learner_client):
    course = _course()
    challenge = ChallengeFactory(course=course, number=1)
    from rest_framework.test import APIClient

    other = APIClient()
    other.force_authenticate(UserFactory())
    theirs = _enrol(other, course)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = other.post(
        f"/api/v1/challenges/{challenge.id}/responses/",
        {"reflection": "r", "commitment": "c", "due_on": tomorrow},
    ).json()

    assert learner_client.get(f"/api/v1/enrollments/{theirs['id']}/").status_code == 404
    assert learner_client.get("/api/v1/enrollments/").json()["count"] == 0
    _enrol(learner_client, course)
    assert learner_client.get(f"/api/v1/challenges/{challenge.id}/responses/").json()["count"] == 0
    patch = learner_client.patch(f"/api/v1/challenges/{challenge.id}/responses/{response['id']}/", {"outcome": "kept"})
    assert patch.status_code == 404


@pytest.mark.parametrize("n_lessons", [5, 50])
def test_outline_with_progress_query_count_does_not_grow(learner_client, django_assert_max_num_queries, n_lessons):
    course = _course(n_lessons=n_lessons, drip_mode=Course.DripMode.DAILY)
    ChallengeFactory(course=course, number=1)
    _enrol(learner_client, course)
    learner_client.post(f"/api/v1/lessons/{course.modules.get().lessons.first().id}/completion/")

    with django_assert_max_num_queries(6):
        response = learner_client.get(f"/api/v1/courses/{course.slug}/")
    assert len(response.json()["modules"][0]["lessons"]) == n_lessons


@pytest.mark.parametrize("n_lessons", [5, 50])
def test_enrolment_list_and_detail_query_counts_do_not_grow(learner_client, django_assert_max_num_queries, n_lessons):
    enrollment_ids = []
    for _ in range(3):
        course = _course(n_lessons=n_lessons)
        ChallengeFactory(course=course, number=1)
        enrollment_ids.append(_enrol(learner_client, course)["id"])

    with django_assert_max_num_queries(9):
        listing = learner_client.get("/api/v1/enrollments/")
    assert listing.json()["count"] == 3
    assert listing.json()["results"][0]["progress"]["lessons_total"] == n_lessons
    with django_assert_max_num_queries(9):
        detail = learner_client.get(f"/api/v1/enrollments/{enrollment_ids[0]}/")
    assert detail.json()["progress"]["items_total"] == n_lessons + 1


@pytest.mark.parametrize("n_responses", [2, 20])
def test_challenge_response_list_query_count_does_not_grow(learner_client, django_assert_max_num_queries, n_responses):
    course = _course()
    challenge = ChallengeFactory(course=course, number=1)
    _enrol(learner_client, course)
    for i in range(n_responses):
        due = (dt.date.today() + dt.timedelta(days=i + 1)).isoformat()
        body = {"reflection": "r", "commitment": f"I will do {i}", "due_on": due}
        assert learner_client.post(f"/api/v1/challenges/{challenge.id}/responses/", body).status_code == 201

    with django_assert_max_num_queries(3):
        response = learner_client.get(f"/api/v1/challenges/{challenge.id}/responses/?page_size=100")
    assert response.json()["count"] == n_responses
