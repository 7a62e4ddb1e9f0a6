from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enrollments.links import certificate_url
from enrollments.models import Certificate, ChallengeResponse, EmailLog, Enrollment, LessonCompletion, QuizAttempt
from teams.models import TeamMembership

from .models import EMAIL_PREFERENCE_FIELDS, User, validate_timezone
from .services import USER_EDITABLE_FIELDS

TIMEZONE_HELP = "An IANA time zone name, such as `Europe/London` or `America/New_York`."


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 64,
        "pattern": r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
        "description": TIMEZONE_HELP,
        "example": "Europe/London",
    }
)
class TimezoneField(serializers.CharField):
    """An IANA time zone name, checked against the time zone database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("help_text", TIMEZONE_HELP)
        super().__init__(validators=[validate_timezone], **kwargs)


class UserProfileSerializer(serializers.ModelSerializer):
    """The signed-in user's profile and email preferences. `id` and `email` cannot be changed here."""

    email_verified = serializers.BooleanField(
        read_only=True,
        help_text="Whether the address is confirmed. Progress emails go only to a confirmed address.",
    )
    pending_email = serializers.SerializerMethodField(
        help_text="A new address waiting to be confirmed by the link sent to it (POST /me/email/), else null."
    )
    timezone = TimezoneField()
    preferred_hour = serializers.IntegerField(
        min_value=0, max_value=23, help_text="Local hour (0-23) at which progress emails are sent."
    )

    class Meta:
        model = User
        fields = ["id", "email", "email_verified", "pending_email", *USER_EDITABLE_FIELDS]
        read_only_fields = ["id", "email"]

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_pending_email(self, user: User) -> str | None:
        return user.pending_email or None


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True,
        max_length=1024,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="At least 8 characters, not a common password and not close to the email address.",
    )
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    timezone = TimezoneField(required=False, default="UTC")


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, max_length=1024, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Bearer <token>`. Shown only once.")
    expiry = serializers.DateTimeField(allow_null=True, help_text="When the token stops working.")


def _password_field(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        write_only=True, max_length=1024, trim_whitespace=False, style={"input_type": "password"}, **kwargs
    )


class EmailSentSerializer(serializers.Serializer):
    """The same answer whether or not the address has an account."""

    email = serializers.EmailField(help_text="The address, as the platform writes it (lower case).")
    message = serializers.CharField(help_text="What to tell the person: look in that inbox.")


class EmailRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class EmailTokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=500, help_text="The `token` query parameter of the link in the email, as it is."
    )


class EmailVerifiedSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The confirmed address, which is now the account's address.")
    email_verified = serializers.BooleanField()
    message = serializers.CharField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=500, help_text="The `token` query parameter of the link in the email, as it is."
    )
    password = _password_field(help_text="The new password.")


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class PasswordChangeSerializer(serializers.Serializer):
    current_password = _password_field()
    new_password = _password_field()


class EmailChangeSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, help_text="The new address. It takes effect once confirmed.")
    password = _password_field(help_text="The current password.")


class AccountDeleteSerializer(serializers.Serializer):
    password = _password_field(help_text="The current password.")


# --- GET /me/export/: everything the platform holds about the learner -----------------------


class ExportProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "timezone",
            "preferred_hour",
            *EMAIL_PREFERENCE_FIELDS,
            "share_with_managers",
            "email_verified_at",
            "pending_email",
            "is_active",
            "date_joined",
            "last_login",
        ]


class ExportEnrollmentSerializer(serializers.ModelSerializer):
    course = serializers.SlugField(source="course.slug")
    course_title = serializers.CharField(source="course.title")
    status = serializers.CharField(help_text="active, completed or cancelled")

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "course",
            "course_title",
            "status",
            "source",
            "enrolled_at",
            "cancelled_at",
            "completed_at",
            "last_activity_at",
        ]


class ExportLessonCompletionSerializer(serializers.ModelSerializer):
    lesson_title = serializers.CharField(source="lesson.title")

    class Meta:
        model = LessonCompletion
        fields = ["enrollment", "lesson", "lesson_title", "completed_at"]


class ExportAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    choices = serializers.ListField(child=serializers.IntegerField())
    correct = serializers.BooleanField(allow_null=True, help_text="Null while the attempt is not graded.")


class ExportQuizAttemptSerializer(serializers.ModelSerializer):
    quiz_title = serializers.CharField(source="quiz.title")
    answers = serializers.SerializerMethodField(help_text="The learner's answers, each marked right or wrong.")

    class Meta:
        model = QuizAttempt
        fields = [
            "id",
            "enrollment",
            "quiz",
            "quiz_title",
            "number",
            "started_at",
            "deadline_at",
            "submitted_at",
            "score",
            "max_score",
            "score_percent",
            "passed",
            "answers",
        ]

    @extend_schema_field(ExportAnswerSerializer(many=True))
    def get_answers(self, attempt: QuizAttempt) -> list[dict]:
        # The learner's own choices and whether each was right; never the answer key or the
        # explanations the grading stored (those are shown only once earned, see the quiz API).
        correct = {r.get("question"): r.get("correct") for r in attempt.results or [] if isinstance(r, dict)}
        return [
            {"question": int(question), "choices": choices, "correct": correct.get(int(question))}
            for question, choices in sorted((attempt.answers or {}).items(), key=lambda item: int(item[0]))
        ]


class ExportChallengeResponseSerializer(serializers.ModelSerializer):
    challenge_title = serializers.CharField(source="challenge.title")

    class Meta:
        model = ChallengeResponse
        fields = [
            "id",
            "enrollment",
            "challenge",
            "challenge_title",
            "reflection",
            "commitment",
            "due_on",
            "outcome",
            "outcome_note",
            "reported_at",
            "created_at",
        ]


class ExportCertificateSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["code", "learner_name", "course_title", "issued_at", "url"]

    def get_url(self, certificate: Certificate) -> str:
        return certificate_url(certificate.code)


class ExportTeamMembershipSerializer(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name")
    role = serializers.CharField(help_text="manager or member")

    class Meta:
        model = TeamMembership
        fields = ["team", "role", "joined_at"]


class ExportEmailSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="welcome, todays_lesson, weekly_digest, ..., verify_email, password_reset")
    status = serializers.CharField(help_text="pending, sending, sent, failed or skipped")

    class Meta:
        model = EmailLog
        fields = ["kind", "status", "created_at", "sent_at"]


class ExportApiTokenSerializer(serializers.Serializer):
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)


class UserDataExportSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField()
    profile = ExportProfileSerializer()
    enrollments = ExportEnrollmentSerializer(many=True)
    lesson_completions = ExportLessonCompletionSerializer(many=True)
    quiz_attempts = ExportQuizAttemptSerializer(many=True)
    challenge_responses = ExportChallengeResponseSerializer(many=True)
    certificates = ExportCertificateSerializer(many=True)
    team_memberships = ExportTeamMembershipSerializer(many=True)
    emails = ExportEmailSerializer(many=True, help_text="Every email recorded for the account and what became of it.")
    api_tokens = ExportApiTokenSerializer(many=True, help_text="When each live API token was made; never the token.")
