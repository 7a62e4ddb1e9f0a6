"""Reads about teams, scoped to who asks: a user sees only teams they manage or belong to."""

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from courses.models import Challenge
from enrollments.models import ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt
from lessons.models import Lesson, Quiz

from .models import Invitation, Team, TeamMembership

MANAGER = TeamMembership.Role.MANAGER
MEMBER = TeamMembership.Role.MEMBER


def team_role_get(*, user, team_id: int) -> str | None:
    """The user's role in the team ("manager" or "member"), None if they are not in it."""
    if not user.is_authenticated:
        return None
    return TeamMembership.objects.filter(team_id=team_id, user=user).values_list("role", flat=True).first()


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
    return Enrollment.objects.filter(team=team).values("course_id")


def _count(qs: QuerySet, field: str) -> Coalesce:
    """A correlated COUNT(DISTINCT field) per enrolment, 0 when there is none."""
    counted = (
        qs.filter(enrollment=OuterRef("pk")).order_by().values("enrollment").annotate(n=Count(field, distinct=True))
    )
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


def _course_total(qs: QuerySet, course_lookup: str) -> Coalesce:
    counted = (
        qs.filter(**{course_lookup: OuterRef("course_id")}).order_by().values(course_lookup).annotate(n=Count("id"))
    )
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), 0)


PROGRESS_ORDERINGS: dict[str, tuple] = {
    "last_activity": (F("last_activity_at").asc(nulls_first=True), "user__email", "id"),
    "-last_activity": (F("last_activity_at").desc(nulls_last=True), "user__email", "id"),
    "percent": ("percent", "user__email", "id"),
    "-percent": ("-percent", "user__email", "id"),
    "member": ("user__email", "course__title", "id"),
}


def team_progress(*, team: Team, ordering: str = "member", course_slug: str | None = None) -> QuerySet[Enrollment]:
    """Each member's enrolments in the team's courses, with progress counted by the database.

    One query whatever the team's size: every number is a correlated subquery on indexed
    foreign keys, and the percentage is the same as enrollment progress (items done over items).
    """
    today = timezone.now().date()
    responses = ChallengeResponse.objects.all()
    qs = (
        Enrollment.objects.filter(user_id__in=_team_member_ids(team), course_id__in=_team_course_ids(team))
        .select_related("user", "course")
        .only(
            "id",
            "status",
            "enrolled_at",
            "completed_at",
            "last_activity_at",
            "user__id",
            "user__email",
            "user__name",
            "course__id",
            "course__slug",
            "course__title",
        )
        .annotate(
            lessons_completed=_count(LessonCompletion.objects.all(), "lesson"),
            quizzes_passed=_count(QuizAttempt.objects.filter(passed=True), "quiz"),
            quizzes_attempted=_count(QuizAttempt.objects.filter(submitted_at__isnull=False), "quiz"),
            challenges_answered=_count(responses, "challenge"),
            commitments_kept=_count(responses.filter(outcome=ChallengeResponse.Outcome.KEPT), "id"),
            commitments_missed=_count(responses.filter(outcome=ChallengeResponse.Outcome.MISSED), "id"),
            commitments_overdue=_count(responses.filter(outcome="", due_on__lt=today), "id"),
            lessons_total=_course_total(Lesson.objects.all(), "module__course"),
            quizzes_total=_course_total(Quiz.objects.all(), "lesson__module__course"),
            challenges_total=_course_total(Challenge.objects.all(), "course"),
        )
        .annotate(
            quizzes_failed=F("quizzes_attempted") - F("quizzes_passed"),
            items_done=F("lessons_completed") + F("quizzes_passed") + F("challenges_answered"),
            items_total=F("lessons_total") + F("quizzes_total") + F("challenges_total"),
        )
        .annotate(
            # Integer division floors, as Progress.percent does: 100 means everything is done.
            percent=Case(
                When(items_total=0, then=Value(0)),
                default=ExpressionWrapper(F("items_done") * 100 / F("items_total"), output_field=IntegerField()),
                output_field=IntegerField(),
            )
        )
    )
    if course_slug:
        qs = qs.filter(course__slug=course_slug)
    return qs.order_by(*PROGRESS_ORDERINGS[ordering])


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
