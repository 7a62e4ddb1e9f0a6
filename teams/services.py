"""Everything that changes a team: the team itself, invitations, membership, team enrolment."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from courseplatform.errors import ApplicationError
from courses.models import Course
from enrollments.emails.enqueue import email_send_soon
from enrollments.emails.unsubscribe import mask_email
from enrollments.models import EmailLog, Enrollment
from enrollments.services import enrollment_create

from .models import Invitation, Team, TeamEnrollmentOutcome, TeamMembership
from .tokens import invitation_token_read

INVITATION_DAYS = 14
RESEND_AFTER = timedelta(days=1)
MAX_INVITES_PER_CALL = 200
TEAM_EDITABLE_FIELDS = ("name", "auto_enroll")

MANAGER = TeamMembership.Role.MANAGER
MEMBER = TeamMembership.Role.MEMBER


@transaction.atomic
def team_create(*, user: User, name: str, auto_enroll: bool = False) -> Team:
    """Create a team; its creator is its first manager."""
    name = name.strip()
    if not name:
        raise ApplicationError("A team needs a name.", field="name")
    team = Team.objects.create(name=name, auto_enroll=auto_enroll, created_by=user)
    TeamMembership.objects.create(team=team, user=user, role=MANAGER, joined_at=timezone.now())
    return team


def team_update(*, team: Team, data: dict) -> Team:
    """Rename a team or change its settings; only the allow-listed fields are touched."""
    changed = [name for name in TEAM_EDITABLE_FIELDS if name in data]
    if "name" in data:
        data = {**data, "name": data["name"].strip()}
        if not data["name"]:
            raise ApplicationError("A team needs a name.", field="name")
    for name in changed:
        setattr(team, name, data[name])
    if changed:
        team.save(update_fields=changed)
    return team


def team_delete(*, team: Team) -> None:
    """Delete a team with its memberships and invitations; the members' enrolments stay theirs."""
    team.delete()


def _lock(team: Team) -> Team:
    """Serialise the writes of one team (invitations, enrolment) on its row."""
    return Team.objects.select_for_update().get(pk=team.pk)


@dataclass(frozen=True)
class InviteResult:
    email: str
    result: str  # invited, already_member, already_invited, invalid
    invitation_id: int | None = None
    sent: bool = False  # an email went out (or will) for this address in this call
    message: str = ""


def _normalise(address) -> str | None:
    if not isinstance(address, str):
        return None
    email = address.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        return None
    return email


def _invitation_email(*, invitation: Invitation, sender_id: int) -> EmailLog:
    # The row's user is the manager who sent it: the address may have no account. One row per
    # sending (send_count), so a resend is a new email and a repeated call is not.
    return EmailLog(
        user_id=sender_id,
        kind=EmailLog.Kind.TEAM_INVITATION,
        period=f"invitation:{invitation.pk}:{invitation.send_count}",
        subject_id=invitation.pk,
        next_attempt_at=timezone.now(),
    )


