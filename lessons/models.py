from django.core.exceptions import ValidationError
from django.db import models

from courses.models import Module


class Lesson(models.Model):
    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        ARTICLE = "article", "Article"
        DAILY_THOUGHT = "daily_thought", "Daily 2-minute thought"
        QUICKIE = "quickie", "One-minute quickie"

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    body = models.TextField(blank=True, help_text="Markdown.")
    video_url = models.URLField(blank=True)
    duration_seconds = models.PositiveIntegerField(default=120, help_text="How long the lesson takes, in seconds.")
    is_preview = models.BooleanField(default=False, help_text="Free preview: anyone may open it.")
    unlock_after = models.PositiveIntegerField(
        default=0,
        help_text="Drip courses only: days (daily drip) or weeks (weekly drip) after enrolment.",
    )
    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["module", "position"], name="lesson_position_unique_per_module"),
            models.CheckConstraint(condition=models.Q(duration_seconds__gt=0), name="lesson_duration_positive"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["video", "article", "daily_thought", "quickie"]),
                name="lesson_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind in (self.Kind.VIDEO, self.Kind.QUICKIE) and not self.video_url:
            raise ValidationError({"video_url": "A video or quickie lesson needs a video URL."})


class Quiz(models.Model):
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    title = models.CharField(max_length=200)
    pass_mark = models.PositiveSmallIntegerField(default=70, help_text="Percent needed to pass (0-100).")
    max_attempts = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for unlimited attempts."
    )
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no time limit.")
    shuffle_questions = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "quizzes"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=0, pass_mark__lte=100), name="quiz_pass_mark_0_100"
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__isnull=True) | models.Q(max_attempts__gte=1),
                name="quiz_max_attempts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit_seconds__isnull=True) | models.Q(time_limit_seconds__gt=0),
                name="quiz_time_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        TRUE_FALSE = "true_false", "True / false"

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    points = models.PositiveSmallIntegerField(default=1)
    explanation = models.TextField(blank=True, help_text="Shown to the learner after grading.")
    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "position"], name="question_position_unique_per_quiz"),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="question_points_positive"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["single", "multiple", "true_false"]), name="question_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique_per_question"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


def validate_question_choices(*, kind: str, choices: list[tuple[str, bool]]) -> None:
    """Raise ValidationError unless the (text, is_correct) choices suit the question kind."""
    correct = sum(1 for _text, is_correct in choices if is_correct)
    if len(choices) < 2:
        raise ValidationError("A question needs at least two choices.")
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE) and correct != 1:
        raise ValidationError("A single-choice or true/false question must have exactly one correct choice.")
    if kind == Question.Kind.TRUE_FALSE and len(choices) != 2:
        raise ValidationError("A true/false question has exactly two choices.")
    if kind == Question.Kind.MULTIPLE and correct < 1:
        raise ValidationError("A multiple-choice question must have at least one correct choice.")
