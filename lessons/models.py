import math
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest

from courseplatform.httpcache import ContentQuerySet
from courses.models import Module

# A word is a run of letters or digits (apostrophes and hyphens inside it included); Markdown
# markup, link targets and image addresses are not words.
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def words_count(markdown_text: str) -> int:
    """How many words a reader reads in a Markdown text."""
    return len(_WORD.findall(_LINK_TARGET.sub("]", markdown_text)))


def reading_seconds(words: int) -> int:
    """Reading time for `words` at READING_WORDS_PER_MINUTE, rounded up to 10 seconds, at least 10."""
    return max(10, math.ceil(words * 60 / settings.READING_WORDS_PER_MINUTE / 10) * 10)


def lesson_duration_expression(prefix: str = ""):
    """`Lesson.duration` as a database expression (for sums); `prefix` reaches the lesson, e.g. "lessons__".

    Integer arithmetic equal to `reading_seconds` on every backend.
    """
    step = settings.READING_WORDS_PER_MINUTE * 10
    computed = (F(f"{prefix}word_count") * 60 + Value(step - 1)) / Value(step) * 10
    return Coalesce(F(f"{prefix}duration_seconds"), Greatest(computed, Value(10)))


class Lesson(models.Model):
    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        ARTICLE = "article", "Article"
        DAILY_THOUGHT = "daily_thought", "Daily 2-minute thought"
        QUICKIE = "quickie", "One-minute quickie"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    body = models.TextField(blank=True, help_text="Markdown. For a video or quickie, its script (the transcript).")
    video_url = models.URLField(blank=True)
    # Null: computed from `word_count` at READING_WORDS_PER_MINUTE (see `duration`); a video declares its own.
    duration_seconds = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="How long the lesson takes, in seconds. Leave empty to compute it from the words; "
        "a video or quickie must give its length.",
    )
    # Kept equal to words_count(body) by clean() (the admin) and the content loader.
    word_count = models.PositiveIntegerField(default=0, editable=False)
    is_preview = models.BooleanField(default=False, help_text="Free preview: anyone may open it.")
    unlock_after = models.PositiveIntegerField(
        default=0,
        help_text="Drip courses only: days (daily drip), weekdays (weekday drip) or weeks (weekly drip) "
        "after enrolment.",
    )
    weekday = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=Weekday.choices,
        help_text="Drip courses only: the lesson opens on the first such day on or after its unlock day.",
    )
    position = models.PositiveIntegerField(default=0, db_index=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["module", "position"], name="lesson_position_unique_per_module"),
            models.CheckConstraint(
                condition=models.Q(duration_seconds__isnull=True) | models.Q(duration_seconds__gt=0),
                name="lesson_duration_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__isnull=True) | models.Q(weekday__gte=0, weekday__lte=6),
                name="lesson_weekday_0_6",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["video", "article", "daily_thought", "quickie"]),
                name="lesson_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> int:
        """Seconds the lesson takes: the instructor's value, else the reading time of its words."""
        if self.duration_seconds is not None:
            return self.duration_seconds
        return reading_seconds(self.word_count)

    def clean(self) -> None:
        # The word count is derived from the body; keeping it here means every form that edits a
        # lesson (the admin, its inlines) stores a count that matches what it saved.
        self.word_count = words_count(self.body)
        errors = {}
        if self.kind in (self.Kind.VIDEO, self.Kind.QUICKIE):
            if not self.video_url:
                errors["video_url"] = "A video or quickie lesson needs a video URL."
            if self.duration_seconds is None:
                errors["duration_seconds"] = "A video or quickie lesson needs its length in seconds."
        if errors:
            raise ValidationError(errors)


class Quiz(models.Model):
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    title = models.CharField(max_length=200)
    pass_mark = models.PositiveSmallIntegerField(default=70, help_text="Percent needed to pass (0-100).")
    max_attempts = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for unlimited attempts."
    )
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty for no time limit.")
    shuffle_questions = models.BooleanField(
        default=False, help_text="Each attempt shows the questions in an order of its own."
    )
    shuffle_choices = models.BooleanField(
        default=True,
        help_text="Each attempt shows the choices in an order of its own (true/false stays True, False).",
    )
    partial_credit = models.BooleanField(
        default=False,
        help_text="Multiple-choice questions score right choices minus wrong ones (never below 0) "
        "instead of all or nothing.",
    )

    objects = ContentQuerySet.as_manager()

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

    objects = ContentQuerySet.as_manager()

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
    feedback = models.TextField(
        blank=True,
        help_text="Why this choice is right or not; shown after grading, under the same rule as the correct answers.",
    )
    position = models.PositiveIntegerField(default=0, db_index=True)

    objects = ContentQuerySet.as_manager()

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


class QuizAnswer(models.Model):
    """One choice a learner chose for one question of a graded attempt, with whether the question
    was answered right: the attempt's results as rows, so that counting answers (the instructors'
    insights) is a grouped aggregate instead of a walk through every attempt's JSON.

    A question answered with two choices has two rows (`index` 0 and 1, in choice id order); a
    question left out has one row without a choice. Rows with `index` 0 are the answered
    questions, one per question per attempt. Written once, when the attempt is graded, and never
    changed: like the attempt's `results`, they keep what was right at grading time.
    """

    # Indexed by the unique constraint, which starts with it.
    attempt = models.ForeignKey(
        "enrollments.QuizAttempt", on_delete=models.CASCADE, related_name="answer_rows", db_index=False
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Null: the question was left out. A choice deleted later leaves its rows, without it.
    choice = models.ForeignKey(Choice, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers")
    index = models.PositiveSmallIntegerField(default=0)
    correct = models.BooleanField(help_text="The question was answered right in this attempt.")
    choice_correct = models.BooleanField(null=True, help_text="The choice was a correct one when it was graded.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question", "index"], name="quiz_answer_unique_index"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.attempt_id}, question {self.question_id}, choice {self.choice_id}"


def quiz_answer_values(results) -> list[tuple[int, int | None, int, bool, bool | None]]:
    """The answer rows of a graded attempt from its `results` (QuizAttempt.results: a list of
    {"question", "chosen", "correct", "correct_choices", ...}), as (question_id, choice_id, index,
    correct, choice_correct) tuples."""
    rows: list[tuple[int, int | None, int, bool, bool | None]] = []
    for result in results:
        question, correct = result["question"], result["correct"]
        if not result["chosen"]:
            rows.append((question, None, 0, correct, None))
        right = set(result["correct_choices"])
        rows += [
            (question, choice, index, correct, choice in right) for index, choice in enumerate(sorted(result["chosen"]))
        ]
    return rows


def quiz_answer_rows(*, attempt_id: int, results) -> list[QuizAnswer]:
    """`quiz_answer_values` as unsaved QuizAnswer instances of the attempt (for bulk_create)."""
    return [
        QuizAnswer(
            attempt_id=attempt_id,
            question_id=question,
            choice_id=choice,
            index=index,
            correct=correct,
            choice_correct=choice_correct,
        )
        for question, choice, index, correct, choice_correct in quiz_answer_values(results)
    ]
