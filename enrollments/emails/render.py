"""Build the messages for a batch of EmailLog rows with a fixed number of queries."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from courses.models import Course
from lessons.models import Lesson

from ..access import lesson_unlocks_at, zone_named
from ..links import certificate_url
from ..models import ChallengeResponse, EmailLog, Enrollment, LessonCompletion, QuizAttempt
from ..plans import CoursePlan
from ..progress import progress_compute
from ..selectors import course_content_prefetches
from .unsubscribe import ALL, DESCRIPTIONS, PREFERENCE_FIELDS, preferences_url, unsubscribe_url

SUBJECTS: dict[str, str] = {
    EmailLog.Kind.WELCOME: "Welcome to {course}",
    EmailLog.Kind.TODAYS_LESSON: "Today's lesson: {lesson}",
    EmailLog.Kind.WEEKLY_DIGEST: "Your week in sales leadership: {percent}% done",
    EmailLog.Kind.INACTIVITY: "Two minutes today? {course} is waiting",
    EmailLog.Kind.COMMITMENT: "Did you keep your commitment?",
    EmailLog.Kind.COMPLETION: "You completed {course}",
}


class Skip(Exception):
    """The email should no longer go out (unsubscribed, cancelled, nothing to say)."""


class NotYet(Skip):
    """Not now, but maybe later in the same period: the row is dropped so a later scan can
    record it again (an inactive learner with no lesson open today may have one tomorrow)."""


@dataclass
class BatchData:
    users: dict[int, User]
    enrollments_by_user: dict[int, list[Enrollment]]
    enrollments: dict[int, Enrollment]
    lessons: dict[int, Lesson]
    responses: dict[int, ChallengeResponse]
    done_this_week: dict[int, list[str]]
    # Progress inputs per enrolment id: completed lesson ids, passed quiz ids, answered challenge ids.
    completed_lessons: dict[int, set[int]]
    passed_quizzes: dict[int, set[int]]
    answered_challenges: dict[int, set[int]]
    # Per kind rendered by another app (KIND_RENDERERS): what its `load` returned for the batch.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KindRenderer:
    """An email kind whose data and context live in another app (the team emails).

    `load(logs)` loads what the batch's rows of that kind need, in a fixed number of queries;
    `context(log, loaded)` returns the template context with `user`, `to` (the address),
    `subject` and `unsubscribe_url` ("" for an email that has none), or raises Skip.
    """

    load: Callable[[list[EmailLog]], Any]
    context: Callable[[EmailLog, Any], dict]


# Filled in by the apps that own those kinds (their AppConfig.ready()).
KIND_RENDERERS: dict[str, KindRenderer] = {}


def _courses_with_content(course_ids: set[int]) -> dict[int, Course]:
    """The batch's courses with modules, lessons, quizzes and challenges, each loaded once.

    The same content as the progress selectors load, but per course rather than per
    enrolment: a batch of 200 learners shares a handful of courses.
    """
    courses = Course.objects.filter(id__in=course_ids).prefetch_related(*course_content_prefetches())
    return {course.id: course for course in courses}


def _ids_by_enrollment(pairs) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for enrollment_id, item_id in pairs:
        out[enrollment_id].add(item_id)
    return out


def batch_data_load(logs: list[EmailLog]) -> BatchData:
    """Everything the batch's emails need, in a fixed number of queries whatever its size."""
    user_ids = {log.user_id for log in logs}
    users = {u.id: u for u in User.objects.filter(id__in=user_ids)}
    enrollments = list(
        Enrollment.objects.filter(user_id__in=user_ids)
        .exclude(status=Enrollment.Status.CANCELLED)
        .select_related("certificate")
        .order_by("enrolled_at")
    )
    # Progress data as plain ids, and the course content shared by all enrolments in a course:
    # a prefetch per enrolment built a queryset per row and cost more than rendering the email.
    courses = _courses_with_content({e.course_id for e in enrollments})
    enrollment_ids = [e.id for e in enrollments]
    by_user: dict[int, list[Enrollment]] = defaultdict(list)
    for enrollment in enrollments:
        enrollment.course = courses[enrollment.course_id]
        by_user[enrollment.user_id].append(enrollment)
    lesson_ids = [log.subject_id for log in logs if log.kind == EmailLog.Kind.TODAYS_LESSON]
    response_ids = [log.subject_id for log in logs if log.kind == EmailLog.Kind.COMMITMENT]
    done: dict[int, list[str]] = defaultdict(list)
    if any(log.kind == EmailLog.Kind.WEEKLY_DIGEST for log in logs):
        since = timezone.now() - timedelta(days=7)
        for user_id, title in LessonCompletion.objects.filter(
            enrollment__user_id__in=user_ids, completed_at__gte=since
        ).values_list("enrollment__user_id", "lesson__title"):
            done[user_id].append(title)
        for user_id, title in QuizAttempt.objects.filter(
            enrollment__user_id__in=user_ids, passed=True, submitted_at__gte=since
        ).values_list("enrollment__user_id", "quiz__title"):
            done[user_id].append(f"Passed: {title}")
    extra = {
        kind: renderer.load([log for log in logs if log.kind == kind])
        for kind, renderer in KIND_RENDERERS.items()
        if any(log.kind == kind for log in logs)
    }
    return BatchData(
        extra=extra,
        users=users,
        enrollments_by_user=by_user,
        enrollments={e.id: e for e in enrollments},
        lessons={
            lesson.id: lesson for lesson in Lesson.objects.filter(id__in=lesson_ids).select_related("module__course")
        }
        if lesson_ids
        else {},
        responses={
            r.id: r
            for r in ChallengeResponse.objects.filter(id__in=response_ids).select_related(
                "challenge__course", "enrollment"
            )
        }
        if response_ids
        else {},
        done_this_week=done,
        completed_lessons=_ids_by_enrollment(
            LessonCompletion.objects.filter(enrollment_id__in=enrollment_ids).values_list("enrollment_id", "lesson_id")
        ),
        passed_quizzes=_ids_by_enrollment(
            QuizAttempt.objects.filter(enrollment_id__in=enrollment_ids, passed=True).values_list(
                "enrollment_id", "quiz_id"
            )
        ),
        answered_challenges=_ids_by_enrollment(
            ChallengeResponse.objects.filter(enrollment_id__in=enrollment_ids).values_list(
                "enrollment_id", "challenge_id"
            )
        ),
    )


