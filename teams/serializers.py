from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from enrollments.models import ChallengeResponse

from .models import Invitation, Team, TeamMembership
from .selectors import commitment_status
from .services import MAX_INVITES_PER_CALL


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name"]


class TeamMemberSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="user.id", read_only=True, help_text="The user's id.")
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = TeamMembership
        fields = ["id", "email", "name", "role", "joined_at"]


class TeamSerializer(serializers.ModelSerializer):
    """A team as its managers and members see it. `members` is listed for managers only (null otherwise)."""

    my_role = serializers.ChoiceField(choices=TeamMembership.Role.choices, read_only=True)
    managers = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "name", "auto_enroll", "my_role", "managers", "member_count", "members", "created_at"]

    @extend_schema_field(PersonSerializer(many=True))
    def get_managers(self, team):
        return PersonSerializer([m.user for m in team.manager_memberships], many=True).data

    @extend_schema_field(TeamMemberSerializer(many=True, allow_null=True))
    def get_members(self, team):
        members = self.context.get("members")
        if members is None:
            return None
        return TeamMemberSerializer(members, many=True).data


class TeamWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    auto_enroll = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Enrol members who join later in every course the team is enrolled in.",
    )


class TeamUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    auto_enroll = serializers.BooleanField(required=False)


class InviteRequestSerializer(serializers.Serializer):
    emails = serializers.ListField(
        child=serializers.CharField(max_length=254, allow_blank=True),
        min_length=1,
        max_length=MAX_INVITES_PER_CALL,
        help_text=f"Up to {MAX_INVITES_PER_CALL} addresses; each gets its own result.",
    )
    role = serializers.ChoiceField(
        choices=TeamMembership.Role.choices,
        default=TeamMembership.Role.MEMBER,
        help_text="Invite as member or manager.",
    )


class InviteResultSerializer(serializers.Serializer):
    email = serializers.CharField()
    result = serializers.ChoiceField(choices=["invited", "already_member", "already_invited", "invalid"])
    invitation = serializers.IntegerField(source="invitation_id", allow_null=True)
    sent = serializers.BooleanField(help_text="An invitation email goes out for this address because of this call.")
    message = serializers.CharField(allow_blank=True)


class InviteResponseSerializer(serializers.Serializer):
    results = InviteResultSerializer(many=True)


class InvitationSerializer(serializers.ModelSerializer):
    invited_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "invited_by", "created_at", "expires_at", "last_sent_at"]


class InvitationTokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=500, help_text="The `token` query parameter of the invitation link.")


class InvitationPreviewSerializer(serializers.Serializer):
    """What an invitation link is about, shown before accepting (no sign-in needed)."""

    team = serializers.CharField(source="team.name")
    email = serializers.CharField(help_text="The invited address, partly masked.")
    role = serializers.CharField()
    status = serializers.CharField(help_text="pending, accepted, declined, revoked or expired.")
    expires_at = serializers.DateTimeField()


class MembershipSerializer(serializers.ModelSerializer):
    team = serializers.IntegerField(source="team_id")
    team_name = serializers.CharField(source="team.name")

    class Meta:
        model = TeamMembership
        fields = ["team", "team_name", "role", "joined_at"]


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1, "maxItems": 1000},
            {"type": "string", "enum": ["all"]},
        ]
    }
)
class MembersField(serializers.JSONField):
    pass


class TeamEnrollRequestSerializer(serializers.Serializer):
    course = serializers.SlugField(max_length=80, help_text="The course's slug.")
    members = MembersField(help_text='A list of member user ids, or "all".')

    def validate_members(self, value):
        if value == "all":
            return value
        if not isinstance(value, list) or not value:
            raise serializers.ValidationError('Give a non-empty list of user ids, or "all".')
        if len(value) > 1000:
            raise serializers.ValidationError("At most 1000 members per call.")
        if not all(isinstance(item, int) and not isinstance(item, bool) and item > 0 for item in value):
            raise serializers.ValidationError("Every member must be a user id (a positive integer).")
        return value


class TeamEnrollResultSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="The user id.")
    result = serializers.ChoiceField(
        choices=["enrolled", "already_enrolled", "reactivated", "not_a_member"],
        help_text=(
            "What the team's enrolment did for this member: `enrolled` (created their enrolment), "
            "`already_enrolled` (they had their own before the team enrolled them), `reactivated` (reactivated "
            "their cancelled enrolment). Recorded: a repeat answers the same."
        ),
    )
    enrollment = serializers.IntegerField(allow_null=True)


class TeamEnrollResponseSerializer(serializers.Serializer):
    course = serializers.CharField()
    results = TeamEnrollResultSerializer(many=True)


class TeamCourseSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class TeamProgressSerializer(serializers.Serializer):
    """One member in one of the team's courses."""

    member = PersonSerializer()
    course = TeamCourseSerializer()
    status = serializers.CharField()
    percent = serializers.IntegerField()
    completed = serializers.SerializerMethodField()
    enrolled_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField(allow_null=True)
    lessons_completed = serializers.IntegerField()
    lessons_total = serializers.IntegerField()
    quizzes_passed = serializers.IntegerField()
    quizzes_failed = serializers.IntegerField(help_text="Quizzes attempted and not (yet) passed.")
    quizzes_total = serializers.IntegerField()
    challenges_answered = serializers.IntegerField()
    challenges_total = serializers.IntegerField()
    commitments_kept = serializers.IntegerField()
    commitments_missed = serializers.IntegerField()
    commitments_overdue = serializers.IntegerField(help_text="Due before today with nothing reported.")

    def get_completed(self, row) -> bool:
        return row.status == "completed"


_DATETIME = serializers.DateTimeField()


def team_progress_data(row) -> dict:
    """What TeamProgressSerializer(row).data gives, without a serializer walking its fields per row
    (for a page of 100 rows that walk cost more than the queries)."""
    last = row.last_activity_at
    return {
        "member": {"id": row.member["id"], "email": row.member["email"], "name": row.member["name"]},
        "course": {"slug": row.course["slug"], "title": row.course["title"]},
        "status": row.status,
        "percent": row.percent,
        "completed": row.status == "completed",
        "enrolled_at": _DATETIME.to_representation(row.enrolled_at),
        "last_activity_at": None if last is None else _DATETIME.to_representation(last),
        "lessons_completed": row.lessons_completed,
        "lessons_total": row.lessons_total,
        "quizzes_passed": row.quizzes_passed,
        "quizzes_failed": row.quizzes_failed,
        "quizzes_total": row.quizzes_total,
        "challenges_answered": row.challenges_answered,
        "challenges_total": row.challenges_total,
        "commitments_kept": row.commitments_kept,
        "commitments_missed": row.commitments_missed,
        "commitments_overdue": row.commitments_overdue,
    }


PROGRESS_CSV_COLUMNS = [
    ("member_id", lambda r: r["member"]["id"]),
    ("member_email", lambda r: r["member"]["email"]),
    ("member_name", lambda r: r["member"]["name"]),
    ("course", lambda r: r["course"]["slug"]),
    ("status", lambda r: r["status"]),
    ("percent", lambda r: r["percent"]),
    ("completed", lambda r: r["completed"]),
    ("enrolled_at", lambda r: r["enrolled_at"]),
    ("last_activity_at", lambda r: r["last_activity_at"]),
    ("lessons_completed", lambda r: r["lessons_completed"]),
    ("lessons_total", lambda r: r["lessons_total"]),
    ("quizzes_passed", lambda r: r["quizzes_passed"]),
    ("quizzes_failed", lambda r: r["quizzes_failed"]),
    ("quizzes_total", lambda r: r["quizzes_total"]),
    ("challenges_answered", lambda r: r["challenges_answered"]),
    ("challenges_total", lambda r: r["challenges_total"]),
    ("commitments_kept", lambda r: r["commitments_kept"]),
    ("commitments_missed", lambda r: r["commitments_missed"]),
    ("commitments_overdue", lambda r: r["commitments_overdue"]),
]


class TeamChallengeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()


class TeamCommitmentSerializer(serializers.Serializer):
    """A member's commitment. Status and dates always; the words only if the member shares them."""

    id = serializers.IntegerField()
    member = PersonSerializer(source="enrollment.user")
    course = TeamCourseSerializer(source="enrollment.course")
    challenge = TeamChallengeSerializer()
    due_on = serializers.DateField()
    status = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField(allow_null=True)
    shared = serializers.SerializerMethodField(help_text="Whether the member shares the words with managers.")
    reflection = serializers.SerializerMethodField()
    commitment = serializers.SerializerMethodField()
    outcome_note = serializers.SerializerMethodField()

    def _shared(self, response: ChallengeResponse) -> bool:
        return bool(response.enrollment.user.share_with_managers)

    @extend_schema_field(serializers.ChoiceField(choices=["open", "overdue", "kept", "missed"]))
    def get_status(self, response) -> str:
        return commitment_status(response, self.context["today"])

    def get_shared(self, response) -> bool:
        return self._shared(response)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Null unless the member shares it."))
    def get_reflection(self, response) -> str | None:
        return response.reflection if self._shared(response) else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Null unless the member shares it."))
    def get_commitment(self, response) -> str | None:
        return response.commitment if self._shared(response) else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Null unless the member shares it."))
    def get_outcome_note(self, response) -> str | None:
        return response.outcome_note if self._shared(response) else None
