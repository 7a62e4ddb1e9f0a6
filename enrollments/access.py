"""Who may open a lesson, and when a drip lesson unlocks. Pure rules plus one query helper."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rest_framework import exceptions

from courseplatform.errors import ApplicationError
from courses.models import Course
from lessons.models import Lesson

from .models import Enrollment


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


def lesson_unlocks_at(*, lesson: Lesson, course: Course, enrollment: Enrollment) -> datetime | None:
    """When a drip lesson opens: the start of its unlock day (`drip_unlock_day`), counted in the zone
    the learner had when enrolling (kept on the enrolment). None: not dripped."""
    if course.drip_mode == Course.DripMode.NONE:
        return None
    zone = zone_named(enrollment.timezone)
    day = drip_unlock_day(
        drip_mode=course.drip_mode,
        enrolled_on=enrollment.enrolled_at.astimezone(zone).date(),
        unlock_after=lesson.unlock_after,
        weekday=lesson.weekday,
    )
    return None if day is None else local_midnight(day, zone)


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


def lesson_access_check(*, user, lesson: Lesson, now: datetime, need_enrollment: bool = False) -> LessonAccess:
    """Raise unless the user may open the lesson now; return the enrolment (if any).

    Anonymous users may open free previews; everyone else needs an active enrolment and, on a
    drip course, the lesson's unlock time to have passed. Instructors of the course and
    superusers may read everything. `need_enrollment` (completing, quizzes) always asks for one.
    """
    course = lesson.module.course
    if course.status != Course.Status.PUBLISHED and not user_teaches(user=user, course=course):
        raise exceptions.NotFound()
    if not user.is_authenticated:
        if lesson.is_preview and not need_enrollment:
            return LessonAccess(enrollment=None, unlocks_at=None)
        raise exceptions.NotAuthenticated()
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
