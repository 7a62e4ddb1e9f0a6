"""Per-lesson state for a course outline: locked, unlocks_at, completed. One query for a learner."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from courses.models import Course
from lessons.models import Lesson

from .access import LessonTiming, db_datetime, lesson_unlocks_at, user_teaches
from .models import Enrollment, LessonCompletion


@dataclass(frozen=True)
class LessonState:
    locked: bool
    unlocks_at: datetime | None
    completed: bool


def outline_lesson_states(
    *, course: Course, user, now: datetime, lessons: Sequence[Lesson | LessonTiming] | None = None
) -> dict[int, LessonState]:
    """Map lesson id to its state for this user: for `lessons`, else those prefetched on the course."""
    if lessons is None:
        lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    enrollment, done = _enrollment_and_done(user=user, course=course) if user.is_authenticated else (None, set())
    if enrollment is None:
        opened = user.is_authenticated and user_teaches(user=user, course=course)
        return {lesson.id: LessonState(not (opened or lesson.is_preview), None, False) for lesson in lessons}

    states = {}
    for lesson in lessons:
        unlocks_at = None
        if not lesson.is_preview:  # previews are open to everyone, so never locked
            unlocks_at = lesson_unlocks_at(lesson=lesson, course=course, enrollment=enrollment)
        locked = unlocks_at is not None and now < unlocks_at
        states[lesson.id] = LessonState(locked, unlocks_at, lesson.id in done)
    return states


def _enrollment_and_done_sql() -> str:
    quote = connection.ops.quote_name
    enrollment, completion = quote(Enrollment._meta.db_table), quote(LessonCompletion._meta.db_table)
    columns = ", ".join(f"{enrollment}.{quote(name)}" for name in ("id", "enrolled_at", "timezone", "status"))
    # Table and column names from the models; every value is a bound parameter.
    return (
        f"SELECT {columns}, {completion}.{quote('lesson_id')} FROM {enrollment} "  # noqa: S608
        f"LEFT JOIN {completion} ON {completion}.{quote('enrollment_id')} = {enrollment}.{quote('id')} "
        f"WHERE {enrollment}.{quote('user_id')} = %s AND {enrollment}.{quote('course_id')} = %s "
        f"AND {enrollment}.{quote('status')} IN (%s, %s)"
    )


def _enrollment_and_done(*, user, course: Course) -> tuple[Enrollment | None, set[int]]:
    """The learner's open enrolment in the course (at most one: unique per learner and course),
    with the fields the states read, and the ids of the lessons they completed: one query of
    plain rows. (Two ORM queries before; compiling them was a quarter of a signed-in outline.)"""
    open_statuses = [Enrollment.Status.ACTIVE.value, Enrollment.Status.COMPLETED.value]
    with connection.cursor() as cursor:
        cursor.execute(_enrollment_and_done_sql(), [user.pk, course.pk, *open_statuses])
        rows = cursor.fetchall()
    if not rows:
        return None, set()
    pk, enrolled_at, zone, status, _lesson = rows[0]
    enrollment = Enrollment(
        id=pk, user_id=user.pk, course_id=course.pk, enrolled_at=db_datetime(enrolled_at), timezone=zone, status=status
    )
    return enrollment, {lesson_id for *_enrollment, lesson_id in rows if lesson_id is not None}
