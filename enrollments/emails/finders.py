"""Set-based queries that find which progress emails are due now.

Only for active learners with a verified address: an unverified one gets nothing until the
link in the verification email is followed.

Each finder returns `Due` rows; `emails_find_due` turns them into EmailLog rows with
`bulk_create(ignore_conflicts=True)`, so finding the same email twice is harmless.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q

from accounts.models import User
from courses.models import Course
from lessons.models import Lesson

from ..access import drip_unlock_day, weekdays_between
from ..models import ChallengeResponse, EmailLog, Enrollment
from .schedule import iso_week_key, local_date_key, send_window_filter, zone

ACTIVE = Enrollment.Status.ACTIVE
# Only published courses send progress emails: an archived or draft course has no learners to nudge.
PUBLISHED = Course.Status.PUBLISHED


@dataclass(frozen=True)
class Due:
    user_id: int
    kind: str
    period: str
    subject_id: int | None = None


def _zones_in_use() -> list[str]:
    return list(User.objects.filter(is_active=True).values_list("timezone", flat=True).distinct())


def _has_active_enrollment():
    return Exists(Enrollment.objects.filter(user=OuterRef("pk"), status=ACTIVE, course__status=PUBLISHED))


def find_weekly_digests(*, now: datetime, zones: list[str]) -> list[Due]:
    """One digest per learner per ISO week, on their digest weekday at their hour."""
    weekday = settings.EMAIL_WEEKLY_DIGEST_WEEKDAY
    window = send_window_filter(now=now, zone_names=zones, local_day=lambda local: local.weekday() == weekday)
    if window is None:
        return []
    users = (
        User.objects.filter(window, is_active=True, email_verified_at__isnull=False, email_weekly_digest=True)
        .filter(_has_active_enrollment())
        .values_list("id", "timezone")
    )
    return [Due(uid, EmailLog.Kind.WEEKLY_DIGEST, iso_week_key(now, tz)) for uid, tz in users.iterator(chunk_size=2000)]


def find_todays_lessons(*, now: datetime, zones: list[str]) -> list[Due]:
    """Drip courses: a lesson that unlocks today (local date), at the learner's hour."""
    window = send_window_filter(now=now, zone_names=zones, prefix="user__")
    if window is None:
        return []
    enrollments = list(
        Enrollment.objects.filter(
            window,
            status=ACTIVE,
            course__status=PUBLISHED,
            user__is_active=True,
            user__email_verified_at__isnull=False,
            user__email_todays_lesson=True,
            course__drip_mode__in=[Course.DripMode.DAILY, Course.DripMode.WEEKDAYS, Course.DripMode.WEEKLY],
        ).values_list("id", "user_id", "timezone", "enrolled_at", "course_id", "course__drip_mode")
    )
    if not enrollments:
        return []
    # Lessons by the drip step that opens them; lessons tied to a weekday apart, by that weekday.
    # The rank (course order) picks the first lesson when several open the same day.
    by_step: dict[tuple[int, int], tuple[int, int]] = {}
    tied: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    rows = (
        Lesson.objects.filter(
            Q(unlock_after__gt=0) | Q(weekday__isnull=False), module__course_id__in={e[4] for e in enrollments}
        )
        .order_by("module__position", "position")
        .values_list("id", "module__course_id", "unlock_after", "weekday")
    )
    for rank, (lesson_id, course_id, step, weekday) in enumerate(rows):
        if weekday is None:
            by_step.setdefault((course_id, step), (rank, lesson_id))
        else:
            tied[(course_id, weekday)].append((rank, lesson_id, step))
    due = []
    # Days count in the zone the learner enrolled in, as the unlocks do (enrollments/access.py).
    for enrollment_id, user_id, tz, enrolled_at, course_id, drip in enrollments:
        today = now.astimezone(zone(tz)).date()
        enrolled_on = enrolled_at.astimezone(zone(tz)).date()
        if today <= enrolled_on:
            continue
        opening = []
        today_step = _drip_step_on(drip_mode=drip, enrolled_on=enrolled_on, day=today)
        if today_step is not None and (course_id, today_step) in by_step:
            opening.append(by_step[(course_id, today_step)])
        for rank, lesson_id, lesson_step in tied.get((course_id, today.weekday()), ()):
            day = drip_unlock_day(
                drip_mode=drip, enrolled_on=enrolled_on, unlock_after=lesson_step, weekday=today.weekday()
            )
            if day == today:
                opening.append((rank, lesson_id))
        if opening:
            period = f"{today.isoformat()}:{enrollment_id}"
            due.append(Due(user_id, EmailLog.Kind.TODAYS_LESSON, period, min(opening)[1]))
    return due