def _course_card(enrollment: Enrollment, data: BatchData) -> dict:
    """Title, progress and next step of one enrolment (the same numbers as enrollment_progress)."""
    course = enrollment.course
    progress = progress_compute(
        plan=CoursePlan.from_course(course),
        completed_lesson_ids=data.completed_lessons.get(enrollment.id, set()),
        passed_quiz_ids=data.passed_quizzes.get(enrollment.id, set()),
        answered_challenge_ids=data.answered_challenges.get(enrollment.id, set()),
    )
    return {
        "title": enrollment.course.title,
        "percent": progress.percent,
        "items_done": progress.items_done,
        "items_total": progress.items_total,
        "next": progress.next,
        "status": enrollment.status,
    }


def learner_url(
    page: str, *, slug: str = "", lesson_id: int = 0, challenge_id: int = 0, response_id: int = 0, team_id: int = 0
) -> str:
    """The link an email gives its reader for a page: "course", "lesson", "report" or "team".

    With FRONTEND_URL set, these are the front end's pages (the contract a front end serves):

        course  {FRONTEND_URL}/courses/{slug}/
        lesson  {FRONTEND_URL}/courses/{slug}/lessons/{lesson_id}/
        report  {FRONTEND_URL}/challenges/{challenge_id}/responses/{response_id}/  (report a commitment)
        team    {FRONTEND_URL}/teams/{team_id}/progress/  (a manager's view of the team)

    Unset, the API's URLs for the same things, which need a token (fine in development only).
    """
    front_end = settings.FRONTEND_URL
    if page == "course":
        if front_end:
            return f"{front_end}/courses/{slug}/"
        return settings.SITE_URL + reverse("course-detail", kwargs={"slug": slug})
    if page == "lesson":
        if front_end:
            return f"{front_end}/courses/{slug}/lessons/{lesson_id}/"
        return settings.SITE_URL + reverse("lesson-detail", kwargs={"lesson_id": lesson_id})
    if page == "report":
        if front_end:
            return f"{front_end}/challenges/{challenge_id}/responses/{response_id}/"
        return settings.SITE_URL + reverse(
            "challenge-response-detail", kwargs={"challenge_id": challenge_id, "response_id": response_id}
        )
    if page == "team":
        if front_end:
            return f"{front_end}/teams/{team_id}/progress/"
        return settings.SITE_URL + reverse("team-progress", kwargs={"team_id": team_id})
    raise ValueError(f"Unknown learner page: {page}")


