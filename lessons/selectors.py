import random
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from courseplatform.errors import ApplicationError
from enrollments.access import LessonAccess, lesson_access_check, user_teaches
from enrollments.models import QuizAttempt

from .models import Choice, Lesson, Question, Quiz


def lesson_queryset() -> QuerySet[Lesson]:
    """Lessons with what access checks and the content view need, in one query."""
    return Lesson.objects.select_related("module__course", "quiz")


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


@dataclass(frozen=True)
class QuizDetail:
    """What the quiz page shows one user: the quiz, its questions (maybe shuffled), their attempts."""

    quiz: Quiz
    questions: list[Question]
    attempts_used: int
    attempts_left: int | None
    best_score_percent: int | None
    passed: bool
    open_attempt: QuizAttempt | None


def quiz_question_order(*, questions: list[Question], quiz: Quiz, user) -> list[Question]:
    """Questions in authored order, or shuffled when the quiz asks for it.

    The shuffle is seeded by (quiz, user): each learner gets their own order, and the same one on
    every reload, so refreshing the page in the middle of an attempt does not reorder the questions.
    """
    if not quiz.shuffle_questions:
        return questions
    shuffled = list(questions)
    random.Random(f"quiz:{quiz.pk}:user:{user.pk}").shuffle(shuffled)
    return shuffled


def quiz_detail_for_user(*, quiz: Quiz, user) -> QuizDetail:
    """The quiz as `user` sees it, with their own attempts summarised. A constant number of queries."""
    attempts = list(
        QuizAttempt.objects.filter(quiz=quiz, enrollment__user=user)
        .only("id", "number", "started_at", "deadline_at", "submitted_at", "score_percent", "passed")
        .order_by("number")
    )
    submitted = [a for a in attempts if a.submitted_at is not None]
    used = len(attempts)
    return QuizDetail(
        quiz=quiz,
        questions=quiz_question_order(questions=quiz_questions_get(quiz=quiz), quiz=quiz, user=user),
        attempts_used=used,
        attempts_left=None if quiz.max_attempts is None else max(quiz.max_attempts - used, 0),
        best_score_percent=max((a.score_percent or 0 for a in submitted), default=None),
        passed=any(a.passed for a in submitted),
        open_attempt=next((a for a in attempts if a.submitted_at is None), None),
    )


def quiz_attempt_list_for_user(*, user, quiz: Quiz) -> QuerySet[QuizAttempt]:
    """The user's own submitted attempts at a quiz (never anyone else's), newest first."""
    return QuizAttempt.objects.filter(quiz=quiz, enrollment__user=user, submitted_at__isnull=False).order_by(
        "-number", "-id"
    )


def quiz_answers_revealed(*, passed: bool, submitted: int, open_attempt: bool, max_attempts: int | None) -> bool:
    """Whether a learner may see the correct choices of their graded attempts at a quiz.

    Yes once any attempt passed, or once every allowed attempt is submitted (none left, none open).
    """
    if passed:
        return True
    return max_attempts is not None and submitted >= max_attempts and not open_attempt


def quiz_answers_revealed_get(*, enrollment_id: int, quiz_id: int) -> bool:
    """`quiz_answers_revealed` for one enrolment's attempts at a quiz, read in one query."""
    summary = QuizAttempt.objects.filter(enrollment_id=enrollment_id, quiz_id=quiz_id).aggregate(
        passed=Count("pk", filter=Q(passed=True)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        open=Count("pk", filter=Q(submitted_at__isnull=True)),
        max_attempts=Max("quiz__max_attempts"),
    )
    return quiz_answers_revealed(
        passed=summary["passed"] > 0,
        submitted=summary["submitted"],
        open_attempt=summary["open"] > 0,
        max_attempts=summary["max_attempts"],
    )