@transaction.atomic
def team_invite(*, team: Team, invited_by: User, emails: list, role: str = MEMBER) -> list[InviteResult]:
    """Invite addresses to a team: one result per address, in the order given.

    `invited` (new invitation, emailed), `already_member`, `already_invited` (emailed again if the
    last email is a day old or more), `invalid`. Set-based: a fixed number of queries for 200.
    """
    if role not in TeamMembership.Role.values:
        raise ApplicationError("Role must be 'member' or 'manager'.", field="role")
    if len(emails) > MAX_INVITES_PER_CALL:
        raise ApplicationError(f"At most {MAX_INVITES_PER_CALL} addresses per call.", field="emails")
    team = _lock(team)
    now = timezone.now()
    normalised = [_normalise(address) for address in emails]
    wanted = {email for email in normalised if email}
    members = set(
        TeamMembership.objects.filter(team=team, user__email__in=wanted).values_list("user__email", flat=True)
    )
    pending = {inv.email: inv for inv in Invitation.objects.filter(team=team, status=Invitation.Status.PENDING)}
    expired = [inv.pk for email, inv in pending.items() if email in wanted and inv.expires_at <= now]
    if expired:
        Invitation.objects.filter(pk__in=expired).update(status=Invitation.Status.EXPIRED)
        pending = {email: inv for email, inv in pending.items() if inv.pk not in expired}

    new: dict[str, Invitation] = {}
    resend: list[Invitation] = []
    for email in dict.fromkeys(e for e in normalised if e):
        if email in members:
            continue
        if email in pending:
            invitation = pending[email]
            if invitation.last_sent_at <= now - RESEND_AFTER:
                resend.append(invitation)
            continue
        new[email] = Invitation(
            team=team,
            email=email,
            role=role,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + timedelta(days=INVITATION_DAYS),
            last_sent_at=now,
        )
    Invitation.objects.bulk_create(new.values())
    if resend:
        Invitation.objects.filter(pk__in=[inv.pk for inv in resend]).update(
            last_sent_at=now, send_count=F("send_count") + 1
        )
        for invitation in resend:
            invitation.send_count += 1
    logs = EmailLog.objects.bulk_create(
        [_invitation_email(invitation=inv, sender_id=invited_by.pk) for inv in [*new.values(), *resend]]
    )
    if logs:
        email_send_soon(log_ids=[log.pk for log in logs])

    resent = {inv.email for inv in resend}
    results = []
    reported: set[str] = set()
    for address, maybe_email in zip(emails, normalised, strict=True):
        if maybe_email is None:
            shown = address if isinstance(address, str) else str(address)
            results.append(InviteResult(shown, "invalid", message="Enter a valid email address."))
            continue
        email = maybe_email
        if email in members:
            results.append(InviteResult(email, "already_member"))
        elif email in new and email not in reported:
            results.append(InviteResult(email, "invited", new[email].pk, sent=True))
        else:
            invitation = new.get(email) or pending[email]
            sent = email in resent and email not in reported
            results.append(InviteResult(email, "already_invited", invitation.pk, sent=sent))
        reported.add(email)
    return results


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Revoke a pending invitation (idempotent); its link stops working at once."""
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED, responded_at=timezone.now()
    )
    invitation.refresh_from_db()
    return invitation


def _invitation_from_token(token: str, *, lock: bool = False) -> Invitation:
    invalid = ApplicationError(
        "This invitation link is not valid. Use the link from the email as it is.", field="token", code="invalid_token"
    )
    try:
        invitation_id, nonce = invitation_token_read(token)
    except signing.BadSignature:
        raise invalid from None
    qs = Invitation.objects.select_related("team")
    if lock:
        qs = qs.select_for_update(of=("self",))
    invitation = qs.filter(pk=invitation_id).first()
    if invitation is None or not secrets.compare_digest(invitation.nonce, nonce):
        raise invalid
    return invitation


def invitation_get_by_token(*, token: str) -> Invitation:
    """The invitation a token names, whatever its state (for showing it before accepting)."""
    return _invitation_from_token(token)


def _open_check(invitation: Invitation, now) -> None:
    closed = {
        Invitation.Status.REVOKED: ("invitation_revoked", "This invitation was revoked by the team's manager."),
        Invitation.Status.DECLINED: ("invitation_declined", "This invitation was declined."),
        Invitation.Status.EXPIRED: (
            "invitation_expired",
            "This invitation has expired; ask the manager for a new one.",
        ),
        Invitation.Status.ACCEPTED: ("invitation_used", "This invitation has already been used."),
    }
    if invitation.status == Invitation.Status.PENDING and invitation.expires_at <= now:
        raise ApplicationError(
            closed[Invitation.Status.EXPIRED][1], field="token", code="invitation_expired", status=410
        )
    if invitation.status in closed:
        code, message = closed[Invitation.Status(invitation.status)]
        raise ApplicationError(message, field="token", code=code, status=410)


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> TeamMembership:
    """Join a team with an invitation's token. Only the invited address's account may use it.

    Accepting again as the same account, while still in the team, returns the same membership.
    """
    invitation = _invitation_from_token(token, lock=True)
    if user.email.lower() != invitation.email.lower():
        raise ApplicationError(
            f"This invitation was sent to {mask_email(invitation.email)}. Sign in with that address to accept it.",
            field="token",
            code="wrong_account",
            status=403,
        )
    now = timezone.now()
    if invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by_id == user.pk:
        membership = TeamMembership.objects.filter(team_id=invitation.team_id, user=user).first()
        if membership is not None:
            return membership
    _open_check(invitation, now)
    membership, created = TeamMembership.objects.get_or_create(
        team_id=invitation.team_id, user=user, defaults={"role": invitation.role, "joined_at": now}
    )
    if not created and invitation.role == MANAGER and membership.role != MANAGER:
        membership.role = MANAGER
        membership.save(update_fields=["role"])
    Invitation.objects.filter(pk=invitation.pk).update(
        status=Invitation.Status.ACCEPTED, accepted_by=user, responded_at=now
    )
    team = invitation.team
    if created and team.auto_enroll and membership.role == MEMBER:
        courses = list(team_course_list(team=team))
        existing = {e.course_id: e for e in Enrollment.objects.filter(user=user, course__in=courses)}
        recorded = {o.course_id: o for o in TeamEnrollmentOutcome.objects.filter(team=team, user=user)}
        outcomes = [
            _member_enroll(
                team=team, course=course, user=user, before=existing.get(course.pk), recorded=recorded.get(course.pk)
            )
            for course in courses
        ]
        _outcomes_save([outcome for outcome, wrote in outcomes if wrote])
    return membership


def invitation_decline(*, token: str) -> Invitation:
    """The "not me" link: the address's owner declines (no sign-in; the token is the proof). Idempotent."""
    invitation = _invitation_from_token(token)
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.DECLINED, responded_at=timezone.now()
    )
    invitation.refresh_from_db()
    return invitation


