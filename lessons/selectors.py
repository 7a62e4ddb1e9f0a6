import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from courseplatform.errors import ApplicationError
from enrollments.access import LessonAccess, lesson_access_check, user_teaches
from enrollments.models import QuizAttempt, QuizExtraAttempts

from .models import Choice, Lesson, Question, Quiz


def lesson_queryset() -> QuerySet[Lesson]:
    """Lessons with what access checks and the content view need, in one query."""
    return Lesson.objects.select_related("module__course", "quiz")


def lesson_for_progress_queryset() -> QuerySet[Lesson]:
    """Lessons with only what the access check reads (enrollments.access), for completing one: not
    the body, the quiz or the course's description, which a completion does not show."""
    return Lesson.objects.select_related("module__course").only(
        "id",
        "module_id",
        "is_preview",
        "unlock_after",
        "weekday",
        "module__id",
        "module__course_id",
        "module__course__id",
        "module__course__slug",
        "module__course__title",
        "module__course__status",
        "module__course__drip_mode",
    )


# --- Quizzes -------------------------------------------------------------------------------


def quiz_queryset() -> QuerySet[Quiz]:
    """Quizzes with the lesson and course the access check needs, in one query."""
    return Quiz.objects.select_related("lesson__module__course")


def quiz_questions_get(*, quiz: Quiz) -> list[Question]:
    """The quiz's questions in authored order with their choices: two queries, whatever the size."""
    return list(
        Question.objects.filter(quiz=quiz)
        .order_by("position", "id")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "id")))
    )


def quiz_access_check(*, user, quiz: Quiz, now: datetime) -> LessonAccess:
    """Raise unless the user may read the quiz: an enrolled learner with the lesson unlocked, or
    an instructor of the course / a superuser (who need no enrolment). Returns the LessonAccess."""
    try:
        return lesson_access_check(user=user, lesson=quiz.lesson, now=now, need_enrollment=True)
    except ApplicationError as error:
        if error.code == "not_enrolled" and user_teaches(user=user, course=quiz.lesson.module.course):
            return LessonAccess(enrollment=None, unlocks_at=None)
        raise


