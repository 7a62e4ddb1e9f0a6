"""Weekday drip: one step each weekday in the zone the learner enrolled in, Saturdays and Sundays
skipped; a lesson tied to a weekday opens on the first such day it can. Across DST and every zone."""

import datetime as dt
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo, available_timezones

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.models import Course
from enrollments.access import drip_unlock_day, lesson_unlocks_at, weekdays_after, weekdays_between
from enrollments.emails.finders import find_todays_lessons
from enrollments.models import Enrollment
from enrollments.services import enrollment_create
from lessons.models import Lesson

from .factories import CourseFactory, LessonFactory, ModuleFactory, UserFactory

UTC = dt.UTC
ZONES = sorted(available_timezones())
FRIDAY = Lesson.Weekday.FRIDAY


def _brute_weekdays_after(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 1, 1)), st.integers(0, 400))
def test_weekdays_after_counts_monday_to_friday_only(day, n):
    result = weekdays_after(day, n)

    assert result == _brute_weekdays_after(day, n)
    assert weekdays_between(day, result) == n
    if n:
        assert result.weekday() < 5


def _unlock(zone_name: str, enrolled_at: dt.datetime, step: int, weekday: int | None, mode=Course.DripMode.WEEKDAYS):
    """lesson_unlocks_at on unsaved rows: the rule itself, no database."""
    return lesson_unlocks_at(
        lesson=Lesson(unlock_after=step, weekday=weekday),
        course=Course(drip_mode=mode),
        enrollment=Enrollment(enrolled_at=enrolled_at, timezone=zone_name),
    )


def _check_weekday_unlock(zone_name: str, enrolled_at: dt.datetime, step: int, weekday: int | None) -> None:
    zone = ZoneInfo(zone_name)
    enrolled_on = enrolled_at.astimezone(zone).date()
    unlocks_at = _unlock(zone_name, enrolled_at, step, weekday)
    if step == 0 and weekday is None:
        assert unlocks_at is None
        return
    assert unlocks_at is not None
    day = unlocks_at.astimezone(zone).date()
    # The first instant of that local day, even where DST skips or repeats midnight.
    assert (unlocks_at - dt.timedelta(microseconds=1)).astimezone(zone).date() < day
    assert unlocks_at.astimezone(zone).time() < dt.time(3)
    step_day = weekdays_after(enrolled_on, step)
    if weekday is None:
        assert day == step_day
        assert day.weekday() < 5 or step == 0
        assert weekdays_between(enrolled_on, day) == step
    else:
        assert day.weekday() == weekday
        assert 0 <= (day - step_day).days < 7
    if step > 0:
        assert day > enrolled_on


@settings(max_examples=400, deadline=None)
@given(
    zone_name=st.sampled_from(ZONES),
    enrolled_at=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2037, 12, 31), timezones=st.just(UTC)
    ),
    step=st.integers(0, 60),
    weekday=st.none() | st.integers(0, 6),
)
def test_weekday_unlocks_in_any_zone_at_any_instant(zone_name, enrolled_at, step, weekday):
    _check_weekday_unlock(zone_name, enrolled_at, step, weekday)


@cache
def _transitions_2026(zone_name: str) -> list[dt.date]:
    """Local days of 2026 on which the zone's UTC offset changes (months first, then their days)."""
    zone = ZoneInfo(zone_name)

    def offset(day: dt.date):
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone).utcoffset()

    months = [dt.date(2026, month, 1) for month in range(1, 13)] + [dt.date(2027, 1, 1)]
    days = []
    for first, following in pairwise(months):
        if offset(first) == offset(following):
            continue
        day = first
        while day < following:
            if offset(day) != offset(day + dt.timedelta(days=1)):
                days.append(day)
            day += dt.timedelta(days=1)
    return days


def test_every_zone_across_its_dst_changes():
    checked = 0
    for zone_name in ZONES:
        zone = ZoneInfo(zone_name)
        for change in _transitions_2026(zone_name) or [dt.date(2026, 3, 6)]:
            for enrolled_on in (change - dt.timedelta(days=1), change):
                for local_time in (dt.time(0, 0), dt.time(23, 59)):
                    enrolled_at = dt.datetime.combine(enrolled_on, local_time, tzinfo=zone).astimezone(UTC)
                    for step in (1, 2, 5):
                        for weekday in (None, FRIDAY):
                            _check_weekday_unlock(zone_name, enrolled_at, step, weekday)
                            checked += 1
    assert checked > len(ZONES) * 24


