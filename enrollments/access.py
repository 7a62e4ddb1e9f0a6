"""Who may open a lesson, and when a drip lesson unlocks. Pure rules plus the reads they need."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from rest_framework import exceptions

from courseplatform.errors import ApplicationError
from courses.models import Course, Module
from lessons.models import Lesson

from .models import Enrollment, LessonCompletion


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def learner_zone(user) -> ZoneInfo:
    return zone_named(user.timezone)


def weekdays_after(day: date, n: int) -> date:
    """The n-th weekday (Monday to Friday) after `day`; `day` itself when n is 0."""
    if n <= 0:
        return day
    if day.weekday() >= 5:  # from a weekend, count as from the Friday before
        day -= timedelta(days=day.weekday() - 4)
    weeks, rest = divmod(n, 5)
    day += timedelta(weeks=weeks)  # five weekdays on from a weekday is the same weekday a week on
    while rest:
        day += timedelta(days=1)
        if day.weekday() < 5:
            rest -= 1
    return day


def weekdays_between(start: date, end: date) -> int:
    """How many weekdays fall after `start`, up to and including `end`."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def drip_step_day(*, drip_mode: str, enrolled_on: date, step: int) -> date:
    """The local day on which drip step `step` (a lesson's `unlock_after`) comes, before any weekday tie."""
    if drip_mode == Course.DripMode.WEEKDAYS:
        return weekdays_after(enrolled_on, step)
    return enrolled_on + timedelta(days=step * (7 if drip_mode == Course.DripMode.WEEKLY else 1))


def drip_unlock_day(*, drip_mode: str, enrolled_on: date, unlock_after: int, weekday: int | None) -> date | None:
    """The local day a drip lesson opens. None: not dripped (no drip, or step 0 with no weekday tie).

    - daily: `unlock_after` days after the enrolment day; weekly: that many weeks;
    - weekdays: that many weekdays (Monday to Friday) after it, so Saturdays and Sundays are skipped;
    - a lesson tied to a weekday opens on the first such day on or after that day.
    """
    if drip_mode == Course.DripMode.NONE or (unlock_after == 0 and weekday is None):
        return None
    day = drip_step_day(drip_mode=drip_mode, enrolled_on=enrolled_on, step=unlock_after)
    if weekday is not None:
        day += timedelta(days=(weekday - day.weekday()) % 7)
    return day


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of a local day. Where a DST change skips midnight, the day starts when the
    clocks jump (fold=0 reads a missing time with the offset before the change, which is that instant)."""
    return datetime.combine(day, time.min, tzinfo=zone)


class LessonTiming(NamedTuple):
    """What a lesson's lock depends on, without the lesson row (kept in the cached outline)."""

    id: int
    is_preview: bool
    unlock_after: int
    weekday: int | None

    @classmethod
    def of(cls, lesson: Lesson) -> "LessonTiming":
        return cls(lesson.id, lesson.is_preview, lesson.unlock_after, lesson.weekday)


def drip_unlock_at(
    *, drip_mode: str, zone: ZoneInfo, enrolled_on: date, unlock_after: int, weekday: int | None
) -> datetime | None:
    """The first instant of a drip step's unlock day (`drip_unlock_day`) in `zone`. None: not dripped."""
    day = drip_unlock_day(drip_mode=drip_mode, enrolled_on=enrolled_on, unlock_after=unlock_after, weekday=weekday)
    return None if day is None else local_midnight(day, zone)


def lesson_unlocks_at(*, lesson: Lesson | LessonTiming, course: Course, enrollment: Enrollment) -> datetime | None:
    """When a drip lesson opens: the start of its unlock day (`drip_unlock_day`), counted in the zone
    the learner had when enrolling (kept on the enrolment). None: not dripped."""
    if course.drip_mode == Course.DripMode.NONE:
        return None
    zone = zone_named(enrollment.timezone)
    return drip_unlock_at(
        drip_mode=course.drip_mode,
        zone=zone,
        enrolled_on=enrollment.enrolled_at.astimezone(zone).date(),
        unlock_after=lesson.unlock_after,
        weekday=lesson.weekday,
    )


