"""Quiz serializers. Output fields are allow-lists.

The quiz shown to a learner (QuizSerializer) never carries which choice is correct: choices show
`id` and `text` only. Correct answers appear in one place, QuestionResultSerializer, which only
ever serializes the stored result of an attempt that has been graded, and even then only once they
are earned (lessons.selectors.quiz_answers_revealed): until then `correct_choices`,
`explanation` and the per-choice `feedback` are null, because they state the answers.
"""

import markdown
import nh3
from django.db.models.manager import BaseManager
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from courseplatform.httpcache import cache_key, cached_content_value
from courses.models import Course
from enrollments.models import QuizAttempt

from .models import Choice, Lesson, Question
from .selectors import quiz_answers_revealed_get
from .services import quiz_submit_grace

ID_MAX = 2**63 - 1
# Caps that keep one request cheap to validate and grade; the schema states them (maxItems).
MAX_ANSWERS = 200
MAX_CHOICES_PER_ANSWER = 50


class PointsField(serializers.FloatField):
    """Points: a whole number when whole (1, not 1.0), else with at most 2 decimals."""

    def to_representation(self, value):
        number = round(float(value), 2)
        return int(number) if number.is_integer() else number


class ChoicePublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "text"]
        read_only_fields = fields


class QuestionPublicSerializer(serializers.ModelSerializer):
    choices = ChoicePublicSerializer(
        source="shown_choices",
        many=True,
        read_only=True,
        help_text="In this attempt's order (shuffled when the quiz shuffles choices; true/false: True, False).",
    )

    class Meta:
        model = Question
        fields = ["id", "text", "kind", "points", "choices"]
        read_only_fields = fields


class OpenAttemptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    deadline_at = serializers.DateTimeField(allow_null=True)


class QuizSerializer(serializers.Serializer):
    """A quiz as one learner sees it (read from lessons.selectors.QuizDetail)."""

    id = serializers.IntegerField(source="quiz.id")
    title = serializers.CharField(source="quiz.title")
    lesson = serializers.IntegerField(source="quiz.lesson_id")
    pass_mark = serializers.IntegerField(source="quiz.pass_mark", help_text="Percent needed to pass (0-100).")
    max_score = serializers.IntegerField(help_text="The points of all the questions together.")
    questions_to_pass = serializers.IntegerField(
        help_text="How many questions must be right to reach the pass mark (the highest-scoring first when "
        "points differ), e.g. 4 of 5 for 70%."
    )
    partial_credit = serializers.BooleanField(
        source="quiz.partial_credit",
        help_text="Multiple-choice questions score right choices minus wrong ones (never below 0) "
        "instead of all or nothing.",
    )
    max_attempts = serializers.IntegerField(source="quiz.max_attempts", allow_null=True, help_text="Null: unlimited.")
    time_limit_seconds = serializers.IntegerField(
        source="quiz.time_limit_seconds",
        allow_null=True,
        help_text='Null: no time limit. Otherwise start an attempt with {"start": true} before answering.',
    )
    shuffle_questions = serializers.BooleanField(
        source="quiz.shuffle_questions",
        help_text="The questions come in an order of their own for each attempt (the same on every reload).",
    )
    shuffle_choices = serializers.BooleanField(
        source="quiz.shuffle_choices",
        help_text="The choices come in an order of their own for each attempt (the same on every reload).",
    )
    attempt_number = serializers.IntegerField(
        help_text="The attempt the order is for: my open attempt, else my next one (the last when none is left)."
    )
    attempts_used = serializers.IntegerField(help_text="My attempts so far, including an open one.")
    attempts_left = serializers.IntegerField(allow_null=True, help_text="Null: unlimited.")
    best_score_percent = serializers.IntegerField(allow_null=True)
    passed = serializers.BooleanField(help_text="True once any of my attempts passed.")
    open_attempt = OpenAttemptSerializer(allow_null=True, help_text="My started, not yet submitted attempt.")
    questions = QuestionPublicSerializer(many=True)


