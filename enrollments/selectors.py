from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import QuerySet

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
    """The enrolment with its course and certificate; what the learner has done comes from
    enrollment_progress_attach (one query for a whole page), the course's plan from the shared
    cache (enrollments.plans)."""
    return qs.select_related("course", "certificate")


def _done_ids_sql(count: int) -> str:
    """(enrolment id, kind, item id) rows: 0 a completed lesson, 1 a passed quiz, 2 an answered challenge."""
    quote = connection.ops.quote_name
    ids = ", ".join(["%s"] * count)
    # A completion is unique per lesson; a quiz may be passed and a challenge answered many times.
    parts = [
        (LessonCompletion, "", "0", "lesson_id", ""),
        (QuizAttempt, "DISTINCT ", "1", "quiz_id", f" AND {quote('passed')}"),
        (ChallengeResponse, "DISTINCT ", "2", "challenge_id", ""),
    ]
    selects = []
    for model, distinct, kind, column, extra in parts:
        # Table and column names from the models, the ids bound as parameters.
        what = f"{distinct}{quote('enrollment_id')}, {kind}, {quote(column)} FROM {quote(model._meta.db_table)}"
        selects.append(f"SELECT {what} WHERE {quote('enrollment_id')} IN ({ids}){extra}")
    return " UNION ALL ".join(selects)


def _done_ids_load(enrollment_ids: list[int]) -> dict[int, tuple[set[int], set[int], set[int]]]:
    """(completed lesson ids, passed quiz ids, answered challenge ids) per enrolment, in one query.

    Plain rows from plain SQL: a learner with ten enrolments has hundreds of completions, and
    building a model instance for each through prefetch_related was most of the enrolment list's
    time; compiling the ORM's union of three querysets was a third of what was left.
    """
    done: dict[int, tuple[set[int], set[int], set[int]]] = {pk: (set(), set(), set()) for pk in enrollment_ids}
    if not enrollment_ids:
        return done
    with connection.cursor() as cursor:
        cursor.execute(_done_ids_sql(len(enrollment_ids)), enrollment_ids * 3)
        for enrollment_id, kind, item_id in cursor.fetchall():
            done[enrollment_id][kind].add(item_id)
    return done


def enrollment_progress_attach(enrollments: Sequence[Enrollment]) -> Sequence[Enrollment]:
    """Attach what progress needs to a page of enrolments: their courses' plans in one cache round
    trip, what the learner has done in one query (else a few per enrolment)."""
    plans = course_plans_get(e.course_id for e in enrollments)
    done = _done_ids_load([e.pk for e in enrollments])
    for enrollment in enrollments:
        enrollment.course_plan = plans[enrollment.course_id]  # type: ignore[attr-defined]
        enrollment.done_ids = done[enrollment.pk]  # type: ignore[attr-defined]
    return enrollments


def enrollment_list_for_user(*, user) -> QuerySet[Enrollment]:
    """The user's own enrolments (never anyone else's), newest first, ready for progress."""
    return _with_progress_data(Enrollment.objects.filter(user=user)).order_by("-enrolled_at", "-id")


# What the enrolment list shows (EnrollmentSerializer) and progress needs, and nothing else: the
# course's description and the certificate's copies of names are not read for a list.
_LIST_FIELDS = (
    "id",
    "user_id",
    "course_id",
    "status",
    "source",
    "enrolled_at",
    "last_activity_at",
    "completed_at",
    "cancelled_at",
    "course__id",
    "course__slug",
    "course__title",
    "certificate__id",
    "certificate__enrollment_id",
    "certificate__code",
    "certificate__issued_at",
)


def enrollment_page_for_user(*, user) -> QuerySet[Enrollment]:
    """enrollment_list_for_user with only the columns the enrolment list shows."""
    return enrollment_list_for_user(user=user).only(*_LIST_FIELDS)


def enrollment_get_for_user(*, user, enrollment_id: int) -> Enrollment:
    """One of the user's enrolments; Enrollment.DoesNotExist for anyone else's."""
    return enrollment_list_for_user(user=user).get(pk=enrollment_id)


def enrollment_progress(*, enrollment: Enrollment) -> Progress:
    """Progress of an enrolment: no queries after enrollment_progress_attach, one query and one
    cache round trip without it."""
    if not hasattr(enrollment, "done_ids"):
        enrollment_progress_attach([enrollment])
    plan: CoursePlan = cast(Any, enrollment).course_plan
    lesson_ids, quiz_ids, challenge_ids = cast(Any, enrollment).done_ids
    return progress_compute(
        plan=plan, completed_lesson_ids=lesson_ids, passed_quiz_ids=quiz_ids, answered_challenge_ids=challenge_ids
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
    enrollment_progress_attach(enrollments)
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