def user_teaches(*, user, course: Course) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and course.instructors.filter(pk=user.pk).exists()


@dataclass(frozen=True)
class LessonAccess:
    enrollment: Enrollment | None  # None: a free preview, or an instructor reading their own course
    unlocks_at: datetime | None

    def enrollment_required(self) -> Enrollment:
        """The enrolment of an access checked with `need_enrollment=True`, which never grants one without it."""
        if self.enrollment is None:
            raise RuntimeError("This lesson access has no enrolment: check it with need_enrollment=True.")
        return self.enrollment


class _LookUp:
    """The enrolment is not known yet: the access check reads it."""


LOOK_UP = _LookUp()


def lesson_access_check(
    *,
    user,
    lesson: Lesson,
    now: datetime,
    need_enrollment: bool = False,
    enrollment: Enrollment | _LookUp | None = LOOK_UP,
) -> LessonAccess:
    """Raise unless the user may open the lesson now; return the enrolment (if any).

    Anonymous users may open free previews; everyone else needs an active enrolment and, on a
    drip course, the lesson's unlock time to have passed. Instructors of the course and
    superusers may read everything. `need_enrollment` (completing, quizzes) always asks for one.
    A caller that has already read the user's open enrolment in the course (or its absence:
    None) passes it as `enrollment`.
    """
    course = lesson.module.course
    if course.status != Course.Status.PUBLISHED and not user_teaches(user=user, course=course):
        raise exceptions.NotFound()
    if not user.is_authenticated:
        if lesson.is_preview and not need_enrollment:
            return LessonAccess(enrollment=None, unlocks_at=None)
        raise exceptions.NotAuthenticated()
    if isinstance(enrollment, _LookUp):
        enrollment = Enrollment.objects.filter(
            user=user, course=course, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED]
        ).first()
    if enrollment is None:
        if not need_enrollment and (lesson.is_preview or user_teaches(user=user, course=course)):
            return LessonAccess(enrollment=None, unlocks_at=None)
        action = "to track your progress here" if need_enrollment else "to open this lesson"
        raise ApplicationError(
            f"Enrol in “{course.title}” {action}.",
            code="not_enrolled",
            status=403,
            extra={"course": course.slug},
        )
    if lesson.is_preview:  # open to everyone, so never locked for the enrolled
        return LessonAccess(enrollment=enrollment, unlocks_at=None)
    unlocks_at = lesson_unlocks_at(lesson=lesson, course=course, enrollment=enrollment)
    if unlocks_at is not None and now < unlocks_at:
        raise ApplicationError(
            f"This lesson unlocks on {unlocks_at:%A %d %B %Y} at {unlocks_at:%H:%M} ({unlocks_at.tzinfo}).",
            code="locked",
            status=403,
            extra={"unlocks_at": unlocks_at.isoformat()},
        )
    return LessonAccess(enrollment=enrollment, unlocks_at=unlocks_at)


# --- Completing a lesson: everything it reads in one query -----------------------------------


