from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from courseplatform.errors import ApplicationError
from courses.models import Challenge, Course
from lessons.models import Lesson, Quiz

from .access import LessonProgressRead, learner_zone, lesson_access_check, zone_named
from .emails.enqueue import email_send_soon
from .emails.sending import email_log_create
from .emails.unsubscribe import mask_email
from .models import Certificate, ChallengeResponse, EmailLog, Enrollment, LessonCompletion, QuizExtraAttempts
from .selectors import enrollment_progress_fresh


@transaction.atomic
def enrollment_create(
    *, user, course: Course, source: str = Enrollment.Source.SELF, team=None
) -> tuple[Enrollment, bool]:
    """Enrol a user in a published course. Returns (enrolment, created).

    A second call returns the same enrolment; a cancelled one is reactivated with its
    progress (recording the team when a team reactivates it). The unique (user, course)
    constraint makes concurrent calls safe.
    """
    if course.status != Course.Status.PUBLISHED:
        raise ApplicationError("This course is not open for enrolment.", code="not_published", status=409)
    now = timezone.now()
    enrollment, created = Enrollment.objects.get_or_create(
        user=user,
        course=course,
        defaults={
            "source": source,
            "team": team,
            "enrolled_at": now,
            "timezone": user.timezone,
            "last_activity_at": now,
        },
    )
    # An unverified address gets its welcome once verified (enrollment_welcomes_send).
    if created and user.email_welcome and user.email_verified_at is not None:
        email_log_create(
            user_id=user.pk, kind=EmailLog.Kind.WELCOME, period=f"enrollment:{enrollment.pk}", subject_id=enrollment.pk
        )
    if not created and enrollment.status == Enrollment.Status.CANCELLED:
        by_team = {"source": source, "team": team} if team is not None else {}
        Enrollment.objects.filter(pk=enrollment.pk, status=Enrollment.Status.CANCELLED).update(
            status=Enrollment.Status.ACTIVE, cancelled_at=None, last_activity_at=now, **by_team
        )
        enrollment.refresh_from_db()
    return enrollment, created


def enrollment_welcomes_send(*, user) -> int:
    """The welcome emails held back while the learner's address was unverified. Safe to repeat."""
    if not user.email_welcome or user.email_verified_at is None:
        return 0
    enrollment_ids = Enrollment.objects.filter(
        user=user, status=Enrollment.Status.ACTIVE, course__status=Course.Status.PUBLISHED
    ).values_list("pk", flat=True)
    sent = 0
    for enrollment_id in enrollment_ids:
        log = email_log_create(
            user_id=user.pk, kind=EmailLog.Kind.WELCOME, period=f"enrollment:{enrollment_id}", subject_id=enrollment_id
        )
        sent += log is not None
    return sent


def enrollment_cancel(*, enrollment: Enrollment) -> Enrollment:
    """Cancel an active enrolment (idempotent). Progress is kept for a later reactivation."""
    if enrollment.status == Enrollment.Status.COMPLETED:
        raise ApplicationError("A completed enrolment cannot be cancelled.", code="completed", status=409)
    Enrollment.objects.filter(pk=enrollment.pk, status=Enrollment.Status.ACTIVE).update(
        status=Enrollment.Status.CANCELLED, cancelled_at=timezone.now()
    )
    enrollment.refresh_from_db()
    return enrollment


def enrollment_activity_record(*, enrollment: Enrollment) -> None:
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())


# Last activity is kept to the minute (inactivity nudges, team and instructor pages count days): a
# learner repeating an action within it needs no write.
ACTIVITY_RESOLUTION = timedelta(minutes=1)


def _activity_recorded_since(enrollment: Enrollment, now: datetime) -> bool:
    return enrollment.last_activity_at is not None and enrollment.last_activity_at > now - ACTIVITY_RESOLUTION


