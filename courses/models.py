from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from courseplatform.httpcache import ContentQuerySet


class Course(models.Model):
    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    class DripMode(models.TextChoices):
        NONE = "none", "Everything at once"
        DAILY = "daily", "One step a day"
        WEEKDAYS = "weekdays", "One step each weekday"
        WEEKLY = "weekly", "One step a week"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.BEGINNER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    drip_mode = models.CharField(
        max_length=10,
        choices=DripMode.choices,
        default=DripMode.NONE,
        help_text="Each lesson unlocks its 'unlock after' days, weekdays (Monday to Friday) or weeks after "
        "enrolment, at midnight in the learner's time zone.",
    )
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_courses", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "archived"]),
                name="course_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(drip_mode__in=["none", "daily", "weekdays", "weekly"]),
                name="course_drip_mode_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self) -> None:
        from lessons.models import Lesson

        if self.status == self.Status.PUBLISHED and not (
            self.pk and Lesson.objects.filter(module__course=self).exists()
        ):
            raise ValidationError({"status": "A course cannot be published before it has at least one lesson."})


class Module(models.Model):
    """An ordered part of a course, such as a weekly theme."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, db_index=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "position"],
                name="module_position_unique_per_course",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Challenge(models.Model):
    """A numbered practical assignment answered with a reflection and a dated commitment."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="challenges")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="The challenge itself (Markdown).")
    reflection_question = models.TextField(help_text="Answered before committing: looks ahead.")
    report_question = models.TextField(
        blank=True, help_text="Answered when reporting whether the commitment was kept: looks back."
    )
    suggested_days = models.PositiveIntegerField(default=7)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="challenge_number_unique_per_course"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="challenge_number_positive"),
            models.CheckConstraint(condition=models.Q(suggested_days__gte=1), name="challenge_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
