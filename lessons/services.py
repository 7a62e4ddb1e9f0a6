"""Taking quizzes: starting an attempt, validating and grading answers, storing the result.

Grading happens on the server only. The rules:

- single choice and true/false: correct when exactly one choice is sent and it is a correct one;
- multiple choice: correct when the chosen set equals the set of correct choices. Scoring is all
  or nothing unless the quiz gives partial credit: then the question scores its points times
  (right choices picked - wrong choices picked) / (correct choices), never below 0, so two of
  three right answers score 2/3 and two right plus one wrong score 1/3;
- a question left out (or sent with an empty `choices` list) scores zero;
- `score_percent` is floor(score * 100 / max_score), computed exactly (fractions), so 100 means
  every question right, and the attempt passes when score_percent >= the quiz's pass mark. The
  stored `score` and each `points_awarded` are rounded to 2 decimals.

Each attempt stores the order it showed (`QuizAttempt.order`, see
lessons.selectors.quiz_order_derive); grading is by ids and does not depend on it.

Timed quizzes (time_limit_seconds set) are started first (`quiz_attempt_start`), which stores an
open attempt with a deadline; the answers then fill that attempt. A submission later than the
deadline plus a grace period (for network latency) closes the attempt with score 0 and is refused
with 409 `time_over`. Attempt numbers and the attempt limit are enforced under a row lock on the
enrolment, with the (enrolment, quiz, number) unique constraint and the number <= attempt_limit
check as the last line.

Every graded attempt stores the correct choices, the explanations and each choice's feedback, but
the learner is shown them only once they are earned (`quiz_answers_revealed`): after any attempt at
the quiz passed, or when the attempts are used up (none left, none open). Before that a result says
whether each question was right, so attempt 1 of 3 does not hand out the answer key for attempt 2.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TypedDict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from courseplatform.errors import ApplicationError
from courseplatform.httpcache import cache_key, cached_content_value
from enrollments.access import lesson_access_check
from enrollments.models import Enrollment, QuizAttempt
from enrollments.services import enrollment_completion_check

from .attempt_rows import (
    AttemptsState,
    attempts_state_get,
    enrollment_touch_locked,
    quiz_answer_rows_insert,
    quiz_attempt_insert,
)
from .models import Question, Quiz, quiz_answer_values
from .selectors import quiz_answers_revealed, quiz_order_derive, quiz_queryset, quiz_questions_get

SINGLE_ANSWER_KINDS = (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE)


def quiz_submit_grace() -> timedelta:
    """How late after the deadline a submission is still accepted (network latency, slow clients)."""
    return timedelta(seconds=settings.QUIZ_SUBMIT_GRACE_SECONDS)


# --- Pure grading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GradableQuestion:
    """What grading needs to know about a question, detached from the ORM."""

    id: int
    kind: str
    points: int
    explanation: str
    choice_ids: tuple[int, ...]
    correct_choice_ids: tuple[int, ...]
    # (choice id, feedback) for the choices that have feedback, in authored order.
    choice_feedback: tuple[tuple[int, str], ...] = ()

    @classmethod
    def from_question(cls, question: Question) -> "GradableQuestion":
        choices = list(question.choices.all())
        return cls(
            id=question.id,
            kind=question.kind,
            points=question.points,
            explanation=question.explanation,
            choice_ids=tuple(c.id for c in choices),
            correct_choice_ids=tuple(c.id for c in choices if c.is_correct),
            choice_feedback=tuple((c.id, c.feedback) for c in choices if c.feedback),
        )


class ChoiceFeedback(TypedDict):
    choice: int
    feedback: str


@dataclass
class QuestionResult:
    # Not frozen: a frozen dataclass's __init__ costs four times as much, and grading makes one per question.
    question: int
    chosen: list[int]
    correct: bool
    points_awarded: float
    explanation: str
    correct_choices: list[int]
    feedback: list[ChoiceFeedback]

    def as_dict(self) -> dict:
        """`dataclasses.asdict(self)` (what QuizAttempt.results keeps), without its deep copies:
        quiz_grade makes every list anew."""
        return {
            "question": self.question,
            "chosen": self.chosen,
            "correct": self.correct,
            "points_awarded": self.points_awarded,
            "explanation": self.explanation,
            "correct_choices": self.correct_choices,
            "feedback": self.feedback,
        }


@dataclass(frozen=True)
class Grade:
    score: Fraction
    max_score: int
    score_percent: int
    results: list[QuestionResult]

    def passes(self, pass_mark: int) -> bool:
        return self.score_percent >= pass_mark


def question_is_correct(question: GradableQuestion, chosen: Collection[int]) -> bool:
    chosen_set = set(chosen)
    if not chosen_set:
        return False
    if question.kind in SINGLE_ANSWER_KINDS:
        return len(chosen_set) == 1 and chosen_set <= set(question.correct_choice_ids)
    return chosen_set == set(question.correct_choice_ids)


def _points(
    question: GradableQuestion, chosen: Collection[int], *, correct: bool, partial_credit: bool
) -> int | Fraction:
    # Whole points as ints: Fraction arithmetic (pure Python) only where partial credit needs it.
    if correct:
        return question.points
    if not partial_credit or question.kind != Question.Kind.MULTIPLE or not question.correct_choice_ids:
        return 0
    right = len(set(chosen) & set(question.correct_choice_ids))
    wrong = len(set(chosen) - set(question.correct_choice_ids))
    return Fraction(question.points * max(right - wrong, 0), len(question.correct_choice_ids))


def question_points(question: GradableQuestion, chosen: Collection[int], *, partial_credit: bool) -> Fraction:
    """Points a question scores for the chosen choice ids (see the module docstring)."""
    correct = question_is_correct(question, chosen)
    return Fraction(_points(question, chosen, correct=correct, partial_credit=partial_credit))


def quiz_grade(
    *, questions: Sequence[GradableQuestion], answers: Mapping[int, Collection[int]], partial_credit: bool = False
) -> Grade:
    """Grade answers ({question id: chosen choice ids}) against the questions. Pure: no queries."""
    results = []
    total: int | Fraction = 0
    for question in questions:
        chosen = sorted(set(answers.get(question.id, ())))
        correct = question_is_correct(question, chosen)
        points = _points(question, chosen, correct=correct, partial_credit=partial_credit)
        total += points
        results.append(
            QuestionResult(
                question=question.id,
                chosen=chosen,
                correct=correct,
                points_awarded=int(points) if points.denominator == 1 else round(float(points), 2),
                explanation=question.explanation,
                correct_choices=list(question.correct_choice_ids),
                feedback=[ChoiceFeedback(choice=choice, feedback=text) for choice, text in question.choice_feedback],
            )
        )
    max_score = sum(q.points for q in questions)
    percent = int(total * 100 // max_score) if max_score else 0
    return Grade(score=Fraction(total), max_score=max_score, score_percent=percent, results=results)


# --- Revealing the correct answers ----------------------------------------------------------


# --- Validating answers ---------------------------------------------------------------------


class AnswerInput(TypedDict):
    question: int
    choices: list[int]


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(f"{field}: {message}", field=field, code="invalid", status=400)


def quiz_answers_validate(
    *, questions: Sequence[GradableQuestion], answers: Sequence[AnswerInput]
) -> dict[int, list[int]]:
    """Check answers against the quiz; return {question id: choice ids}. Raises a 400 naming the field."""
    by_id = {q.id: q for q in questions}
    seen: dict[int, int] = {}
    chosen: dict[int, list[int]] = {}
    for index, answer in enumerate(answers):
        field = f"answers[{index}]"
        question_id, choice_ids = answer["question"], list(answer["choices"])
        question = by_id.get(question_id)
        if question is None:
            raise _invalid(f"{field}.question", f"question {question_id} is not part of this quiz.")
        if question_id in seen:
            raise _invalid(
                f"{field}.question", f"question {question_id} is already answered in answers[{seen[question_id]}]."
            )
        seen[question_id] = index
        for choice_id in choice_ids:
            if choice_id not in question.choice_ids:
                raise _invalid(f"{field}.choices", f"choice {choice_id} is not an option of question {question_id}.")
        if len(set(choice_ids)) != len(choice_ids):
            raise _invalid(f"{field}.choices", "the same choice is listed twice.")
        if question.kind in SINGLE_ANSWER_KINDS and len(choice_ids) > 1:
            raise _invalid(f"{field}.choices", f"question {question_id} takes one choice, not {len(choice_ids)}.")
        chosen[question_id] = choice_ids
    if not any(chosen.values()):
        raise _invalid("answers", "answer at least one question.")
    return chosen


# --- Attempts -------------------------------------------------------------------------------


def _gradable_questions_build(quiz: Quiz) -> list[GradableQuestion]:
    return [GradableQuestion.from_question(q) for q in quiz_questions_get(quiz=quiz)]


# What the access check (enrollments.access) reads of a quiz's lesson and course, and the quiz.
_QUIZ_FIELDS = (
    *(f.name for f in Quiz._meta.concrete_fields),
    "lesson__id",
    "lesson__module_id",
    "lesson__is_preview",
    "lesson__unlock_after",
    "lesson__weekday",
    "lesson__module__id",
    "lesson__module__course_id",
    "lesson__module__course__id",
    "lesson__module__course__slug",
    "lesson__module__course__title",
    "lesson__module__course__status",
    "lesson__module__course__drip_mode",
)


def _quiz_for_attempts_build(quiz_id: int) -> Quiz | None:
    quiz = quiz_queryset().only(*_QUIZ_FIELDS).filter(pk=quiz_id).first()
    if quiz is not None:
        quiz.gradable_questions = _gradable_questions_build(quiz)  # type: ignore[attr-defined]
    return quiz


def quiz_for_attempts_get(*, quiz_id: int) -> Quiz:
    """The quiz for starting or submitting an attempt (404 if there is none): with what the access
    check reads of its lesson and course, and carrying its answer key (`gradable_questions`).

    Plain content, the same for every learner: built once per content version (courseplatform.httpcache)
    instead of two or three queries, and kept in the process too, so that a request reads only the
    content version from the shared cache and unpickles nothing. Nothing changes the quiz after it is
    built: the submission reads it, its attempts point at it.
    """
    quiz = cached_content_value(
        key=cache_key("quiz-for-attempts", str(quiz_id)),
        build=lambda: _quiz_for_attempts_build(quiz_id),
        in_process=True,
    )
    if quiz is None:
        raise Http404("No Quiz matches the given query.")
    return quiz


def _gradable_questions(quiz: Quiz) -> list[GradableQuestion]:
    questions = getattr(quiz, "gradable_questions", None)
    if questions is None:
        # Plain data, the same for every learner: kept in the shared cache until the content changes.
        questions = cached_content_value(
            key=cache_key("quiz-gradable", str(quiz.pk)), build=lambda: _gradable_questions_build(quiz)
        )
    if not questions:
        raise ApplicationError("This quiz has no questions yet.", code="quiz_empty", status=409)
    return questions


def _enrollment_lock(*, user, quiz: Quiz, now: datetime) -> Enrollment:
    """Inside the transaction: the user's enrolment in the quiz's course once the access check lets
    them at the quiz, locked for the rest of the transaction, its last activity set to `now`.

    Every attempt of this learner in this course queues on this lock, so numbering cannot race.
    Locking, recording the activity and reading the enrolment for the access check are one UPDATE;
    a refusal rolls it back with the transaction.
    """
    lesson = quiz.lesson
    enrollment = enrollment_touch_locked(now=now, user_id=user.pk, course_id=lesson.module.course.pk)
    access = lesson_access_check(user=user, lesson=lesson, now=now, need_enrollment=True, enrollment=enrollment)
    return access.enrollment_required()


def _attempt_limit(quiz: Quiz, state: AttemptsState) -> int | None:
    """How many attempts the learner has: the quiz's limit plus any extra granted (None: unlimited),
    as lessons.selectors.quiz_attempt_limit."""
    return None if quiz.max_attempts is None else quiz.max_attempts + state.extra_attempts


def _open_attempt(state: AttemptsState) -> QuizAttempt | None:
    return None if state.open_attempt_id is None else QuizAttempt.objects.get(pk=state.open_attempt_id)


def _is_late(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at + quiz_submit_grace()


def _next_number(state: AttemptsState, limit: int | None) -> int | None:
    """The next attempt number, or None when the learner's attempt limit is used up."""
    number = state.last_number + 1
    if limit is not None and number > limit:
        return None
    return number