def _published(course: Course) -> Course:
    if course.status != Course.Status.PUBLISHED:
        raise Skip("the course is not published")
    return course


def _active(enrollments: list[Enrollment]) -> list[Enrollment]:
    """Active enrolments in published courses: the ones progress emails are about."""
    return [
        e for e in enrollments if e.status == Enrollment.Status.ACTIVE and e.course.status == Course.Status.PUBLISHED
    ]


def _has_work_now(enrollment: Enrollment, data: BatchData, *, user: User, now: datetime) -> bool:
    """Something the learner can do now: an open lesson not completed, its quiz not passed, a challenge
    not answered. Without drip every lesson is open, so this is `progress.next is not None`."""
    course = enrollment.course
    completed = data.completed_lessons.get(enrollment.id, set())
    passed = data.passed_quizzes.get(enrollment.id, set())
    for module in course.modules.all():
        for lesson in module.lessons.all():
            unlocks_at = (
                None if lesson.is_preview else lesson_unlocks_at(lesson=lesson, course=course, enrollment=enrollment)
            )
            if unlocks_at is not None and now < unlocks_at:
                continue
            if lesson.id not in completed:
                return True
            quiz = getattr(lesson, "quiz", None)
            if quiz is not None and quiz.id not in passed:
                return True
    # Challenges belong to the course, open from enrolment on.
    answered = data.answered_challenges.get(enrollment.id, set())
    return any(challenge.id not in answered for challenge in course.challenges.all())


def _subject_id(log: EmailLog) -> int:
    if log.subject_id is None:
        raise Skip("the email is about nothing any more")
    return log.subject_id


def _enrollment_of(data: BatchData, log: EmailLog) -> Enrollment:
    enrollment = data.enrollments.get(_subject_id(log))
    if enrollment is None:
        raise Skip("the enrolment was cancelled")
    return enrollment