@transaction.atomic
def enrollment_completion_check(*, enrollment: Enrollment) -> Enrollment:
    """Complete the enrolment and issue its certificate, once, when progress reaches 100%."""
    fresh, progress = enrollment_progress_fresh(enrollment_id=enrollment.pk)
    if not progress.is_complete or fresh.status != Enrollment.Status.ACTIVE:
        return fresh
    now = timezone.now()
    # Conditional UPDATE: of two concurrent completions only one changes the row.
    won = Enrollment.objects.filter(pk=fresh.pk, status=Enrollment.Status.ACTIVE).update(
        status=Enrollment.Status.COMPLETED, completed_at=now
    )
    if won:
        email_log_create(
            user_id=fresh.user_id, kind=EmailLog.Kind.COMPLETION, period=f"enrollment:{fresh.pk}", subject_id=fresh.pk
        )
        Certificate.objects.get_or_create(
            enrollment=fresh,
            defaults={
                "course_id": fresh.course_id,
                # Public on the verification page: the name, never the email address.
                "learner_name": fresh.user.name.strip() or mask_email(fresh.user.email),
                "course_title": fresh.course.title,
                "issued_at": now,
            },
        )
    fresh.refresh_from_db()
    return fresh


def lesson_complete(*, user, lesson: Lesson, read: LessonProgressRead | None = None) -> tuple[LessonCompletion, bool]:
    """Mark a lesson done for the user (idempotent). Locked lessons cannot be completed.

    `read`: the lesson's `lesson_progress_read` for this user, if the caller has it (then a repeat
    needs no query of its own)."""
    now = timezone.now()
    if read is None:
        access = lesson_access_check(user=user, lesson=lesson, now=now, need_enrollment=True)
    else:
        access = lesson_access_check(
            user=user, lesson=lesson, now=now, need_enrollment=True, enrollment=read.enrollment
        )
    enrollment = access.enrollment_required()
    if read is not None and read.completion is not None:
        completion, created = read.completion, False
    else:
        completion, created = LessonCompletion.objects.get_or_create(
            enrollment=enrollment, lesson=lesson, defaults={"completed_at": now}
        )
    if created or not _activity_recorded_since(enrollment, now):
        enrollment_activity_record(enrollment=enrollment)
    if created:  # a repeat changes no progress, so it cannot complete the enrolment
        enrollment_completion_check(enrollment=enrollment)
    return completion, created


def lesson_uncomplete(*, user, lesson: Lesson) -> None:
    """Undo a lesson completion (idempotent). A completed enrolment and its certificate stay."""
    access = lesson_access_check(user=user, lesson=lesson, now=timezone.now(), need_enrollment=True)
    LessonCompletion.objects.filter(enrollment=access.enrollment, lesson=lesson).delete()


def challenge_enrollment_get(*, user, challenge: Challenge) -> Enrollment:
    """The user's active or completed enrolment in the challenge's course, else a 403."""
    enrollment = Enrollment.objects.filter(
        user=user,
        course=challenge.course,
        status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.COMPLETED],
    ).first()
    if enrollment is None:
        raise ApplicationError(
            f"Enrol in “{challenge.course.title}” to work on its challenges.", code="not_enrolled", status=403
        )
    return enrollment


def challenge_response_create(
    *, user, challenge: Challenge, reflection: str, commitment: str, due_on: date
) -> tuple[ChallengeResponse, bool]:
    """Record a reflection and a dated commitment. The same commitment sent twice is one response."""
    enrollment = challenge_enrollment_get(user=user, challenge=challenge)
    today = timezone.now().astimezone(learner_zone(user)).date()
    if due_on < today:
        raise ApplicationError(f"The commitment date cannot be in the past (today is {today}).", field="due_on")
    try:
        response, created = ChallengeResponse.objects.get_or_create(
            enrollment=enrollment,
            challenge=challenge,
            due_on=due_on,
            commitment=commitment,
            defaults={"reflection": reflection, "created_at": timezone.now()},
        )
    except IntegrityError:  # pragma: no cover - get_or_create already retries the lookup
        raise ApplicationError("This response was just recorded.", code="conflict", status=409) from None
    enrollment_activity_record(enrollment=enrollment)
    enrollment_completion_check(enrollment=enrollment)
    return response, created


