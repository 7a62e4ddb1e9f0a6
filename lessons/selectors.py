from django.db.models import QuerySet

from .models import Lesson


def lesson_queryset() -> QuerySet[Lesson]:
    """Lessons with what access checks and the content view need, in one query."""
    return Lesson.objects.select_related("module__course", "quiz")
