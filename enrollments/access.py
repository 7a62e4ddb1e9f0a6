"""Who may open a lesson, and when a drip lesson unlocks. Pure rules plus one query helper."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
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


def lesson_unlocks_at(*, lesson: Lesson, course: Course, enrollment: Enrollment) -> datetime | None:
    """When a drip lesson opens: midnight of enrolment day + its offset, in the zone the learner
    had when enrolling (kept on the enrolment). None: not dripped."""
    if course.drip_mode == Course.DripMode.NONE or lesson.unlock_after == 0:
        return None
    zone = zone_named(enrollment.timezone)
    days = lesson.unlock_after * (7 if course.drip_mode == Course.DripMode.WEEKLY else 1)
    start_day = enrollment.enrolled_at.astimezone(zone).date()
    return datetime.combine(start_day + timedelta(days=days), time.min, tzinfo=zone)


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