def challenge_response_report(*, response: ChallengeResponse, outcome: str, note: str = "") -> ChallengeResponse:
    """Report back on a commitment: kept or missed, with the answer to the challenge's report-back
    question (`note`, required when the challenge asks one). Reporting again updates the report."""
    if outcome not in ChallengeResponse.Outcome.values:
        raise ApplicationError("Outcome must be 'kept' or 'missed'.", field="outcome")
    question = response.challenge.report_question.strip()
    if question and not note.strip():
        raise ApplicationError(f"Answer the report-back question in `note`: {question}", field="note")
    if response.enrollment.status == Enrollment.Status.CANCELLED:
        raise ApplicationError(
            "Your enrolment in this course is cancelled; enrol again to report back.", code="not_enrolled", status=403
        )
    response.outcome = outcome
    response.outcome_note = note
    response.reported_at = timezone.now()
    response.save(update_fields=["outcome", "outcome_note", "reported_at"])
    enrollment_activity_record(enrollment=response.enrollment)
    return response


# --- Learner support (instructors, from the admin) ---------------------------------------------

MAX_EXTRA_ATTEMPTS = 20
MAX_DRIP_MOVE_DAYS = 366


@transaction.atomic
def quiz_extra_attempts_grant(*, enrollment: Enrollment, quiz: Quiz, extra: int) -> QuizExtraAttempts:
    """Give one learner `extra` more attempts at a quiz, on top of any granted before."""
    if quiz.lesson.module.course_id != enrollment.course_id:
        raise ApplicationError("This quiz is not part of the learner's course.", field="quiz")
    if quiz.max_attempts is None:
        raise ApplicationError("This quiz has no attempt limit: the learner can already try again.", field="quiz")
    if not 1 <= extra <= MAX_EXTRA_ATTEMPTS:
        raise ApplicationError(f"Grant between 1 and {MAX_EXTRA_ATTEMPTS} attempts.", field="extra")
    grant, created = QuizExtraAttempts.objects.select_for_update().get_or_create(
        enrollment=enrollment, quiz=quiz, defaults={"extra": extra}
    )
    if not created:
        QuizExtraAttempts.objects.filter(pk=grant.pk).update(extra=F("extra") + extra)
        grant.refresh_from_db()
    return grant


def enrollment_drip_start_move(*, enrollment: Enrollment, starts_on: date) -> Enrollment:
    """Restart a learner's drip schedule on another day (after a holiday, say).

    Lessons unlock counting from the enrolment day in the learner's enrolment time zone, so the
    enrolment instant moves to the same local time on `starts_on`.
    """
    if enrollment.course.drip_mode == Course.DripMode.NONE:
        raise ApplicationError("This course opens everything at once: there is no drip to move.", field="starts_on")
    zone = zone_named(enrollment.timezone)
    local = enrollment.enrolled_at.astimezone(zone)
    if abs((starts_on - local.date()).days) > MAX_DRIP_MOVE_DAYS:
        raise ApplicationError("Move the drip start by at most a year.", field="starts_on")
    moved = datetime.combine(starts_on, local.time(), tzinfo=zone)
    Enrollment.objects.filter(pk=enrollment.pk).update(enrolled_at=moved)
    enrollment.refresh_from_db()
    return enrollment


def email_log_resend(*, email: EmailLog) -> EmailLog:
    """Send a failed email again: back to pending with fresh attempts, handed to a worker after commit."""
    updated = EmailLog.objects.filter(pk=email.pk, status=EmailLog.Status.FAILED).update(
        status=EmailLog.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), claim_token="", claimed_at=None
    )
    email.refresh_from_db()
    if not updated:
        raise ApplicationError(
            f"Only a failed email can be sent again; this one is {email.get_status_display().lower()}."
        )
    email_send_soon(log_ids=[email.pk])
    return email
