from typing import Any, cast

from django.db.models import Prefetch, QuerySet

from courses.models import Challenge, Module
from lessons.models import Lesson

from .models import Certificate, ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt
from .progress import Progress, progress_compute


def course_content_prefetches(prefix: str = "") -> list[Prefetch]:
    """Ordered modules, their lessons with quizzes, and challenges: what progress walks through.

    `prefix` reaches the course from the queryset being prefetched, e.g. "course__".
    """
    return [
        Prefetch(f"{prefix}modules", queryset=Module.objects.order_by("position", "id")),
        Prefetch(
            f"{prefix}modules__lessons",
            queryset=Lesson.objects.select_related("quiz")
            .only(
                "id",
                "title",
                "position",
                "unlock_after",
                "weekday",
                "is_preview",
                "module_id",
                "quiz__id",
                "quiz__title",
                "quiz__lesson_id",
            )
            .order_by("position", "id"),
        ),
        Prefetch(f"{prefix}challenges", queryset=Challenge.objects.only("id", "number", "title", "course_id")),
    ]


def _with_progress_data(qs: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """Load everything progress needs in a fixed number of queries, whatever the course size."""
    return qs.select_related("course", "certificate").prefetch_related(
        *course_content_prefetches("course__"),
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


def enrollment_list_for_user(*, user) -> QuerySet[Enrollment]:
    """The user's own enrolments (never anyone else's), newest first, ready for progress."""
    return _with_progress_data(Enrollment.objects.filter(user=user)).order_by("-enrolled_at", "-id")


def enrollment_get_for_user(*, user, enrollment_id: int) -> Enrollment:
    """One of the user's enrolments; Enrollment.DoesNotExist for anyone else's."""
    return enrollment_list_for_user(user=user).get(pk=enrollment_id)


def enrollment_progress(*, enrollment: Enrollment) -> Progress:
    """Progress of an enrolment loaded by the selectors above (no further queries)."""
    course = enrollment.course
    # The to_attr prefetch of _with_progress_data: an attribute the model does not declare.
    passed_attempts: list[QuizAttempt] = cast(Any, enrollment).passed_attempts
    return progress_compute(
        modules=course.modules.all(),
        challenges=sorted(course.challenges.all(), key=lambda c: c.number),
        completed_lesson_ids={c.lesson_id for c in enrollment.lesson_completions.all()},
        passed_quiz_ids={a.quiz_id for a in passed_attempts},
        answered_challenge_ids={r.challenge_id for r in enrollment.challenge_responses.all()},
    )


def enrollment_progress_fresh(*, enrollment_id: int) -> tuple[Enrollment, Progress]:
    """Reload an enrolment with its progress data (for services deciding on completion)."""
    enrollment = _with_progress_data(Enrollment.objects.filter(pk=enrollment_id)).get()
    return enrollment, enrollment_progress(enrollment=enrollment)


def certificate_get_by_code(*, code: str) -> Certificate:
    return Certificate.objects.select_related("enrollment__course").get(code=code)


def challenge_response_list_for_user(*, user, challenge_id: int) -> QuerySet[ChallengeResponse]:
    """The user's own responses to one challenge, newest first."""
    return ChallengeResponse.objects.filter(enrollment__user=user, challenge_id=challenge_id).select_related(
        "enrollment", "challenge"
    )