def _indexed_errors(error: serializers.ValidationError, data: list) -> serializers.ValidationError:
    """DRF reports bad list items as {index: errors}, which the API's error format would name
    `answers.1.question`; as a list (empty for good items) they are named `answers[1].question`."""
    detail = error.detail
    if isinstance(detail, dict) and detail and all(isinstance(key, int) for key in detail):
        # The stubs key `detail` by str; for a list DRF keys it by the item's index.
        by_item = [detail.get(index, {}) for index in range(len(data))]  # type: ignore[call-overload]
        return serializers.ValidationError(by_item)
    return error


class AnswerListField(serializers.ListField):
    def to_internal_value(self, data):
        # DRF reports a non-list as "answers.non_field_errors"; name the field itself instead.
        if not isinstance(data, list):
            raise serializers.ValidationError([f"Expected a list of answers, got {type(data).__name__}."])
        if self.max_length is not None and len(data) > self.max_length:
            raise serializers.ValidationError([f"Send at most {self.max_length} answers."])
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise _indexed_errors(error, data) from None


class IdListField(serializers.ListField):
    child = serializers.IntegerField(min_value=1, max_value=ID_MAX)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise _indexed_errors(error, data) from None


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    choices = IdListField(
        allow_empty=True,
        max_length=MAX_CHOICES_PER_ANSWER,
        help_text="Chosen choice ids: exactly one for single-choice and true/false questions. Empty: unanswered.",
    )

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(['Expected an object like {"question": 1, "choices": [2]}.'])
        return super().to_internal_value(data)


def _plain_id(value) -> bool:
    return type(value) is int and 1 <= value <= ID_MAX


def _plain_answers(data) -> list[dict] | None:
    """The answers of a body that is plainly `{"answers": [{"question": <id>, "choices": [<id>, ...]}, ...]}`
    (JSON integers in range, within the caps), as QuizAttemptSubmitSerializer validates them; None
    for anything else, which the serializer then validates (and words the errors of)."""
    if type(data) is not dict or "start" in data:
        return None
    answers = data.get("answers")
    if type(answers) is not list or len(answers) > MAX_ANSWERS:
        return None
    plain = []
    for answer in answers:
        if type(answer) is not dict:
            return None
        question, choices = answer.get("question"), answer.get("choices")
        if not _plain_id(question) or type(choices) is not list or len(choices) > MAX_CHOICES_PER_ANSWER:
            return None
        if not all(_plain_id(choice) for choice in choices):
            return None
        plain.append({"question": question, "choices": list(choices)})
    return plain


class QuizAttemptSubmitSerializer(serializers.Serializer):
    """Either `{"start": true}` (timed quizzes: open an attempt) or `{"answers": [...]}` (grade)."""

    start = serializers.BooleanField(
        required=False, help_text="Open an attempt (timed quizzes must be started before answering)."
    )
    answers = AnswerListField(
        child=AnswerInputSerializer(),
        max_length=MAX_ANSWERS,
        required=False,
        help_text="One entry per answered question; questions left out score zero.",
    )

    def run_validation(self, data=serializers.empty):
        # A well-formed submission skips building and running the nested fields (most of the
        # request's validation CPU) with the same result (tests/test_quiz_submission_paths.py).
        answers = _plain_answers(data)
        if answers is not None:
            return {"answers": answers}
        return super().run_validation(data)

    def validate(self, attrs):
        if attrs.get("start"):
            if "answers" in attrs:
                raise serializers.ValidationError({"answers": 'Send either {"start": true} or answers, not both.'})
            return attrs
        if "answers" not in attrs:
            raise serializers.ValidationError({"answers": "This field is required."})
        return attrs


def quiz_attempt_submission_parse(data) -> dict:
    """A submission body validated as QuizAttemptSubmitSerializer validates it (its errors raised
    alike), without making the serializer for a plainly well-formed one."""
    answers = _plain_answers(data)
    if answers is not None:
        return {"answers": answers}
    serializer = QuizAttemptSubmitSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ChoiceFeedbackSerializer(serializers.Serializer):
    choice = serializers.IntegerField()
    feedback = serializers.CharField()


@extend_schema_field({"type": "boolean", "enum": [True]})
class StartField(serializers.BooleanField):
    pass


class QuizAttemptStartSerializer(serializers.Serializer):
    """Schema only: the body that opens an attempt."""

    start = StartField(help_text="Open an attempt (timed quizzes must be started before answering).")