def _attempt_limit_error(limit: int | None) -> ApplicationError:
    return ApplicationError(
        f"You have used all {limit} attempts at this quiz.",
        code="attempt_limit",
        status=409,
        extra={"max_attempts": limit},
    )


def _attempt_grade_save(
    attempt: QuizAttempt, *, grade: Grade, answers: Mapping[int, list[int]], quiz: Quiz, now: datetime
) -> None:
    attempt.submitted_at = now
    attempt.score = round(Decimal(grade.score.numerator) / grade.score.denominator, 2)
    attempt.max_score = grade.max_score
    attempt.score_percent = grade.score_percent
    attempt.passed = grade.passes(quiz.pass_mark)
    attempt.answers = {str(question_id): sorted(choices) for question_id, choices in answers.items()}
    attempt.results = [result.as_dict() for result in grade.results]
    # The same results as rows for the instructors' insights, inserted with the attempt.
    answer_rows = quiz_answer_values(attempt.results)
    if attempt.pk is None:
        quiz_attempt_insert(attempt, answer_rows=answer_rows)
    else:
        attempt.save(
            update_fields=["submitted_at", "score", "max_score", "score_percent", "passed", "answers", "results"]
        )
        quiz_answer_rows_insert(attempt_id=attempt.pk, rows=answer_rows)


