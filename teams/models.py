import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Team(models.Model):
    """A sales team: one or more managers who enrol the members and follow their progress."""

    name = models.CharField(max_length=150)
    # Members who accept an invitation later are enrolled in the courses the team was enrolled in.
    auto_enroll = models.BooleanField(
        default=False, help_text="Enrol members who join later in the courses the team is enrolled in."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """A user in a team, as a manager or a member. Managers are not counted as members."""

    class Role(models.TextChoices):
        MANAGER = "manager", "Manager"
        MEMBER = "member", "Member"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team_id", "role", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=["manager", "member"]), name="team_membership_role"),
        ]
        indexes = [models.Index(fields=["user", "role"], name="team_membership_user_role")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.team}"


def _invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """An invitation to join a team, sent to an email address.

    The link carries a signed token naming the invitation and its nonce (see teams.tokens);
    the nonce alone is useless without the site's secret key.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=10, choices=TeamMembership.Role.choices, default=TeamMembership.Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    nonce = models.CharField(max_length=32, default=_invitation_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_sent_at = models.DateTimeField()
    send_count = models.PositiveSmallIntegerField(default=1)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open invitation per address and team: inviting again resends it.
            models.UniqueConstraint(
                "team",
                Lower("email"),
                condition=models.Q(status="pending"),
                name="invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "accepted", "declined", "revoked", "expired"]),
                name="invitation_status_valid",
            ),
            models.CheckConstraint(condition=models.Q(role__in=["manager", "member"]), name="invitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.team} ({self.status})"


class TeamEnrollmentOutcome(models.Model):
    """What enrolling the team in a course did for one member: the answer every repeat gives.

    Written in the transaction that enrols the member, so identical calls (at once or later) answer
    the same per-member result: `enrolled` (the team created the enrolment), `already_enrolled`
    (the member had their own enrolment before the team enrolled them) or `reactivated` (the team
    reactivated a cancelled enrolment; also what a repeat records when the enrolment was cancelled
    since).
    """

    class Result(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        ALREADY_ENROLLED = "already_enrolled", "Already enrolled"
        REACTIVATED = "reactivated", "Reactivated"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="enrollment_outcomes")
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Gone with the enrolment (e.g. an account deleted): a later call then starts afresh.
    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.CASCADE, related_name="+")
    result = models.CharField(max_length=20, choices=Result.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "course", "user"], name="team_enrollment_outcome_unique"),
            models.CheckConstraint(
                condition=models.Q(result__in=["enrolled", "already_enrolled", "reactivated"]),
                name="team_enrollment_outcome_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course} by {self.team}: {self.result}"