def email_context(log: EmailLog, data: BatchData) -> dict:
    """The template context for one email. Raises Skip when it should not go out any more."""
    renderer = KIND_RENDERERS.get(log.kind)
    if renderer is not None:
        return renderer.context(log, data.extra.get(log.kind))
    user = data.users.get(log.user_id)
    if user is None or not user.is_active:
        raise Skip("no active user")
    if user.email_verified_at is None:
        raise Skip("the address is not verified")
    if not getattr(user, PREFERENCE_FIELDS[log.kind]):
        raise Skip("unsubscribed from this kind")
    # No name, no placeholder: the templates greet without one ("Welcome!").
    context = {"user": user, "name": user.name.strip(), "site_url": settings.SITE_URL}
    kind = log.kind
    if kind in (EmailLog.Kind.WELCOME, EmailLog.Kind.COMPLETION):
        enrollment = _enrollment_of(data, log)
        course = _published(enrollment.course)
        context["course"] = _course_card(enrollment, data)
        context["course_url"] = learner_url("course", slug=course.slug)
        if kind == EmailLog.Kind.COMPLETION:
            certificate = getattr(enrollment, "certificate", None)
            if certificate is None:
                raise Skip("no certificate")
            # The completion as it happened, not the live state: a lesson un-completed since then
            # does not turn "you completed" into 83%.
            context["course"] = {**context["course"], "title": certificate.course_title, "percent": 100, "next": None}
            context["completed_on"] = certificate.issued_at.astimezone(zone_named(enrollment.timezone)).date()
            context["certificate_url"] = certificate_url(certificate.code)
        elif enrollment.status != Enrollment.Status.ACTIVE:
            raise Skip("the enrolment is no longer active")
    elif kind == EmailLog.Kind.TODAYS_LESSON:
        lesson = data.lessons.get(_subject_id(log))
        drip_enrollment = data.enrollments.get(int(log.period.rsplit(":", 1)[1]))
        if lesson is None or drip_enrollment is None or drip_enrollment.status != Enrollment.Status.ACTIVE:
            raise Skip("the lesson or the enrolment is gone")
        course = _published(drip_enrollment.course)
        context["lesson"] = lesson
        context["course"] = _course_card(drip_enrollment, data)
        context["lesson_url"] = learner_url("lesson", slug=course.slug, lesson_id=lesson.id)
    elif kind in (EmailLog.Kind.WEEKLY_DIGEST, EmailLog.Kind.INACTIVITY):
        active = _active(data.enrollments_by_user.get(user.id, []))
        if not active:
            raise Skip("no active course")
        if kind == EmailLog.Kind.INACTIVITY:
            now = timezone.now()
            if not any(_has_work_now(e, data, user=user, now=now) for e in active):
                raise NotYet("nothing to do today")
        context["courses"] = [_course_card(e, data) for e in active]
        context["course"] = context["courses"][0]
        context["percent"] = round(sum(c["percent"] for c in context["courses"]) / len(context["courses"]))
        context["done_this_week"] = data.done_this_week.get(user.id, [])
        context["inactivity_days"] = settings.EMAIL_INACTIVITY_DAYS
    elif kind == EmailLog.Kind.COMMITMENT:
        response = data.responses.get(_subject_id(log))
        if response is None or response.outcome or response.enrollment.status == Enrollment.Status.CANCELLED:
            raise Skip("already reported, or the enrolment was cancelled")
        _published(response.challenge.course)
        context["response"] = response
        context["report_url"] = learner_url("report", challenge_id=response.challenge_id, response_id=response.id)
    context.update(footer_context(user_id=user.id, kind=kind))
    return context


def footer_context(*, user_id: int, kind: str) -> dict:
    """What the foot of every email says: which kind its unsubscribe link turns off, a link that turns
    off all of them, and where to choose (the front end's page, or the API's signed preferences page)."""
    return {
        "kind_description": DESCRIPTIONS.get(kind, "these emails"),
        "unsubscribe_url": unsubscribe_url(user_id=user_id, kind=kind),
        "unsubscribe_all_url": unsubscribe_url(user_id=user_id, kind=ALL),
        "preferences_url": preferences_url(user_id=user_id),
    }


def _subject(log: EmailLog, context: dict) -> str:
    course = context.get("course") or {}
    return SUBJECTS[log.kind].format(
        course=course.get("title", ""),
        lesson=getattr(context.get("lesson"), "title", ""),
        percent=context.get("percent", course.get("percent", 0)),
    )


def email_message_build(log: EmailLog, data: BatchData, connection=None) -> EmailMultiAlternatives:
    """The message for one log row: plain text and HTML, with RFC 8058 one-click headers."""
    context = email_context(log, data)
    context["subject"] = context.get("subject") or _subject(log, context)
    text = render_to_string(f"emails/{log.kind}.txt", context)
    html = render_to_string(f"emails/{log.kind}.html", context)
    headers = {"X-Email-Log-Id": str(log.id)}
    if context["unsubscribe_url"]:  # every progress email; not an invitation
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[context.get("to") or context["user"].email],
        connection=connection,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message
