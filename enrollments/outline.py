"""Per-lesson state for a course outline: locked, unlocks_at, completed. Two queries at most."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from courses.models import Course
from lessons.models import Lesson

from .access import lesson_unlocks_at, user_teaches
from .models import Enrollment, LessonCompletion


@dataclass(frozen=True)
class LessonState:
    locked: bool
    unlocks_at: datetime | None
    completed: bool


def outline_lesson_states(
    *, course: Course, user, now: datetime, lessons: Sequence[Lesson] | None = None
) -> dict[int, LessonState]:
    """Map lesson id to its state for this user: for `lessons`, else those prefetched on the course."""
    if lessons is None:
        lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
    enrollment = None
    if user.is_authenticated:
        enrollment = Enrollment.objects.filter(
            user=user, course=course, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED]
        ).first()
    if enrollment is None:
        opened = user.is_authenticated and user_teaches(user=user, course=course)
        return {lesson.id: LessonState(not (opened or lesson.is_preview), None, False) for lesson in lessons}

    done = set(LessonCompletion.objects.filter(enrollment=enrollment).values_list("lesson_id", flat=True))
    states = {}
    for lesson in lessons:
        unlocks_at = None
        if not lesson.is_preview:  # previews are open to everyone, so never locked
            unlocks_at = lesson_unlocks_at(lesson=lesson, course=course, enrollment=enrollment)
        locked = unlocks_at is not None and now < unlocks_at
        states[lesson.id] = LessonState(locked, unlocks_at, lesson.id in done)
    return states
