"""The outline's unlock times, kept per process (enrollments.outline._drip_schedule): the same as
lesson_unlocks_at's for every lesson, and never another enrolment's or another version's."""

import datetime as dt
from zoneinfo import ZoneInfo, available_timezones

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.models import Course
from enrollments.access import LessonTiming, lesson_unlocks_at
from enrollments.models import Enrollment
from enrollments.outline import _drip_schedule

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

UTC = dt.UTC
DRIPPED = [Course.DripMode.WEEKDAYS, Course.DripMode.DAILY, Course.DripMode.WEEKLY]


@settings(max_examples=300, deadline=None)
@given(
    zone_name=st.sampled_from(sorted(available_timezones())),
    drip_mode=st.sampled_from(DRIPPED),
    enrolled_at=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 31), timezones=st.just(UTC)
    ),
    lessons=st.lists(st.tuples(st.booleans(), st.integers(0, 40), st.none() | st.integers(0, 6)), max_size=12),
    now_offset_hours=st.integers(-24, 24 * 60),
)
def test_the_schedule_is_lesson_unlocks_at_for_every_lesson(
    zone_name, drip_mode, enrolled_at, lessons, now_offset_hours
):
    timings = [LessonTiming(i, preview, step, weekday) for i, (preview, step, weekday) in enumerate(lessons)]
    enrollment = Enrollment(enrolled_at=enrolled_at, timezone=zone_name)
    course = Course(drip_mode=drip_mode)
    enrolled_on = enrolled_at.astimezone(ZoneInfo(zone_name)).date()
    steps = tuple(None if t.is_preview else (t.unlock_after, t.weekday) for t in timings)
    now = enrolled_at + dt.timedelta(hours=now_offset_hours)

    schedule = _drip_schedule(drip_mode, zone_name, enrolled_on, steps)

    for timing, unlock in zip(timings, schedule, strict=True):
        expected = None if timing.is_preview else lesson_unlocks_at(lesson=timing, course=course, enrollment=enrollment)
        if expected is None:
            assert unlock is None
            continue
        assert unlock.at.isoformat() == expected.isoformat()  # the same instant, written the same way
        assert unlock.at.tzinfo is expected.tzinfo
        assert (now < unlock.at_utc) == (now < expected)


def _dripped_course(drip_mode=Course.DripMode.WEEKDAYS, steps=(0, 1, 2, 3)) -> Course:
    course = CourseFactory(drip_mode=drip_mode)
    module = ModuleFactory(course=course, position=0)
    for position, step in enumerate(steps):
        LessonFactory(module=module, position=position, unlock_after=step)
    return course


def _unlock_times(client, course) -> list[str | None]:
    outline = client.get(f"/api/v1/courses/{course.slug}/").json()
    return [lesson["unlocks_at"] for lesson in outline["modules"][0]["lessons"]]


def _enrolled_client(zone_name: str, course: Course, at: dt.datetime):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(UserFactory(timezone=zone_name))
    with time_machine.travel(at, tick=False):
        assert client.post(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 201
    return client


@pytest.mark.django_db
def test_two_learners_of_one_course_each_see_their_own_unlock_times():
    course = _dripped_course()
    # Friday 6 March 2026, 20:00 in New York (Saturday 01:00 UTC, 02:00 in Berlin), and a learner
    # enrolled in Berlin on the Monday after: three schedules, asked for in turn, twice over.
    new_york = _enrolled_client("America/New_York", course, dt.datetime(2026, 3, 7, 1, tzinfo=UTC))
    berlin = _enrolled_client("Europe/Berlin", course, dt.datetime(2026, 3, 7, 1, tzinfo=UTC))
    monday = _enrolled_client("Europe/Berlin", course, dt.datetime(2026, 3, 9, 9, tzinfo=UTC))

    with time_machine.travel(dt.datetime(2026, 3, 9, 12, tzinfo=UTC), tick=False):
        for _ in range(2):
            assert _unlock_times(new_york, course) == [
                None,
                "2026-03-09T00:00:00-04:00",  # Monday: the weekend skipped, after DST began on Sunday
                "2026-03-10T00:00:00-04:00",
                "2026-03-11T00:00:00-04:00",
            ]
            assert _unlock_times(berlin, course) == [
                None,
                "2026-03-09T00:00:00+01:00",  # enrolled on Saturday in Berlin: counted from Friday
                "2026-03-10T00:00:00+01:00",
                "2026-03-11T00:00:00+01:00",
            ]
            assert _unlock_times(monday, course) == [
                None,
                "2026-03-10T00:00:00+01:00",
                "2026-03-11T00:00:00+01:00",
                "2026-03-12T00:00:00+01:00",
            ]


@pytest.mark.django_db
def test_an_edited_drip_step_shows_at_once(learner_client, learner):
    course = _dripped_course(Course.DripMode.DAILY)
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False):
        assert learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 201
        assert _unlock_times(learner_client, course)[3] == "2026-03-05T00:00:00+00:00"

        lesson = course.modules.get().lessons.get(position=3)
        lesson.unlock_after = 5
        lesson.save()
        assert _unlock_times(learner_client, course)[3] == "2026-03-07T00:00:00+00:00"

        Course.objects.filter(pk=course.pk).update(drip_mode=Course.DripMode.WEEKLY)
        assert _unlock_times(learner_client, course)[3] == "2026-04-06T00:00:00+00:00"


@pytest.mark.django_db
def test_a_lesson_unlocking_on_a_day_whose_midnight_dst_skips_opens_when_the_clocks_jump():
    # Santiago springs forward at midnight on Sunday 6 September 2026: that day starts at 01:00 -03,
    # 04:00 UTC, written as the missing midnight with the offset before the change.
    course = _dripped_course(Course.DripMode.DAILY, steps=(0, 1))
    client = _enrolled_client("America/Santiago", course, dt.datetime(2026, 9, 5, 15, tzinfo=UTC))
    lesson = course.modules.get().lessons.get(position=1)

    for at, locked in [
        (dt.datetime(2026, 9, 6, 3, 59, 59, tzinfo=UTC), True),
        (dt.datetime(2026, 9, 6, 4, tzinfo=UTC), False),
    ]:
        with time_machine.travel(at, tick=False):
            state = client.get(f"/api/v1/courses/{course.slug}/").json()["modules"][0]["lessons"][1]
            assert (state["locked"], state["unlocks_at"]) == (locked, "2026-09-06T00:00:00-04:00")
            assert (client.get(f"/api/v1/lessons/{lesson.id}/").status_code == 403) is locked