def _attempt_close_late(attempt: QuizAttempt, *, questions: Sequence[GradableQuestion], quiz: Quiz, now: datetime):
    """Close an attempt past its deadline as if nothing was answered (score 0); late answers are not kept."""
    grade = quiz_grade(questions=questions, answers={}, partial_credit=quiz.partial_credit)
    _attempt_grade_save(attempt, grade=grade, answers={}, quiz=quiz, now=now)


def _conflict(quiz: Quiz) -> ApplicationError:
    # Reached only if the row lock was bypassed: the database constraints refused the row.
    if quiz.max_attempts is not None:
        return _attempt_limit_error(quiz.max_attempts)
    return ApplicationError("Another attempt was recorded at the same moment; try again.", code="conflict", status=409)


def quiz_attempt_start(*, user, quiz: Quiz) -> tuple[QuizAttempt, bool]:
    """Open an attempt (deadline = now + the time limit). Returns (attempt, created).

    While an attempt is open and not past its deadline, starting again returns it. An open attempt
    past its deadline (and grace) is closed with score 0 first, then a new one is opened.
    """
    now = timezone.now()
    new_attempt: QuizAttempt | None = None
    try:
        with transaction.atomic():
            enrollment = _enrollment_lock(user=user, quiz=quiz, now=now)
            questions = _gradable_questions(quiz)
            state = attempts_state_get(enrollment_id=enrollment.pk, quiz_id=quiz.pk)
            limit = _attempt_limit(quiz, state)
            attempt = _open_attempt(state)
            if attempt is not None and not _is_late(attempt, now):
                return attempt, False
            if attempt is not None:
                _attempt_close_late(attempt, questions=questions, quiz=quiz, now=now)
            number = _next_number(state, limit)
            # No number: the attempts are used up, raised after the block so that closing the late attempt is kept.
            if number is not None:
                new_attempt = QuizAttempt(
                    enrollment=enrollment,
                    quiz=quiz,
                    number=number,
                    attempt_limit=limit,
                    started_at=now,
                    deadline_at=now + timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None,
                    order=quiz_order_derive(quiz=quiz, user_id=enrollment.user_id, number=number, questions=questions),
                )
                quiz_attempt_insert(new_attempt, answer_rows=[])
    except IntegrityError:
        raise _conflict(quiz) from None
    if new_attempt is None:
        raise _attempt_limit_error(limit)
    return new_attempt, True


