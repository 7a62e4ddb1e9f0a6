"""Per-lesson state for a course outline: locked, unlocks_at, completed. One query for a learner."""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from courses.models import Course
from lessons.models import Lesson

from .access import LessonTiming, db_datetime, drip_unlock_at, user_teaches, zone_named
from .models import Enrollment, LessonCompletion


class LessonState(NamedTuple):
    locked: bool
    unlocks_at: datetime | None
    completed: bool


# The states without an unlock time, made once: most lessons of most outlines have one of them.
OPEN = LessonState(False, None, False)
OPEN_DONE = LessonState(False, None, True)
LOCKED = LessonState(True, None, False)


def outline_lesson_states(
    *, course: Course, user, now: datetime, lessons: Sequence[Lesson | LessonTiming]
) -> list[LessonState]:
    """Each lesson's state for this user, in the order of `lessons`."""
    enrollment, done = _enrollment_and_done(user=user, course=course) if user.is_authenticated else (None, set())
    if enrollment is None:
        opened = user.is_authenticated and user_teaches(user=user, course=course)
        return [OPEN if opened or lesson.is_preview else LOCKED for lesson in lessons]
    if course.drip_mode == Course.DripMode.NONE:  # nothing unlocks later: every lesson is open
        return [OPEN_DONE if lesson.id in done else OPEN for lesson in lessons]

    zone = zone_named(enrollment.timezone)
    schedule = _drip_schedule(
        course.drip_mode,
        enrollment.timezone,
        enrollment.enrolled_at.astimezone(zone).date(),
        tuple(None if lesson.is_preview else (lesson.unlock_after, lesson.weekday) for lesson in lessons),
    )
    states = []
    for lesson, unlock in zip(lessons, schedule, strict=True):
        if unlock is None:
            states.append(OPEN_DONE if lesson.id in done else OPEN)
        else:
            states.append(LessonState(now < unlock.at_utc, unlock.at, lesson.id in done))
    return states


class _Unlock(NamedTuple):
    at: datetime  # local midnight in the enrolment's zone (lesson_unlocks_at)
    at_utc: datetime  # the same instant in UTC: compared with `now` (UTC) without the zone's rules


@lru_cache(maxsize=256)  # one entry per course content, enrolment day and zone in use: about 7 kB each
def _drip_schedule(
    drip_mode: str, zone_name: str, enrolled_on: date, steps: tuple[tuple[int, int | None] | None, ...]
) -> tuple[_Unlock | None, ...]:
    """When each lesson of an outline unlocks (None: never locked), by its drip step (`unlock_after`,
    `weekday`; None for a preview), for an enrolment on local day `enrolled_on` in zone `zone_name`:
    lesson_unlocks_at's rule, computed once per step. Kept in the process because it depends on
    nothing else: computing it on every request was ~2M of a 4.5M-instruction weekday outline."""
    zone = zone_named(zone_name)
    unlocks: dict[tuple[int, int | None], _Unlock | None] = {}  # lessons of one step share it
    for step in steps:
        if step is None or step in unlocks:
            continue
        unlock_after, weekday = step
        at = drip_unlock_at(
            drip_mode=drip_mode, zone=zone, enrolled_on=enrolled_on, unlock_after=unlock_after, weekday=weekday
        )
        unlocks[step] = None if at is None else _Unlock(at, at.astimezone(UTC))
    return tuple(None if step is None else unlocks[step] for step in steps)


def outline_lessons(course: Course) -> list[Lesson]:
    """The lessons prefetched on a course (course_outline_get), in the outline's order."""
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


_enrollment_and_done_sqls: dict[str, str] = {}


def _enrollment_and_done_sql(db: BaseDatabaseWrapper) -> str:
    """The read's SQL on connection `db`, built from the models once per process and database vendor."""
    sql = _enrollment_and_done_sqls.get(db.vendor)
    if sql is None:
        sql = _enrollment_and_done_sqls[db.vendor] = _enrollment_and_done_sql_build(db)
    return sql


def _enrollment_and_done_sql_build(db: BaseDatabaseWrapper) -> str:
    quote = db.ops.quote_name
    enrollment, completion = quote(Enrollment._meta.db_table), quote(LessonCompletion._meta.db_table)
    enrolled_at = f"e.{quote('enrolled_at')}"
    lesson_id = f"d.{quote('lesson_id')}"
    if db.vendor == "postgresql":
        # The time as UTC without a zone: psycopg's loading of a timestamptz in the connection's
        # zone (Django's loader, in Python) costs about 18,000 instructions a value.
        if settings.USE_TZ:
            enrolled_at = f"({enrolled_at} AT TIME ZONE 'UTC')"
        done = f"STRING_AGG(CAST({lesson_id} AS text), ',')"
    else:  # SQLite
        done = f"GROUP_CONCAT({lesson_id})"
    columns = ", ".join([f"e.{quote('id')}", enrolled_at, f"e.{quote('timezone')}", f"e.{quote('status')}"])
    # Table and column names from the models; every value is a bound parameter.
    return (
        f"SELECT {columns}, (SELECT {done} FROM {completion} d "  # noqa: S608
        f"WHERE d.{quote('enrollment_id')} = e.{quote('id')}) FROM {enrollment} e "
        f"WHERE e.{quote('user_id')} = %s AND e.{quote('course_id')} = %s AND e.{quote('status')} IN (%s, %s)"
    )


def _enrollment_and_done(*, user, course: Course) -> tuple[Enrollment | None, set[int]]:
    """The learner's open enrolment in the course (at most one: unique per learner and course),
    with the fields the states read, and the ids of the lessons they completed: one query of one
    row, the ids as comma-separated text. (Two ORM queries at first, whose compiling was a quarter
    of a signed-in outline; then a row per completed lesson, each with the enrolment's time.)"""
    open_statuses = [Enrollment.Status.ACTIVE.value, Enrollment.Status.COMPLETED.value]
    # The connection object read once: `django.db.connection` looks it up again on every attribute read.
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        cursor.execute(_enrollment_and_done_sql(db), [user.pk, course.pk, *open_statuses])
        row = cursor.fetchone()
    if row is None:
        return None, set()
    pk, enrolled_at, zone, status, done = row
    enrollment = Enrollment(
        id=pk, user_id=user.pk, course_id=course.pk, enrolled_at=db_datetime(enrolled_at), timezone=zone, status=status
    )
    return enrollment, {int(lesson_id) for lesson_id in str(done).split(",")} if done else set()