class _Orderable(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def choice_ids(self) -> tuple[int, ...]: ...


def quiz_order_derive(*, quiz: Quiz, user_id: int, number: int, questions: Sequence[_Orderable]) -> dict:
    """The order attempt `number` of this learner shows: {"questions": [ids], "choices": {"<id>": [ids]}}.

    Derived, not random: seeded by (quiz, learner, attempt number), so the quiz page shows the order
    of the attempt to come before that attempt exists (an untimed quiz is answered in one request),
    the same order on every reload, and a new one for the next attempt. Choices are shuffled per
    question with a seed of their own, so adding a question does not reorder the others' choices.
    True/false questions always show True, False.
    """
    seed = f"quiz:{quiz.pk}:user:{user_id}:attempt:{number}"
    question_ids = [question.id for question in questions]
    if quiz.shuffle_questions:
        random.Random(seed).shuffle(question_ids)
    choices = {}
    for question in questions:
        choice_ids = list(question.choice_ids)
        if quiz.shuffle_choices and question.kind != Question.Kind.TRUE_FALSE:
            random.Random(f"{seed}:question:{question.id}").shuffle(choice_ids)
        choices[str(question.id)] = choice_ids
    return {"questions": question_ids, "choices": choices}


def _in_order(items: list, ids: list[int]) -> list:
    """`items` (with .id) in the order of `ids`; items missing from `ids` (added since) follow in their own order."""
    rank = {item_id: index for index, item_id in enumerate(ids)}
    return sorted(items, key=lambda item: rank.get(item.id, len(rank)))


@dataclass(frozen=True)
class _QuestionShape:
    id: int
    kind: str
    choice_ids: tuple[int, ...]


def quiz_questions_in_order(*, questions: list[Question], order: dict) -> list[Question]:
    """The questions in a stored or derived `order`, each with `shown_choices` in that order."""
    ordered = _in_order(questions, order.get("questions", []))
    for question in ordered:
        choice_order = order.get("choices", {}).get(str(question.id), [])
        question.shown_choices = _in_order(list(question.choices.all()), choice_order)
    return ordered


def quiz_order_for(*, quiz: Quiz, user_id: int, number: int, questions: list[Question]) -> dict:
    """`quiz_order_derive` for questions loaded by `quiz_questions_get`."""
    shapes = [_QuestionShape(q.id, q.kind, tuple(c.id for c in q.choices.all())) for q in questions]
    return quiz_order_derive(quiz=quiz, user_id=user_id, number=number, questions=shapes)


def quiz_questions_to_pass(*, points: Sequence[int], pass_mark: int) -> int:
    """How many questions must be right to reach the pass mark, counting the highest-scoring first.

    With equal points this is exact: the smallest k with k * 100 >= pass_mark * n.
    """
    total = sum(points)
    needed = 0
    scored = 0
    for value in sorted(points, reverse=True):
        if scored * 100 >= pass_mark * total:
            break
        scored += value
        needed += 1
    return needed


@dataclass(frozen=True)
class QuizDetail:
    """What the quiz page shows one user: the quiz, its questions in this attempt's order, their attempts."""

    quiz: Quiz
    questions: list[Question]
    attempt_number: int
    max_score: int
    questions_to_pass: int
    attempts_used: int
    attempts_left: int | None
    best_score_percent: int | None
    passed: bool
    open_attempt: QuizAttempt | None


def quiz_attempt_limit(*, quiz: Quiz, enrollment_id: int | None = None, user=None) -> int | None:
    """How many attempts a learner has at the quiz: its limit plus any extra an instructor granted
    them (None: unlimited). Give the learner's enrolment id, or the learner."""
    if quiz.max_attempts is None:
        return None
    grants = QuizExtraAttempts.objects.filter(quiz=quiz)
    grants = (
        grants.filter(enrollment_id=enrollment_id)
        if enrollment_id is not None
        else grants.filter(enrollment__user=user)
    )
    return quiz.max_attempts + (grants.values_list("extra", flat=True).first() or 0)


def quiz_detail_for_user(*, quiz: Quiz, user) -> QuizDetail:
    """The quiz as `user` sees it, with their own attempts summarised. A constant number of queries.

    Questions and choices come in the order of the attempt they belong to: the open attempt's
    stored order, else the order derived for the next attempt (the last one when none is left).
    """
    attempts = list(
        QuizAttempt.objects.filter(quiz=quiz, enrollment__user=user)
        .only("id", "number", "started_at", "deadline_at", "submitted_at", "score_percent", "passed", "order")
        .order_by("number")
    )
    submitted = [a for a in attempts if a.submitted_at is not None]
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    used = len(attempts)
    limit = quiz_attempt_limit(quiz=quiz, user=user)
    questions = quiz_questions_get(quiz=quiz)
    if open_attempt is not None:
        number = open_attempt.number
    elif limit is None or used < limit:
        number = used + 1
    else:
        number = used
    if open_attempt is not None and open_attempt.order:
        order = open_attempt.order
    else:
        order = quiz_order_for(quiz=quiz, user_id=user.pk, number=number, questions=questions)
    points = [question.points for question in questions]
    return QuizDetail(
        quiz=quiz,
        questions=quiz_questions_in_order(questions=questions, order=order),
        attempt_number=number,
        max_score=sum(points),
        questions_to_pass=quiz_questions_to_pass(points=points, pass_mark=quiz.pass_mark),
        attempts_used=used,
        attempts_left=None if limit is None else max(limit - used, 0),
        best_score_percent=max((a.score_percent or 0 for a in submitted), default=None),
        passed=any(a.passed for a in submitted),
        open_attempt=open_attempt,
    )


def quiz_attempt_list_for_user(*, user, quiz: Quiz) -> QuerySet[QuizAttempt]:
    """The user's own submitted attempts at a quiz (never anyone else's), newest first."""
    return QuizAttempt.objects.filter(quiz=quiz, enrollment__user=user, submitted_at__isnull=False).order_by(
        "-number", "-id"
    )


def quiz_attempt_get_for_user(*, user, quiz: Quiz) -> QuerySet[QuizAttempt]:
    """The user's own attempts at a quiz, open or submitted (never anyone else's)."""
    return QuizAttempt.objects.filter(quiz=quiz, enrollment__user=user)


def quiz_answers_revealed(*, passed: bool, submitted: int, open_attempt: bool, max_attempts: int | None) -> bool:
    """Whether a learner may see the correct choices of their graded attempts at a quiz.

    Yes once any attempt passed, or once every allowed attempt is submitted (none left, none open).
    """
    if passed:
        return True
    return max_attempts is not None and submitted >= max_attempts and not open_attempt


def quiz_answers_revealed_get(*, enrollment_id: int, quiz_id: int) -> bool:
    """`quiz_answers_revealed` for one enrolment's attempts at a quiz, read in one query."""
    extra = Q(enrollment__quiz_extra_attempts__quiz_id=quiz_id)
    # The join to the extra attempts repeats attempt rows, hence the distinct counts.
    summary = QuizAttempt.objects.filter(enrollment_id=enrollment_id, quiz_id=quiz_id).aggregate(
        passed=Count("pk", filter=Q(passed=True), distinct=True),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False), distinct=True),
        open=Count("pk", filter=Q(submitted_at__isnull=True), distinct=True),
        max_attempts=Max("quiz__max_attempts"),
        extra=Max("enrollment__quiz_extra_attempts__extra", filter=extra),
    )
    limit = summary["max_attempts"]
    return quiz_answers_revealed(
        passed=summary["passed"] > 0,
        submitted=summary["submitted"],
        open_attempt=summary["open"] > 0,
        max_attempts=None if limit is None else limit + (summary["extra"] or 0),
    )