class QuizAttemptAnswersSerializer(serializers.Serializer):
    """Schema only: the body that submits answers for grading."""

    answers = AnswerInputSerializer(
        many=True, help_text="One entry per answered question; questions left out score zero."
    )


class QuestionResultSerializer(serializers.Serializer):
    """One graded question. The only serializer that shows correct answers: after grading only.

    `correct`, `points_awarded` and the learner's own `chosen` ids are always there; `explanation`,
    `feedback` and `correct_choices` are null (the keys are always present) until the answers are
    revealed.
    """

    question = serializers.IntegerField()
    chosen = serializers.ListField(child=serializers.IntegerField(), help_text="The choice ids I sent.")
    correct = serializers.BooleanField()
    points_awarded = PointsField(
        help_text="Fractional for a multiple-choice question when the quiz gives partial credit."
    )
    explanation = serializers.CharField(
        allow_null=True,
        help_text="Why the answer is what it is. Null until the answers are earned, like `correct_choices`.",
    )
    feedback = ChoiceFeedbackSerializer(
        many=True,
        allow_null=True,
        help_text="Why each choice is right or not (choices without feedback are left out). Null until the "
        "answers are earned, like `correct_choices`.",
    )
    correct_choices = serializers.ListField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text=(
            "The correct choice ids. Null until they are earned: once any of my attempts at this quiz "
            "passed, or once I have no attempts left (all of them submitted)."
        ),
    )


_DATETIME = serializers.DateTimeField()
_POINTS = PointsField()


def _datetime(value) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


def quiz_attempt_timed_out(attempt: QuizAttempt) -> bool:
    """True when the attempt was closed because its deadline (plus grace) had passed."""
    return bool(
        attempt.submitted_at
        and attempt.deadline_at
        and attempt.submitted_at > attempt.deadline_at + quiz_submit_grace()
    )


def _result_data(result: dict, revealed: bool) -> dict:
    """One stored result as QuestionResultSerializer shows it."""
    # Attempts graded before per-choice feedback existed have no "feedback" key.
    feedback = result.get("feedback", [])
    correct_choices = result.get("correct_choices")
    explanation = result.get("explanation")
    return {
        "question": int(result["question"]),
        "chosen": [int(choice) for choice in result["chosen"]],
        "correct": bool(result["correct"]),
        "points_awarded": _POINTS.to_representation(result["points_awarded"]),
        "explanation": str(explanation) if revealed and explanation is not None else None,
        "feedback": (
            [{"choice": int(item["choice"]), "feedback": str(item["feedback"])} for item in feedback]
            if revealed and feedback is not None
            else None
        ),
        "correct_choices": (
            [int(choice) for choice in correct_choices] if revealed and correct_choices is not None else None
        ),
    }


def quiz_attempt_results_data(attempt: QuizAttempt) -> list[dict]:
    """An attempt's results as QuizAttemptSerializer shows them: the correct choices, explanations
    and feedback only when the attempt carries `answers_revealed=True`, in the order the attempt
    showed the questions."""
    if attempt.submitted_at is None:
        return []
    revealed = bool(getattr(attempt, "answers_revealed", False))
    results = [_result_data(result, revealed) for result in attempt.results]
    rank = {question: index for index, question in enumerate(attempt.order.get("questions", []))}
    results.sort(key=lambda result: rank.get(result["question"], len(rank)))
    return results


def quiz_attempt_data(attempt: QuizAttempt) -> dict:
    """QuizAttemptSerializer's output, built directly (the serializer's fields, their copies and
    the nested result serializers were a tenth of a submission's CPU)."""
    score = attempt.score
    return {
        "id": attempt.id,
        "quiz": attempt.quiz_id,
        "number": attempt.number,
        "started_at": _datetime(attempt.started_at),
        "deadline_at": _datetime(attempt.deadline_at),
        "submitted_at": _datetime(attempt.submitted_at),
        "score": None if score is None else _POINTS.to_representation(score),
        "max_score": attempt.max_score,
        "score_percent": attempt.score_percent,
        "passed": attempt.passed,
        "timed_out": quiz_attempt_timed_out(attempt),
        "results": quiz_attempt_results_data(attempt),
    }


