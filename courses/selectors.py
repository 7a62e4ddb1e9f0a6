from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from lessons.models import Lesson, lesson_duration_expression

from .models import Challenge, Course, Module


def course_list_published() -> QuerySet[Course]:
    """The public catalogue: published courses with their lesson count and total duration."""
    return Course.objects.filter(status=Course.Status.PUBLISHED).annotate(
        lesson_count=Count("modules__lessons"),
        total_duration_seconds=Coalesce(Sum(lesson_duration_expression(prefix="modules__lessons__")), 0),
    )


def course_visible_to(*, user) -> QuerySet[Course]:
    """Courses this user may open: published ones and the ones they teach; superusers see all."""
    qs = Course.objects.all()
    if user is None or not user.is_authenticated:
        return qs.filter(status=Course.Status.PUBLISHED)
    if user.is_superuser:
        return qs
    # A subquery rather than a join, so a course is never repeated and no DISTINCT is needed.
    taught = Course.instructors.through.objects.filter(user_id=user.pk).values("course_id")
    return qs.filter(Q(status=Course.Status.PUBLISHED) | Q(pk__in=taught))


def course_outline_get(*, slug: str, user) -> Course:
    """One course with its ordered modules, lessons (with quiz summary) and challenges.

    Raises Course.DoesNotExist when the course is missing or not visible to the user.
    """
    lessons = Lesson.objects.select_related("quiz").annotate(quiz_question_count=Count("quiz__questions"))
    return (
        course_visible_to(user=user)
        .prefetch_related(
            Prefetch("modules", queryset=Module.objects.order_by("position", "id")),
            Prefetch("modules__lessons", queryset=lessons.order_by("position", "id")),
            Prefetch("challenges", queryset=Challenge.objects.order_by("number")),
        )
        .get(slug=slug)
    )


def challenge_list_published(*, course_slug: str | None = None) -> QuerySet[Challenge]:
    """Challenges of published courses, optionally of one course, ordered by course and number."""
    qs = Challenge.objects.filter(course__status=Course.Status.PUBLISHED).select_related("course")
    if course_slug:
        qs = qs.filter(course__slug=course_slug)
    return qs.order_by("course__title", "number")