def db_datetime(value: datetime | str) -> datetime:
    """A datetime column read with plain SQL, as the ORM would give it: aware, in UTC. PostgreSQL
    returns it so; SQLite returns it naive (or as text without type detection)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class LessonProgressRead:
    lesson: Lesson  # with only what the access check reads; its module and course attached
    enrollment: Enrollment | None  # the user's open (active or completed) enrolment in the course
    completion: LessonCompletion | None  # the user's completion of the lesson


def _progress_read_sql(db: BaseDatabaseWrapper) -> str:
    quote = db.ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def col(model, name: str) -> str:
        return f"{table(model)}.{quote(model._meta.get_field(name).column)}"

    select = ", ".join(
        [col(Lesson, name) for name in ("id", "module", "is_preview", "unlock_after", "weekday")]
        + [col(Module, "course")]
        + [col(Course, name) for name in _COURSE_FIELDS]
        + [col(Enrollment, name) for name in _ENROLLMENT_FIELDS]
        + [col(LessonCompletion, name) for name in ("id", "completed_at")]
    )
    # Table and column names from the models; every value is a bound parameter.
    return (
        f"SELECT {select} FROM {table(Lesson)} "  # noqa: S608
        f"JOIN {table(Module)} ON {col(Module, 'id')} = {col(Lesson, 'module')} "
        f"JOIN {table(Course)} ON {col(Course, 'id')} = {col(Module, 'course')} "
        f"LEFT JOIN {table(Enrollment)} ON {col(Enrollment, 'course')} = {col(Course, 'id')} "
        f"AND {col(Enrollment, 'user')} = %s AND {col(Enrollment, 'status')} IN (%s, %s) "
        f"LEFT JOIN {table(LessonCompletion)} ON {col(LessonCompletion, 'enrollment')} = {col(Enrollment, 'id')} "
        f"AND {col(LessonCompletion, 'lesson')} = {col(Lesson, 'id')} "
        f"WHERE {col(Lesson, 'id')} = %s"
    )


_COURSE_FIELDS = ("slug", "title", "status", "drip_mode")
_ENROLLMENT_FIELDS = ("id", "enrolled_at", "timezone", "status", "last_activity_at")

# The statement by database vendor, built from the models once per process: building it on every
# call (thirty quoted names) was about 300,000 instructions, a tenth of a repeated completion.
_progress_read_sqls: dict[str, str] = {}


def lesson_progress_read(*, user, lesson_id: int) -> LessonProgressRead | None:
    """The lesson (None if there is none), the user's open enrolment in its course and the user's
    completion of it: one query of plain rows, for completing a lesson (a repeat is this read and
    nothing else). Was three ORM queries, whose compiling was most of a repeated completion."""
    # The connection object read once: `django.db.connection` looks it up again on every attribute read.
    db = connections[DEFAULT_DB_ALIAS]
    low, high = db.ops.integer_field_range("BigAutoField")
    if not (low <= lesson_id <= high):
        return None
    open_statuses = [Enrollment.Status.ACTIVE.value, Enrollment.Status.COMPLETED.value]
    sql = _progress_read_sqls.get(db.vendor)
    if sql is None:
        sql = _progress_read_sqls[db.vendor] = _progress_read_sql(db)
    with db.cursor() as cursor:
        cursor.execute(sql, [user.pk, *open_statuses, lesson_id])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, module_id, is_preview, unlock_after, weekday, course_id, *rest = row
    course = Course(id=course_id, **dict(zip(_COURSE_FIELDS, rest[:4], strict=True)))
    lesson = Lesson(id=pk, module_id=module_id, is_preview=bool(is_preview), unlock_after=unlock_after, weekday=weekday)
    lesson.module = Module(id=module_id, course=course)
    enrollment_row, (completion_id, completed_at) = rest[4:9], rest[9:]
    enrollment = None
    if enrollment_row[0] is not None:
        fields = dict(zip(_ENROLLMENT_FIELDS, enrollment_row, strict=True))
        fields["enrolled_at"] = db_datetime(fields["enrolled_at"])
        if fields["last_activity_at"] is not None:
            fields["last_activity_at"] = db_datetime(fields["last_activity_at"])
        enrollment = Enrollment(user_id=user.pk, course_id=course_id, **fields)
    completion = None
    if completion_id is not None:
        completion = LessonCompletion(
            id=completion_id, enrollment_id=enrollment_row[0], lesson_id=pk, completed_at=db_datetime(completed_at)
        )
    return LessonProgressRead(lesson=lesson, enrollment=enrollment, completion=completion)
