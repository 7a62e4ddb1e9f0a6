"""Reads about teams, scoped to who asks: a user sees only teams they manage or belong to."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from enrollments.models import ChallengeResponse, Enrollment

from .models import Invitation, Team, TeamEnrollmentOutcome, TeamMembership

MANAGER = TeamMembership.Role.MANAGER
MEMBER = TeamMembership.Role.MEMBER


def team_with_role_get(*, user, team_id: int) -> Team | None:
    """The team with the user's role in it as `my_role` ("manager" or "member"), None if they are
    not in it: one query."""
    if not user.is_authenticated:
        return None
    # memberships__team__pk, not pk: an id past the 64-bit range (from the URL) then matches nothing
    # instead of failing in SQLite's driver with an OverflowError.
    return (
        Team.objects.filter(memberships__team__pk=team_id, memberships__user=user)
        .annotate(my_role=F("memberships__role"))
        .first()
    )


def team_list_for_user(*, user) -> QuerySet[Team]:
    """Teams the user manages or belongs to, with their role, managers and member count."""
    mine = TeamMembership.objects.filter(team=OuterRef("pk"), user=user)
    members = (
        TeamMembership.objects.filter(team=OuterRef("pk"), role=MEMBER)
        .order_by()
        .values("team")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Team.objects.filter(pk__in=TeamMembership.objects.filter(user=user).values("team_id"))
        .annotate(
            my_role=Subquery(mine.values("role")[:1]),
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.filter(role=MANAGER).select_related("user").order_by("joined_at", "id"),
                to_attr="manager_memberships",
            )
        )
        .order_by("name", "id")
    )


def team_members(*, team: Team) -> QuerySet[TeamMembership]:
    """The team's members (not its managers), in joining order."""
    return TeamMembership.objects.filter(team=team, role=MEMBER).select_related("user").order_by("joined_at", "id")


