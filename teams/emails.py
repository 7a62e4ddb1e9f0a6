"""The team emails, sent by the progress-email machinery (enrollments.emails).

- `team_invitation`: to an invited address, once per sending (a resend is a new row). The
  EmailLog row's user is the manager who invited, since the address may have no account.
  No unsubscribe: a "not me" link declines the invitation instead.
- `team_digest`: weekly, to each manager at their local hour on the digest weekday, one email
  covering all the teams they manage. One row per (manager, ISO week in their time zone).

`register()` (from TeamsConfig.ready) adds the digest's finder and both renderers.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from enrollments.access import learner_zone
from enrollments.emails.finders import FINDERS, Due
from enrollments.emails.render import KIND_RENDERERS, KindRenderer, Skip, footer_context, learner_url
from enrollments.emails.schedule import iso_week_key, send_window_filter
from enrollments.models import ChallengeResponse, EmailLog, Enrollment, LessonCompletion, QuizAttempt

from .models import Invitation, Team, TeamEnrollmentOutcome, TeamMembership
from .tokens import invitation_token

MANAGER = TeamMembership.Role.MANAGER
MEMBER = TeamMembership.Role.MEMBER
INACTIVE_DAYS = 7


def invitation_links(invitation: Invitation) -> tuple[str, str]:
    """(accept link, "not me" link) of an invitation; both carry the token as `?token=`."""
    token = quote(invitation_token(invitation_id=invitation.pk, nonce=invitation.nonce))
    if settings.FRONTEND_URL:
        accept = f"{settings.FRONTEND_URL}/invitations/accept?token={token}"
    else:
        accept = settings.SITE_URL + reverse("invitation-accept") + f"?token={token}"
    return accept, settings.SITE_URL + reverse("invitation-decline") + f"?token={token}"


def _invitations_load(logs: list[EmailLog]) -> dict[int, Invitation]:
    ids = [log.subject_id for log in logs if log.subject_id is not None]
    return {inv.pk: inv for inv in Invitation.objects.filter(pk__in=ids).select_related("team", "invited_by")}


def _invitation_context(log: EmailLog, invitations: dict[int, Invitation]) -> dict:
    invitation = invitations.get(log.subject_id or 0)
    if invitation is None:
        raise Skip("the invitation is gone")
    if invitation.status != Invitation.Status.PENDING or invitation.expires_at <= timezone.now():
        raise Skip(f"the invitation is {invitation.status}")
    inviter = invitation.invited_by
    inviter_name = (inviter.name or inviter.email) if inviter else "A manager"
    accept_url, decline_url = invitation_links(invitation)
    return {
        "user": inviter,
        "to": invitation.email,
        "subject": f"{inviter_name} invited you to join {invitation.team.name}",
        "inviter_name": inviter_name,
        "team": invitation.team,
        "role": invitation.role,
        "expires_on": invitation.expires_at.date(),
        "accept_url": accept_url,
        "decline_url": decline_url,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": "",
    }


# The weekly team digest.


def find_team_digests(*, now: datetime, zones: list[str]) -> list[Due]:
    """One digest per manager of a team with members, per ISO week, on the digest weekday at their hour."""
    weekday = settings.EMAIL_WEEKLY_DIGEST_WEEKDAY
    window = send_window_filter(now=now, zone_names=zones, local_day=lambda local: local.weekday() == weekday)
    if window is None:
        return []
    # A member of a team this user manages.
    has_members = TeamMembership.objects.filter(
        role=MEMBER, team__memberships__user=OuterRef("pk"), team__memberships__role=MANAGER
    )
    managers = (
        User.objects.filter(window, is_active=True, email_verified_at__isnull=False, email_team_digest=True)
        .filter(Exists(has_members))
        .values_list("id", "timezone")
    )
    return [
        Due(uid, EmailLog.Kind.TEAM_DIGEST, iso_week_key(now, tz)) for uid, tz in managers.iterator(chunk_size=2000)
    ]


@dataclass
class DigestData:
    managers: dict[int, User]
    teams_by_manager: dict[int, list[Team]]
    members_by_team: dict[int, list[User]]
    courses_by_team: dict[int, set[int]]
    # Enrolments (not cancelled) of every member: (enrollment id, course id, last activity) per user.
    enrollments_by_user: dict[int, list[tuple[int, int, datetime | None]]]
    moved: dict[int, int]  # enrolment id -> items done in the last 7 days
    open_commitments: dict[int, list[ChallengeResponse]]  # enrolment id -> due soon or overdue


def _digest_load(logs: list[EmailLog]) -> DigestData:
    """Everything the batch's team digests need, in eight queries whatever the number of teams."""
    now = timezone.now()
    since = now - timedelta(days=7)
    manager_ids = {log.user_id for log in logs}
    teams_by_manager: dict[int, list[Team]] = defaultdict(list)
    managers: dict[int, User] = {}
    for membership in (
        TeamMembership.objects.filter(user_id__in=manager_ids, role=MANAGER)
        .select_related("team", "user")
        .order_by("team__name", "team_id")
    ):
        teams_by_manager[membership.user_id].append(membership.team)
        managers[membership.user_id] = membership.user
    managers.update({u.pk: u for u in User.objects.filter(pk__in=manager_ids - managers.keys())})
    team_ids = {team.pk for teams in teams_by_manager.values() for team in teams}
    members_by_team: dict[int, list[User]] = defaultdict(list)
    for membership in (
        TeamMembership.objects.filter(team_id__in=team_ids, role=MEMBER).select_related("user").order_by("joined_at")
    ):
        members_by_team[membership.team_id].append(membership.user)
    courses_by_team: dict[int, set[int]] = defaultdict(set)
    outcomes = TeamEnrollmentOutcome.objects.filter(team_id__in=team_ids)
    for team_id, course_id in outcomes.values_list("team_id", "course_id").distinct():
        courses_by_team[team_id].add(course_id)
    member_ids = {user.pk for users in members_by_team.values() for user in users}
    enrollments_by_user: dict[int, list[tuple[int, int, datetime | None]]] = defaultdict(list)
    for eid, uid, cid, last in (
        Enrollment.objects.filter(user_id__in=member_ids)
        .exclude(status=Enrollment.Status.CANCELLED)
        .values_list("id", "user_id", "course_id", "last_activity_at")
    ):
        enrollments_by_user[uid].append((eid, cid, last))
    enrollment_ids = [e[0] for rows in enrollments_by_user.values() for e in rows]
    moved: dict[int, int] = defaultdict(int)
    # Steps as progress counts them: a quiz passed twice or a challenge committed to twice is one step.
    for qs, item in (
        (LessonCompletion.objects.filter(enrollment_id__in=enrollment_ids, completed_at__gte=since), "lesson_id"),
        (
            QuizAttempt.objects.filter(enrollment_id__in=enrollment_ids, passed=True, submitted_at__gte=since),
            "quiz_id",
        ),
        (ChallengeResponse.objects.filter(enrollment_id__in=enrollment_ids, created_at__gte=since), "challenge_id"),
    ):
        rows = qs.order_by().values("enrollment_id").annotate(n=Count(item, distinct=True))
        for eid, n in rows.values_list("enrollment_id", "n"):
            moved[eid] += n
    open_commitments: dict[int, list[ChallengeResponse]] = defaultdict(list)
    for response in (
        ChallengeResponse.objects.filter(
            enrollment_id__in=enrollment_ids, outcome="", due_on__lte=now.date() + timedelta(days=8)
        )
        .select_related("challenge")
        .order_by("due_on", "id")
    ):
        open_commitments[response.enrollment_id].append(response)
    return DigestData(
        managers, teams_by_manager, members_by_team, courses_by_team, enrollments_by_user, moved, open_commitments
    )