class QuizAttemptListSerializer(serializers.ListSerializer):
    """Decides once per listing whether the answers are revealed, in one query whatever the length."""

    def to_representation(self, data):
        attempts = list(data.all() if isinstance(data, BaseManager) else data)
        owners = {(attempt.enrollment_id, attempt.quiz_id) for attempt in attempts}
        # A listing is one learner's attempts at one quiz. Anything else reveals nothing rather
        # than spending a query per learner.
        revealed = len(owners) == 1 and quiz_answers_revealed_get(
            enrollment_id=attempts[0].enrollment_id, quiz_id=attempts[0].quiz_id
        )
        for attempt in attempts:
            attempt.answers_revealed = revealed
        return super().to_representation(attempts)


class QuizAttemptSerializer(serializers.ModelSerializer):
    """An attempt. Score fields are null and `results` empty while the attempt is open.

    Each result's `correct_choices` is shown only when the attempt carries `answers_revealed=True`,
    set by lessons.services.quiz_attempt_submit or, for a list, by QuizAttemptListSerializer; an
    attempt without it shows null (fail closed).
    """

    quiz = serializers.IntegerField(source="quiz_id", read_only=True)
    score = PointsField(
        read_only=True, allow_null=True, help_text="Points scored; fractional only with partial credit."
    )
    results = serializers.SerializerMethodField()
    timed_out = serializers.SerializerMethodField()

    class Meta:
        model = QuizAttempt
        fields = [
            "id",
            "quiz",
            "number",
            "started_at",
            "deadline_at",
            "submitted_at",
            "score",
            "max_score",
            "score_percent",
            "passed",
            "timed_out",
            "results",
        ]
        read_only_fields = fields
        list_serializer_class = QuizAttemptListSerializer

    def to_representation(self, instance: QuizAttempt) -> dict:
        # The fields above are the schema; the output is built directly, to the same shape
        # (tests/test_quiz_submission_paths.py compares it with the fields' own output).
        return quiz_attempt_data(instance)

    @extend_schema_field(QuestionResultSerializer(many=True))
    def get_results(self, attempt: QuizAttempt) -> list:
        # Explanations and feedback state the answers: they are earned like the correct choices.
        return quiz_attempt_results_data(attempt)

    def get_timed_out(self, attempt: QuizAttempt) -> bool:
        """True when the attempt was closed because its deadline (plus grace) had passed."""
        return quiz_attempt_timed_out(attempt)


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to show: nh3 keeps only harmless tags and attributes."""
    return nh3.clean(markdown.markdown(text, extensions=["extra", "sane_lists"]))


class LessonContentSerializer(serializers.ModelSerializer):
    course: serializers.SlugRelatedField[Course] = serializers.SlugRelatedField(
        source="module.course", slug_field="slug", read_only=True
    )
    module = serializers.IntegerField(source="module_id", read_only=True)
    body_html = serializers.SerializerMethodField()
    video_url = serializers.SerializerMethodField()
    quiz = serializers.SerializerMethodField()
    unlocks_at = serializers.DateTimeField(read_only=True, allow_null=True)
    duration_seconds = serializers.IntegerField(
        source="duration",
        read_only=True,
        help_text="How long the lesson takes: set by the instructor (videos give their length), "
        "otherwise the reading time of its words.",
    )

    class Meta:
        model = Lesson
        fields = [
            "id",
            "course",
            "module",
            "title",
            "kind",
            "body",
            "body_html",
            "video_url",
            "duration_seconds",
            "is_preview",
            "quiz",
            "unlocks_at",
        ]

    def get_body_html(self, lesson: Lesson) -> str:
        if lesson.pk is None:
            return render_markdown(lesson.body)
        # Rendering and cleaning the Markdown took 1.6 ms for a short lesson; the shared cache keeps
        # the HTML until the content changes (courseplatform.httpcache).
        return cached_content_value(
            key=cache_key("lesson-html", str(lesson.pk)), build=lambda: render_markdown(lesson.body)
        )

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_video_url(self, lesson: Lesson) -> str | None:
        return lesson.video_url or None

    def get_quiz(self, lesson: Lesson) -> int | None:
        quiz = getattr(lesson, "quiz", None)
        return quiz.id if quiz else None
