"""Drip unlocks follow the zone the learner had when enrolling, not their current one."""

import datetime as dt

import pytest
import time_machine

from courses.models import Course
from enrollments.emails.finders import find_todays_lessons
from enrollments.models import Enrollment
from enrollments.services import enrollment_create

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _daily_course(n_lessons: int = 3) -> Course:
    course = CourseFactory(drip_mode=Course.DripMode.DAILY)
    module = ModuleFactory(course=course, position=0)
    for i in range(n_lessons):
        LessonFactory(module=module, position=i, unlock_after=i)
    return course


def test_enrolment_keeps_the_zone_the_learner_had(learner):
    learner.timezone = "America/New_York"
    learner.save()
    enrollment, _ = enrollment_create(user=learner, course=_daily_course())
    assert Enrollment.objects.get(pk=enrollment.pk).timezone == "America/New_York"


def test_moving_to_a_zone_ahead_never_opens_a_drip_lesson_early(learner_client, learner):
    learner.timezone = "America/New_York"
    learner.save()
    course = _daily_course()
    day1 = course.modules.get().lessons.get(position=1)
    # 01:00 on 2 March in New York, 20:00 on 2 March in Kiritimati (UTC+14).
    with time_machine.travel(dt.datetime(2026, 3, 2, 6, tzinfo=UTC), tick=False):
        assert learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 201

    # 02:00 on 3 March in Kiritimati, 07:00 on 2 March in New York: the day-1 lesson opens at
    # midnight in New York, where the learner enrolled, whatever zone they move to.
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False):
        patched = learner_client.patch("/api/v1/me/", {"timezone": "Pacific/Kiritimati"}, format="json")
        assert patched.status_code == 200
        locked = learner_client.get(f"/api/v1/lessons/{day1.id}/")
        assert locked.status_code == 403, locked.content
        assert locked.json()["unlocks_at"] == "2026-03-03T00:00:00-05:00"
        outline = learner_client.get(f"/api/v1/courses/{course.slug}/").json()
        assert outline["modules"][0]["lessons"][1]["locked"] is True
        assert learner_client.post(f"/api/v1/lessons/{day1.id}/completion/").status_code == 403

    with time_machine.travel(dt.datetime(2026, 3, 3, 5, 1, tzinfo=UTC), tick=False):  # 00:01 on 3 March in New York
        assert learner_client.get(f"/api/v1/lessons/{day1.id}/").status_code == 200


def test_todays_lesson_email_counts_days_in_the_enrolment_zone():
    user = UserFactory(timezone="America/New_York", preferred_hour=9)
    course = _daily_course()
    with time_machine.travel(dt.datetime(2026, 3, 2, 6, tzinfo=UTC), tick=False):  # 01:00 on 2 March in New York
        enrollment_create(user=user, course=course)
    user.timezone = "Pacific/Kiritimati"
    user.save()
    # 09:15 on 3 March in Kiritimati is still 2 March in New York: the day-1 lesson is locked.
    at = dt.datetime(2026, 3, 2, 19, 15, tzinfo=UTC)
    assert find_todays_lessons(now=at, zones=["Pacific/Kiritimati"]) == []
    # 09:15 on 4 March in Kiritimati is 3 March in New York: the day-1 lesson opened today.
    at = dt.datetime(2026, 3, 3, 19, 15, tzinfo=UTC)
    due = find_todays_lessons(now=at, zones=["Pacific/Kiritimati"])
    assert [d.subject_id for d in due] == [course.modules.get().lessons.get(position=1).id]


def test_migration_backfills_existing_enrolments_from_the_learners_zone():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("enrollments.migrations.0003_enrollment_timezone")
    user = UserFactory(timezone="Asia/Tokyo")
    enrollment, _ = enrollment_create(user=user, course=_daily_course())
    Enrollment.objects.filter(pk=enrollment.pk).update(timezone="UTC")

    migration.backfill_from_user(apps, None)

    assert Enrollment.objects.get(pk=enrollment.pk).timezone == "Asia/Tokyo"