def _commitment_line(member: User, response: ChallengeResponse) -> dict:
    return {
        "member": member.name or member.email,
        "challenge": f"{response.challenge.number}. {response.challenge.title}",
        "due_on": response.due_on,
        # The words only if the member shares them with managers; status and date always.
        "commitment": response.commitment if member.share_with_managers else None,
    }


def team_digest_summary(team: Team, data: DigestData, *, today: date, now: datetime) -> dict:
    """What one team did this week, from the loaded data (no queries)."""
    courses = data.courses_by_team.get(team.pk, set())
    moved, inactive, due, overdue = [], [], [], []
    week_end = today + timedelta(days=6)
    for member in data.members_by_team.get(team.pk, []):
        enrollments = [e for e in data.enrollments_by_user.get(member.pk, []) if e[1] in courses]
        label = member.name or member.email
        items = sum(data.moved.get(eid, 0) for eid, _c, _l in enrollments)
        if items:
            moved.append({"member": label, "items": items})
        last = max((e[2] for e in enrollments if e[2] is not None), default=None)
        if last is None or now - last >= timedelta(days=INACTIVE_DAYS):
            inactive.append({"member": label, "last_activity": last.date() if last else None})
        for eid, _c, _l in enrollments:
            for response in data.open_commitments.get(eid, []):
                if response.due_on < today:
                    overdue.append(_commitment_line(member, response))
                elif response.due_on <= week_end:
                    due.append(_commitment_line(member, response))
    return {
        "name": team.name,
        "member_count": len(data.members_by_team.get(team.pk, [])),
        "moved": moved,
        "inactive": inactive,
        "due": due,
        "overdue": overdue,
        "progress_url": learner_url("team", team_id=team.pk),
    }


def _digest_context(log: EmailLog, data: DigestData) -> dict:
    user = data.managers.get(log.user_id)
    if user is None or not user.is_active:
        raise Skip("no active user")
    if user.email_verified_at is None:
        raise Skip("the address is not verified")
    if not user.email_team_digest:
        raise Skip("unsubscribed from this kind")
    teams = [team for team in data.teams_by_manager.get(user.pk, []) if data.members_by_team.get(team.pk)]
    if not teams:
        raise Skip("no team with members")
    now = timezone.now()
    today = now.astimezone(learner_zone(user)).date()
    summaries = [team_digest_summary(team, data, today=today, now=now) for team in teams]
    moved = sum(len(s["moved"]) for s in summaries)
    members = sum(s["member_count"] for s in summaries)
    return {
        "user": user,
        "name": user.name.strip(),
        "teams": summaries,
        "subject": f"Your team's week: {moved} of {members} moved forward",
        "inactive_days": INACTIVE_DAYS,
        "site_url": settings.SITE_URL,
        **footer_context(user_id=user.pk, kind=EmailLog.Kind.TEAM_DIGEST),
    }


def register() -> None:
    FINDERS[EmailLog.Kind.TEAM_DIGEST] = find_team_digests
    KIND_RENDERERS[EmailLog.Kind.TEAM_INVITATION] = KindRenderer(load=_invitations_load, context=_invitation_context)
    KIND_RENDERERS[EmailLog.Kind.TEAM_DIGEST] = KindRenderer(load=_digest_load, context=_digest_context)