def team_course_list(*, team: Team):
    """The published courses the team was enrolled in (whether or not its members had their own
    enrolments already)."""
    return Course.objects.filter(
        status=Course.Status.PUBLISHED, pk__in=TeamEnrollmentOutcome.objects.filter(team=team).values("course_id")
    ).order_by("title")


@transaction.atomic
def team_member_remove(*, team: Team, user_id: int) -> None:
    """Remove someone from a team (or let them leave). Their enrolments and progress stay theirs.

    A team keeps at least one manager: the last one cannot leave (delete the team instead).
    """
    team = _lock(team)
    membership = TeamMembership.objects.filter(team=team, user__pk=user_id).first()  # user__pk: see team_with_role_get
    if membership is None:
        return
    if (
        membership.role == MANAGER
        and not TeamMembership.objects.filter(team=team, role=MANAGER).exclude(pk=membership.pk).exists()
    ):
        raise ApplicationError(
            "A team needs at least one manager: invite another manager first, or delete the team.",
            code="last_manager",
            status=409,
        )
    membership.delete()


@dataclass(frozen=True)
class EnrollResult:
    member: int
    result: str  # enrolled, already_enrolled, reactivated, not_a_member
    enrollment: int | None = None


Outcome = TeamEnrollmentOutcome.Result


def _member_enroll(
    *, team: Team, course: Course, user: User, before: Enrollment | None, recorded: TeamEnrollmentOutcome | None
) -> tuple[TeamEnrollmentOutcome, bool]:
    """Enrol one member for the team, or answer what an earlier call did. Returns (outcome, changed).

    The recorded outcome stands while its enrolment is live; an enrolment cancelled since is
    reactivated and the outcome becomes `reactivated`. The caller saves the changed outcomes.
    """
    if recorded is not None and before is not None and before.status != Enrollment.Status.CANCELLED:
        return recorded, False
    if before is not None and before.status != Enrollment.Status.CANCELLED:
        result, enrollment = Outcome.ALREADY_ENROLLED, before
    else:
        enrollment, _created = enrollment_create(user=user, course=course, source=Enrollment.Source.TEAM, team=team)
        result = Outcome.ENROLLED if before is None else Outcome.REACTIVATED
    now = timezone.now()
    # A new row even for a recorded outcome: saved by upsert on (team, course, user), which keeps
    # the first created_at.
    outcome = TeamEnrollmentOutcome(
        team=team, course=course, user=user, enrollment=enrollment, result=result, created_at=now, updated_at=now
    )
    return outcome, True


def _outcomes_save(outcomes: list[TeamEnrollmentOutcome]) -> None:
    if not outcomes:
        return
    # One statement for new and changed outcomes. The team's lock serialises team enrolments; the
    # unique (team, course, user) constraint is the backstop (e.g. an invitation accepted meanwhile).
    TeamEnrollmentOutcome.objects.bulk_create(
        outcomes,
        update_conflicts=True,
        unique_fields=["team", "course", "user"],
        update_fields=["enrollment", "result", "updated_at"],
    )


@transaction.atomic
def team_enroll(*, team: Team, course: Course, members: list[int] | str) -> list[EnrollResult]:
    """Enrol team members in a course: one result per member, through enrollment_create.

    `members` is a list of user ids or "all". All or nothing: one transaction. Each member's
    result is recorded with their enrolment (TeamEnrollmentOutcome), so identical calls, at once
    (they wait for each other on the team's row) or later, answer the same results and enrol each
    member once: `enrolled` (the team created the enrolment), `already_enrolled` (the member had
    their own before the team enrolled them), `reactivated` (the team reactivated a cancelled
    enrolment, then or on a later call), `not_a_member`.
    """
    if course.status != Course.Status.PUBLISHED:
        raise ApplicationError("This course is not open for enrolment.", field="course", code="not_published")
    team = _lock(team)
    member_ids = list(
        TeamMembership.objects.filter(team=team, role=MEMBER)
        .order_by("joined_at", "id")
        .values_list("user_id", flat=True)
    )
    wanted: list[int] = member_ids if members == "all" else list(dict.fromkeys(int(m) for m in members))
    in_team = set(member_ids)
    users = {u.pk: u for u in User.objects.filter(pk__in=[uid for uid in wanted if uid in in_team])}
    existing = {e.user_id: e for e in Enrollment.objects.filter(course=course, user_id__in=users)}
    recorded = {o.user_id: o for o in TeamEnrollmentOutcome.objects.filter(team=team, course=course, user_id__in=users)}
    results = []
    changed = []
    for user_id in wanted:
        if user_id not in users:
            results.append(EnrollResult(user_id, "not_a_member"))
            continue
        outcome, wrote = _member_enroll(
            team=team, course=course, user=users[user_id], before=existing.get(user_id), recorded=recorded.get(user_id)
        )
        if wrote:
            changed.append(outcome)
        results.append(EnrollResult(user_id, outcome.result, outcome.enrollment_id))
    _outcomes_save(changed)
    return results