def quiz_attempt_submit(*, user, quiz: Quiz, answers: Sequence[AnswerInput]) -> QuizAttempt:
    """Grade answers and store them as an attempt; returns the graded attempt, with
    `answers_revealed` set (see `quiz_answers_revealed`) for the serializer.

    Fills the open attempt if there is one (timed quizzes must have one), otherwise records a new
    attempt. Refused with 409 `attempt_limit` when the attempts are used up and 409 `time_over`
    (the attempt is then closed with score 0) when the deadline plus grace has passed.
    Nothing is stored when the answers are invalid.

    An untimed quiz is one transaction of three statements on PostgreSQL: the enrolment locked
    (with the access check and the activity record), the attempts read, the attempt inserted with
    its answer rows; the quiz and its answer key come from the shared cache.
    """
    now = timezone.now()
    time_over = False
    try:
        with transaction.atomic():
            enrollment = _enrollment_lock(user=user, quiz=quiz, now=now)
            questions = _gradable_questions(quiz)
            chosen = quiz_answers_validate(questions=questions, answers=answers)
            state = attempts_state_get(enrollment_id=enrollment.pk, quiz_id=quiz.pk)
            limit = _attempt_limit(quiz, state)
            attempt = _open_attempt(state)
            if attempt is None:
                number = _next_number(state, limit)
                if number is None:
                    raise _attempt_limit_error(limit)
                if quiz.time_limit_seconds:
                    raise ApplicationError(
                        'This quiz has a time limit: start it first with {"start": true}.',
                        code="not_started",
                        status=400,
                    )
                attempt = QuizAttempt(
                    enrollment=enrollment,
                    quiz=quiz,
                    number=number,
                    attempt_limit=limit,
                    started_at=now,
                    order=quiz_order_derive(quiz=quiz, user_id=enrollment.user_id, number=number, questions=questions),
                )
            if _is_late(attempt, now):
                time_over = True  # raised after the block, so closing the attempt is kept
                _attempt_close_late(attempt, questions=questions, quiz=quiz, now=now)
            else:
                grade = quiz_grade(questions=questions, answers=chosen, partial_credit=quiz.partial_credit)
                _attempt_grade_save(attempt, grade=grade, answers=chosen, quiz=quiz, now=now)
                # Numbers run 1, 2, ... and at most one attempt is open (this one, now submitted),
                # so this attempt's number is how many attempts are submitted.
                attempt.answers_revealed = quiz_answers_revealed(  # type: ignore[attr-defined]
                    passed=bool(attempt.passed or state.passed),
                    submitted=attempt.number,
                    open_attempt=False,
                    max_attempts=limit,
                )
    except IntegrityError:
        raise _conflict(quiz) from None
    if time_over:
        deadline = attempt.deadline_at
        if deadline is None:
            raise RuntimeError(f"Quiz attempt {attempt.pk} was closed as late but has no deadline.")
        raise ApplicationError(
            f"Time is up: the deadline was {deadline.isoformat()}. The attempt was closed with score 0.",
            code="time_over",
            status=409,
            extra={"attempt": attempt.id, "deadline_at": deadline.isoformat()},
        )
    # Progress moves only when the quiz is passed for the first time: nothing else can complete it.
    if attempt.passed and not state.passed:
        enrollment_completion_check(enrollment=enrollment)
    return attempt