@pytest.mark.parametrize(
    ("zone_name", "day", "first_instant"),
    [
        # Santiago springs forward at midnight: 6 Sep 2026 starts at 01:00 (-03).
        ("America/Santiago", dt.date(2026, 9, 7), "2026-09-07T00:00:00-03:00"),
        ("America/Santiago", dt.date(2026, 9, 4), "2026-09-04T00:00:00-04:00"),
        ("America/New_York", dt.date(2026, 3, 9), "2026-03-09T00:00:00-04:00"),
    ],
)
def test_unlock_is_local_midnight_on_both_sides_of_dst(zone_name, day, first_instant):
    # Enrolled on the Friday before: the first weekday step is the Monday after.
    friday = day - dt.timedelta(days=(day.weekday() - 4) % 7 or 7)
    enrolled_at = dt.datetime.combine(friday, dt.time(20), tzinfo=ZoneInfo(zone_name))
    step = weekdays_between(friday, day)
    assert _unlock(zone_name, enrolled_at, step, None).isoformat() == first_instant


def test_friday_tied_lesson_opens_on_the_first_friday_after_its_step():
    monday = dt.date(2026, 3, 2)
    assert drip_unlock_day(drip_mode="weekdays", enrolled_on=monday, unlock_after=4, weekday=FRIDAY) == dt.date(
        2026, 3, 6
    )
    # Enrolled on a Wednesday: step 4 is the next Tuesday, so the Friday after that.
    wednesday = dt.date(2026, 3, 4)
    assert drip_unlock_day(drip_mode="weekdays", enrolled_on=wednesday, unlock_after=4, weekday=FRIDAY) == dt.date(
        2026, 3, 13
    )
    # Step 0 tied to Friday: the first Friday on or after enrolling.
    assert drip_unlock_day(drip_mode="weekdays", enrolled_on=wednesday, unlock_after=0, weekday=FRIDAY) == dt.date(
        2026, 3, 6
    )
    # The tie works for daily drip too; without a tie and without a step nothing is dripped.
    assert drip_unlock_day(drip_mode="daily", enrolled_on=wednesday, unlock_after=1, weekday=FRIDAY) == dt.date(
        2026, 3, 6
    )
    assert drip_unlock_day(drip_mode="weekdays", enrolled_on=wednesday, unlock_after=0, weekday=None) is None


# --- Through the API and the emails ----------------------------------------------------------


def _weekday_course() -> Course:
    course = CourseFactory(drip_mode=Course.DripMode.WEEKDAYS)
    module = ModuleFactory(course=course, position=0)
    for step in range(4):
        LessonFactory(module=module, position=step, unlock_after=step, title=f"Step {step}")
    LessonFactory(module=module, position=4, unlock_after=1, weekday=FRIDAY, title="Friday question")
    return course


@pytest.mark.django_db
def test_outline_skips_the_weekend_and_ties_the_friday_question(learner, learner_client):
    learner.timezone = "America/New_York"
    learner.save()
    course = _weekday_course()
    # Friday 6 March 2026, 20:00 in New York; DST starts on Sunday 8 March.
    with time_machine.travel(dt.datetime(2026, 3, 7, 1, tzinfo=UTC), tick=False):
        assert learner_client.post(f"/api/v1/courses/{course.slug}/enrollment/").status_code == 201
        lessons = learner_client.get(f"/api/v1/courses/{course.slug}/").json()["modules"][0]["lessons"]

    assert [(lesson["title"], lesson["unlocks_at"]) for lesson in lessons] == [
        ("Step 0", None),
        ("Step 1", "2026-03-09T00:00:00-04:00"),
        ("Step 2", "2026-03-10T00:00:00-04:00"),
        ("Step 3", "2026-03-11T00:00:00-04:00"),
        ("Friday question", "2026-03-13T00:00:00-04:00"),
    ]


@pytest.mark.django_db
def test_todays_lesson_email_comes_on_weekdays_only():
    user = UserFactory(timezone="America/New_York", preferred_hour=9)
    course = _weekday_course()
    lessons = {lesson.title: lesson.id for lesson in Lesson.objects.filter(module__course=course)}
    with time_machine.travel(dt.datetime(2026, 3, 7, 1, tzinfo=UTC), tick=False):  # Friday 20:00 in New York
        enrollment_create(user=user, course=course)

    def due_on(day: int) -> list[int | None]:
        at = dt.datetime(2026, 3, day, 9, 15, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)
        return [d.subject_id for d in find_todays_lessons(now=at, zones=["America/New_York"])]

    assert due_on(7) == []  # Saturday
    assert due_on(8) == []  # Sunday (and the day DST starts)
    assert due_on(9) == [lessons["Step 1"]]
    assert due_on(11) == [lessons["Step 3"]]
    assert due_on(12) == []  # Thursday: no step 4
    assert due_on(13) == [lessons["Friday question"]]
