from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Prefetch, QuerySet

from lessons.models import Question, Quiz

from .models import (
    Certificate,
    ChallengeResponse,
    EmailLog,
    Enrollment,
    LessonCompletion,
    QuizAttempt,
    QuizExtraAttempts,
)
from .plans import CoursePlan, course_content_prefetches, course_plans_get
from .progress import Progress, progress_compute

__all__ = ["course_content_prefetches"]  # imported from here by the email code


def _with_progress_data(qs: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Load what the learner has done in a fixed number of queries; the course's plan comes from
    the shared cache (enrollments.plans), not from loading its content again."""
    return qs.select_related("course", "certificate").prefetch_related(
        Prefetch("lesson_completions", queryset=LessonCompletion.objects.only("id", "lesson_id", "enrollment_id")),
        Prefetch(
            "quiz_attempts",
            queryset=QuizAttempt.objects.filter(passed=True).only("id", "quiz_id", "enrollment_id"),
            to_attr="passed_attempts",
        ),
        Prefetch(
            "challenge_responses",
            queryset=ChallengeResponse.objects.only("id", "challenge_id", "enrollment_id"),
        ),
    )


def enrollment_plans_attach(enrollments: Sequence[Enrollment]) -> Sequence[Enrollment]:
    """Attach the course plans of a page of enrolments in one cache round trip (else one per enrolment)."""
    plans = course_plans_get(e.course_id for e in enrollments)
    for enrollment in enrollments:
        enrollment.course_plan = plans[enrollment.course_id]  # type: ignore[attr-defined]
    return enrollments


def enrollment_list_for_user(*, user) -> QuerySet[Enrollment]:
    """The user's own enrolments (never anyone else's), newest first, ready for progress."""
    return _with_progress_data(Enrollment.objects.filter(user=user)).order_by("-enrolled_at", "-id")


def enrollment_get_for_user(*, user, enrollment_id: int) -> Enrollment:
    """One of the user's enrolments; Enrollment.DoesNotExist for anyone else's."""
    return enrollment_list_for_user(user=user).get(pk=enrollment_id)


def enrollment_progress(*, enrollment: Enrollment) -> Progress:
    """Progress of an enrolment loaded by the selectors above (no queries; the plan is cached)."""
    plan: CoursePlan | None = getattr(enrollment, "course_plan", None)
    if plan is None:
        plan = course_plans_get([enrollment.course_id])[enrollment.course_id]
    # The to_attr prefetch of _with_progress_data: an attribute the model does not declare.
    passed_attempts: list[QuizAttempt] = cast(Any, enrollment).passed_attempts
    return progress_compute(
        plan=plan,
        completed_lesson_ids={c.lesson_id for c in enrollment.lesson_completions.all()},
        passed_quiz_ids={a.quiz_id for a in passed_attempts},
        answered_challenge_ids={r.challenge_id for r in enrollment.challenge_responses.all()},
    )


def enrollment_progress_fresh(*, enrollment_id: int) -> tuple[Enrollment, Progress]:
    """Reload an enrolment with its progress data (for services deciding on completion)."""
    enrollment = _with_progress_data(Enrollment.objects.filter(pk=enrollment_id)).get()
    return enrollment, enrollment_progress(enrollment=enrollment)


def certificate_get_by_code(*, code: str) -> Certificate:
    return Certificate.objects.select_related("course").get(code=code)


def challenge_response_list_for_user(*, user, challenge_id: int) -> QuerySet[ChallengeResponse]:
    """The user's own responses to one challenge, newest first."""
    return ChallengeResponse.objects.filter(enrollment__user=user, challenge_id=challenge_id).select_related(
        "enrollment", "challenge"
    )


# --- Learner support (instructors, from the admin) ---------------------------------------------


@dataclass
class AttemptView:
    attempt: QuizAttempt
    answers: list[tuple[str, list[str], bool | None]]  # (question, chosen choices, answered correctly)


@dataclass
class LearnerSupport:
    learner: Any
    enrollments: list[tuple[Enrollment, Progress]]
    attempts: list[AttemptView]
    responses: list[ChallengeResponse]
    emails: list[EmailLog]
    extra_attempts: list[QuizExtraAttempts]
    limited_quizzes: list[Quiz] = field(default_factory=list)  # quizzes an extra attempt can be granted at


def enrollments_taught_by(*, user) -> QuerySet[Enrollment]:
    """Enrolments in the courses `user` teaches (every enrolment for a superuser)."""
    enrollments = Enrollment.objects.all()
    return enrollments if user.is_superuser else enrollments.filter(course__instructors=user)


def learner_support_get(*, instructor, learner) -> LearnerSupport:
    """What an instructor sees of one learner: only enrolments in courses they teach, with progress,
    graded attempts and their answers, challenge responses, and the emails the platform sent."""
    enrollments = list(
        _with_progress_data(enrollments_taught_by(user=instructor).filter(user=learner)).order_by("-enrolled_at")
    )
    ids = [enrollment.pk for enrollment in enrollments]
    attempts = list(
        QuizAttempt.objects.filter(enrollment_id__in=ids)
        .select_related("quiz__lesson__module__course")
        .order_by("-started_at", "-id")
    )
    questions = Question.objects.filter(quiz_id__in={a.quiz_id for a in attempts}).prefetch_related("choices")
    question_by_id = {question.pk: question for question in questions}
    course_ids = [enrollment.course_id for enrollment in enrollments]
    return LearnerSupport(
        learner=learner,
        enrollments=[(enrollment, enrollment_progress(enrollment=enrollment)) for enrollment in enrollments],
        attempts=[AttemptView(attempt, _answers_read(attempt, question_by_id)) for attempt in attempts],
        responses=list(ChallengeResponse.objects.filter(enrollment_id__in=ids).select_related("challenge__course")),
        emails=list(EmailLog.objects.filter(user=learner).order_by("-created_at", "-id")[:100]) if ids else [],
        extra_attempts=list(QuizExtraAttempts.objects.filter(enrollment_id__in=ids).select_related("quiz")),
        limited_quizzes=list(
            Quiz.objects.filter(lesson__module__course_id__in=course_ids, max_attempts__isnull=False)
            .select_related("lesson__module__course")
            .order_by("lesson__module__course__title", "lesson__module__position", "lesson__position")
        ),
    )


def _answers_read(attempt: QuizAttempt, question_by_id: dict) -> list[tuple[str, list[str], bool | None]]:
    """An attempt's answers as (question text, chosen choice texts, correct) in the quiz's order."""
    correct = {result.get("question"): result.get("correct") for result in attempt.results if isinstance(result, dict)}
    rows = []
    for question_id, chosen in attempt.answers.items():
        question = question_by_id.get(int(question_id))
        if question is None:
            continue  # deleted since the attempt
        texts = {choice.pk: choice.text for choice in question.choices.all()}
        rows.append(
            (question.text, [texts.get(choice, "(deleted choice)") for choice in chosen], correct.get(int(question_id)))
        )
    return rows