def invitation_list_pending(*, team: Team) -> QuerySet[Invitation]:
    """Open invitations of a team: pending and not yet expired, newest first."""
    return (
        Invitation.objects.filter(team=team, status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def _team_member_ids(team: Team):
    return TeamMembership.objects.filter(team=team, role=MEMBER).values("user_id")


def _team_course_ids(team: Team):
    """The courses the team was enrolled in, including those where every member already had their
    own enrolment (the team's recorded outcomes say so; the enrolments then do not carry the team)."""
    return TeamEnrollmentOutcome.objects.filter(team=team).values("course_id")


@dataclass
class TeamProgressRow:
    """One member in one of the team's courses: the enrolment and its progress numbers.

    Plain values rather than model instances: building 600 enrolments with their users and
    courses cost more than all the queries together.
    """

    enrollment_id: int
    course_id: int
    status: str
    enrolled_at: datetime
    last_activity_at: datetime | None
    member: dict  # id, email, name
    course: dict  # slug, title
    lessons_completed: int = 0
    lessons_total: int = 0
    quizzes_passed: int = 0
    quizzes_failed: int = 0
    quizzes_total: int = 0
    challenges_answered: int = 0
    challenges_total: int = 0
    commitments_kept: int = 0
    commitments_missed: int = 0
    commitments_overdue: int = 0

    @property
    def percent(self) -> int:
        # As Progress.percent: items done over items, floored, so 100 means everything is done.
        total = self.lessons_total + self.quizzes_total + self.challenges_total
        done = self.lessons_completed + self.quizzes_passed + self.challenges_answered
        return done * 100 // total if total else 0


def _last_activity_key(row: TeamProgressRow) -> float:
    last = row.last_activity_at
    return last.timestamp() if last else float("-inf")


# Sort keys; ties are broken by member and enrolment, so pages are stable.
PROGRESS_ORDERINGS: dict[str, Callable[[TeamProgressRow], tuple]] = {
    "member": lambda r: (r.member["email"], r.course["title"], r.enrollment_id),
    "percent": lambda r: (r.percent, r.member["email"], r.enrollment_id),
    "-percent": lambda r: (-r.percent, r.member["email"], r.enrollment_id),
    "last_activity": lambda r: (_last_activity_key(r), r.member["email"], r.enrollment_id),
    "-last_activity": lambda r: (-_last_activity_key(r), r.member["email"], r.enrollment_id),
}


# The numbers of each enrolment in scope, with its course's totals, in one statement: the course
# totals are counted once per course, the learners' rows grouped once per table, and the scope
# (written by the ORM) is read once. Plain SQL that PostgreSQL and SQLite both run; {in_scope}
# picks the enrolments (see team_progress).
_PROGRESS_NUMBERS_SQL = """
WITH scope AS ({scope}),
lesson_totals AS (
    SELECT m.course_id, COUNT(*) AS n
    FROM lessons_lesson l JOIN courses_module m ON m.id = l.module_id
    WHERE m.course_id IN (SELECT course_id FROM scope)
    GROUP BY m.course_id
),
quiz_totals AS (
    SELECT m.course_id, COUNT(*) AS n
    FROM lessons_quiz q JOIN lessons_lesson l ON l.id = q.lesson_id JOIN courses_module m ON m.id = l.module_id
    WHERE m.course_id IN (SELECT course_id FROM scope)
    GROUP BY m.course_id
),
challenge_totals AS (
    SELECT c.course_id, COUNT(*) AS n
    FROM courses_challenge c
    WHERE c.course_id IN (SELECT course_id FROM scope)
    GROUP BY c.course_id
),
lessons_done AS (
    SELECT d.enrollment_id, COUNT(DISTINCT d.lesson_id) AS n
    FROM enrollments_lessoncompletion d
    WHERE d.enrollment_id {in_scope}
    GROUP BY d.enrollment_id
),
quizzes_done AS (
    SELECT a.enrollment_id,
        COUNT(DISTINCT CASE WHEN a.passed THEN a.quiz_id END) AS passed,
        COUNT(DISTINCT CASE WHEN a.submitted_at IS NOT NULL THEN a.quiz_id END) AS attempted
    FROM enrollments_quizattempt a
    WHERE a.enrollment_id {in_scope}
    GROUP BY a.enrollment_id
),
responses AS (
    SELECT r.enrollment_id,
        COUNT(DISTINCT r.challenge_id) AS answered,
        SUM(CASE WHEN r.outcome = 'kept' THEN 1 ELSE 0 END) AS kept,
        SUM(CASE WHEN r.outcome = 'missed' THEN 1 ELSE 0 END) AS missed,
        SUM(CASE WHEN r.outcome = '' AND r.due_on < %s THEN 1 ELSE 0 END) AS overdue
    FROM enrollments_challengeresponse r
    WHERE r.enrollment_id {in_scope}
    GROUP BY r.enrollment_id
)
SELECT s.id,
    COALESCE(ld.n, 0), COALESCE(lt.n, 0),
    COALESCE(qd.passed, 0), COALESCE(qd.attempted, 0) - COALESCE(qd.passed, 0), COALESCE(qt.n, 0),
    COALESCE(rs.answered, 0), COALESCE(ct.n, 0),
    COALESCE(rs.kept, 0), COALESCE(rs.missed, 0), COALESCE(rs.overdue, 0)
FROM scope s
LEFT JOIN lesson_totals lt ON lt.course_id = s.course_id
LEFT JOIN quiz_totals qt ON qt.course_id = s.course_id
LEFT JOIN challenge_totals ct ON ct.course_id = s.course_id
LEFT JOIN lessons_done ld ON ld.enrollment_id = s.id
LEFT JOIN quizzes_done qd ON qd.enrollment_id = s.id
LEFT JOIN responses rs ON rs.enrollment_id = s.id
"""


def team_progress(*, team: Team, ordering: str = "member", course_slug: str | None = None) -> list[TeamProgressRow]:
    """Each member's enrolments in the team's courses, with their progress.

    Two queries whatever the team's size: the enrolments with their member and course, then every
    number of every enrolment in one statement (_PROGRESS_NUMBERS_SQL). The percentage is the same
    as enrolment progress (items done over items).
    """
    scope = Enrollment.objects.filter(
        user_id__in=_team_member_ids(team), course_id__in=_team_course_ids(team)
    ).order_by()  # sorted below, in Python
    if course_slug:
        scope = scope.filter(course__slug=course_slug)
    rows = {
        eid: TeamProgressRow(
            eid,
            course_id,
            status,
            enrolled,
            last,
            {"id": uid, "email": email, "name": name},
            {"slug": slug, "title": title},
        )
        for eid, course_id, status, enrolled, last, uid, email, name, slug, title in scope.values_list(
            "id",
            "course_id",
            "status",
            "enrolled_at",
            "last_activity_at",
            "user_id",
            "user__email",
            "user__name",
            "course__slug",
            "course__title",
        )
    }
    if not rows:
        return []
    scope_sql, scope_params = scope.values("id", "course_id").query.sql_with_params()
    if connection.vendor == "postgresql":
        # The enrolments' ids as one array: PostgreSQL then probes each table's enrolment index
        # instead of hashing the whole table against the scope (half the statement's time).
        in_scope, ids = "= ANY(%s)", [list(rows)]
    else:
        in_scope, ids = "IN (SELECT id FROM scope)", []
    sql = _PROGRESS_NUMBERS_SQL.format(scope=scope_sql, in_scope=in_scope)  # Django's SQL, bound parameters
    with connection.cursor() as cursor:
        # Parameters in the order they appear: the scope's, lessons, quizzes, then the responses'
        # date before their ids.
        cursor.execute(sql, [*scope_params, *ids, *ids, timezone.now().date(), *ids])
        for eid, *numbers in cursor.fetchall():
            row = rows[eid]
            (
                row.lessons_completed,
                row.lessons_total,
                row.quizzes_passed,
                row.quizzes_failed,
                row.quizzes_total,
                row.challenges_answered,
                row.challenges_total,
                row.commitments_kept,
                row.commitments_missed,
                row.commitments_overdue,
            ) = numbers
    return sorted(rows.values(), key=PROGRESS_ORDERINGS[ordering])


def commitment_status(response: ChallengeResponse, today) -> str:
    if response.outcome:
        return response.outcome
    return "overdue" if response.due_on < today else "open"


def team_commitments(*, team: Team, status: str | None = None) -> QuerySet[ChallengeResponse]:
    """The members' commitments in the team's courses, soonest due first, with who made them.

    The owner's `share_with_managers` comes along: the serializer shows the words only when it is on.
    """
    today = timezone.now().date()
    qs = ChallengeResponse.objects.filter(
        enrollment__user_id__in=_team_member_ids(team), enrollment__course_id__in=_team_course_ids(team)
    ).select_related("enrollment__user", "enrollment__course", "challenge")
    if status == "open":
        qs = qs.filter(outcome="", due_on__gte=today)
    elif status == "overdue":
        qs = qs.filter(outcome="", due_on__lt=today)
    elif status in ChallengeResponse.Outcome.values:
        qs = qs.filter(outcome=status)
    return qs.order_by("due_on", "id")


def teams_for_instructor(*, user) -> QuerySet[Team]:
    """Teams with an enrolment in a course the user teaches (all teams for a superuser)."""
    if user.is_superuser:
        return Team.objects.all()
    return Team.objects.filter(
        Q(pk__in=Enrollment.objects.filter(course__instructors=user, team__isnull=False).values("team_id"))
    )