def _drip_step_on(*, drip_mode: str, enrolled_on: date, day: date) -> int | None:
    """The drip step whose day is `day` (after the enrolment day), or None when no step falls on it."""
    days = (day - enrolled_on).days
    if drip_mode == Course.DripMode.WEEKLY:
        return days // 7 if days % 7 == 0 else None
    if drip_mode == Course.DripMode.WEEKDAYS:
        return weekdays_between(enrolled_on, day) if day.weekday() < 5 else None
    return days


def find_inactivity_nudges(*, now: datetime, zones: list[str]) -> list[Due]:
    """No activity in any active course for N days: one nudge per inactive spell."""
    window = send_window_filter(now=now, zone_names=zones)
    if window is None:
        return []
    cutoff = now - timedelta(days=settings.EMAIL_INACTIVITY_DAYS)
    users = (
        User.objects.filter(window, is_active=True, email_verified_at__isnull=False, email_inactivity=True)
        .annotate(
            last_active=Max(
                "enrollments__last_activity_at",
                filter=Q(enrollments__status=ACTIVE, enrollments__course__status=PUBLISHED),
            )
        )
        .filter(last_active__lt=cutoff)
        .values_list("id", "last_active")
    )
    # The spell is named by the last activity: new activity starts a new spell.
    return [Due(uid, EmailLog.Kind.INACTIVITY, f"since:{last:%Y%m%dT%H%M%S}") for uid, last in users]


def find_commitment_follow_ups(*, now: datetime, zones: list[str]) -> list[Due]:
    """A commitment falls due today (local date) with no outcome reported yet."""
    window = send_window_filter(now=now, zone_names=zones, prefix="enrollment__user__")
    if window is None:
        return []
    local_dates = {now.astimezone(zone(tz)).date() for tz in zones}
    responses = ChallengeResponse.objects.filter(
        window,
        outcome="",
        due_on__in=local_dates,
        enrollment__status__in=[ACTIVE, Enrollment.Status.COMPLETED],
        enrollment__course__status=PUBLISHED,
        enrollment__user__is_active=True,
        enrollment__user__email_verified_at__isnull=False,
        enrollment__user__email_commitment=True,
    ).values_list("id", "due_on", "enrollment__user_id", "enrollment__user__timezone")
    return [
        Due(user_id, EmailLog.Kind.COMMITMENT, f"response:{rid}", rid)
        for rid, due_on, user_id, tz in responses
        if local_date_key(now, tz) == due_on.isoformat()
    ]


FINDERS = {
    EmailLog.Kind.WEEKLY_DIGEST: find_weekly_digests,
    EmailLog.Kind.TODAYS_LESSON: find_todays_lessons,
    EmailLog.Kind.INACTIVITY: find_inactivity_nudges,
    EmailLog.Kind.COMMITMENT: find_commitment_follow_ups,
}


def find_due(*, now: datetime, kinds: list[str] | None = None) -> list[Due]:
    zones = _zones_in_use()
    due: list[Due] = []
    for kind, finder in FINDERS.items():
        if kinds is None or kind in kinds:
            due.extend(finder(now=now, zones=zones))
    return due
