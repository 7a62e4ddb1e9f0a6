from django.db import transaction
from django.utils import timezone

from courseplatform.errors import ApplicationError
from lessons.models import Lesson

from .models import Course


@transaction.atomic
def course_publish(*, course: Course) -> Course:
    """Publish a course; it must have at least one lesson."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not Lesson.objects.filter(module__course=course).exists():
        raise ApplicationError(
            f"“{course.title}” cannot be published before it has at least one lesson.", field="status"
        )
    if course.status != Course.Status.PUBLISHED:
        course.status = Course.Status.PUBLISHED
        course.published_at = course.published_at or timezone.now()
        course.save(update_fields=["status", "published_at", "updated_at"])
    return course


def course_unpublish(*, course: Course) -> Course:
    """Back to draft: hidden from the catalogue, enrolments kept."""
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DRAFT, updated_at=timezone.now())
    course.refresh_from_db()
    return course


def course_archive(*, course: Course) -> Course:
    """Archived: hidden from the catalogue and closed to new enrolments."""
    Course.objects.filter(pk=course.pk).update(status=Course.Status.ARCHIVED, updated_at=timezone.now())
    course.refresh_from_db()
    return course
