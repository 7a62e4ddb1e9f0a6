from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from accounts.models import EMAIL_PREFERENCE_FIELDS

from .emails.unsubscribe import preference_label
from .links import certificate_url
from .models import Certificate, ChallengeResponse, Enrollment
from .plans import CoursePlan
from .progress import Progress
from .selectors import EnrollmentListRow, enrollment_progress


class NextItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["lesson", "quiz", "challenge"])
    id = serializers.IntegerField()
    title = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    items_done = serializers.IntegerField()
    items_total = serializers.IntegerField()
    lessons_completed = serializers.IntegerField(source="lessons_done")
    lessons_total = serializers.IntegerField()
    quizzes_passed = serializers.IntegerField()
    quizzes_total = serializers.IntegerField()
    challenges_answered = serializers.IntegerField()
    challenges_total = serializers.IntegerField()
    next = NextItemSerializer(allow_null=True)


class CertificateLinkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["code", "url", "issued_at"]

    def get_url(self, certificate: Certificate) -> str:
        return certificate_url(certificate.code)


class CourseRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class EnrollmentSerializer(serializers.ModelSerializer):
    """Read-only: status, dates and progress are the server's to set."""

    course = CourseRefSerializer(read_only=True)
    progress = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "course",
            "status",
            "source",
            "enrolled_at",
            "last_activity_at",
            "completed_at",
            "cancelled_at",
            "progress",
            "certificate",
        ]
        read_only_fields = fields

    # The answer is built as a plain dict: DRF's field machinery (a serializer per nested object,
    # a field lookup per attribute) was a quarter of the enrolment list's time. The fields above
    # still describe it in the schema, and a test holds the two to the same output.
    def to_representation(self, enrollment: Enrollment) -> dict:
        return {
            "id": enrollment.pk,
            "course": {"slug": enrollment.course.slug, "title": enrollment.course.title},
            "status": enrollment.status,
            "source": enrollment.source,
            "enrolled_at": _datetime(enrollment.enrolled_at),
            "last_activity_at": _datetime(enrollment.last_activity_at),
            "completed_at": _datetime(enrollment.completed_at),
            "cancelled_at": _datetime(enrollment.cancelled_at),
            "progress": self.get_progress(enrollment),
            "certificate": self.get_certificate(enrollment),
        }

    def to_representation_by_fields(self, enrollment: Enrollment) -> dict:
        """What DRF's field machinery gives; the tests hold to_representation to it."""
        return super().to_representation(enrollment)

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, enrollment: Enrollment):
        return progress_data(enrollment_progress(enrollment=enrollment))

    @extend_schema_field(CertificateLinkSerializer(allow_null=True))
    def get_certificate(self, enrollment: Enrollment):
        certificate = getattr(enrollment, "certificate", None)
        if certificate is None:
            return None
        issued_at = _datetime(certificate.issued_at)
        return {"code": certificate.code, "url": certificate_url(certificate.code), "issued_at": issued_at}


_DATETIME = serializers.DateTimeField()


def _datetime(value):
    return None if value is None else _DATETIME.to_representation(value)


def enrollment_list_utc_text() -> bool:
    """Whether DRF writes this answer's datetimes as ISO 8601 text in UTC ("...Z"): then the enrolment
    list reads them as that text from the database (enrollments.selectors.enrollment_page_get)."""
    if not settings.USE_TZ or (api_settings.DATETIME_FORMAT or "").lower() != ISO_8601:
        return False
    zone = timezone.get_current_timezone()
    return zone is UTC or getattr(zone, "key", None) == "UTC"


def _datetime_formatter() -> Callable[[datetime | str | None], str | None]:
    """_datetime for one answer: DRF's DateTimeField output (ISO 8601 in the current time zone, UTC as
    "Z"; text as it is) with the time zone and the settings looked up once instead of for every value."""
    if not settings.USE_TZ or (api_settings.DATETIME_FORMAT or "").lower() != ISO_8601:
        return _datetime
    zone = timezone.get_current_timezone()

    def formatted(value):
        if value is None or isinstance(value, str):
            return value
        if value.utcoffset() is None:
            return _DATETIME.to_representation(value)  # naive: DRF makes it aware, or refuses it
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return _DATETIME.to_representation(value)  # DRF's error
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return formatted


def enrollment_list_data(rows: Iterable[EnrollmentListRow], plans: dict[int, CoursePlan]) -> list[dict]:
    """The enrolment list's results from plain rows (enrollments.selectors.enrollment_page_get) and
    their courses' plans: what EnrollmentSerializer gives for each enrolment, built without a model
    instance or a serializer per row."""
    formatted = _datetime_formatter()
    results = []
    for row in rows:
        plan = plans[row.course_id]
        lessons_done, quizzes_passed, answered, nxt = plan.progress_by_text(row.done_ids)
        index = plan.text_index
        lessons_total, quizzes_total, challenges_total = (
            len(index.lesson_ids),
            len(index.quiz_ids),
            len(index.challenge_ids),
        )
        items_done, items_total = lessons_done + quizzes_passed + answered, len(index.items)
        code = row.certificate_code
        results.append(
            {
                "id": row.id,
                "course": {"slug": row.course_slug, "title": row.course_title},
                "status": row.status,
                "source": row.source,
                "enrolled_at": formatted(row.enrolled_at),
                "last_activity_at": formatted(row.last_activity_at),
                "completed_at": formatted(row.completed_at),
                "cancelled_at": formatted(row.cancelled_at),
                "progress": {  # progress_data's
                    "percent": items_done * 100 // items_total if items_total else 0,
                    "items_done": items_done,
                    "items_total": items_total,
                    "lessons_completed": lessons_done,
                    "lessons_total": lessons_total,
                    "quizzes_passed": quizzes_passed,
                    "quizzes_total": quizzes_total,
                    "challenges_answered": answered,
                    "challenges_total": challenges_total,
                    "next": None if nxt is None else {"kind": nxt[0], "id": nxt[1], "title": nxt[2]},
                },
                "certificate": None
                if code is None
                else {"code": code, "url": certificate_url(code), "issued_at": formatted(row.certificate_issued_at)},
            }
        )
    return results


def progress_data(progress: Progress) -> dict:
    """What ProgressSerializer(progress).data gives, without constructing a serializer."""
    nxt = progress.next
    return {
        "percent": progress.percent,
        "items_done": progress.items_done,
        "items_total": progress.items_total,
        "lessons_completed": progress.lessons_done,
        "lessons_total": progress.lessons_total,
        "quizzes_passed": progress.quizzes_passed,
        "quizzes_total": progress.quizzes_total,
        "challenges_answered": progress.challenges_answered,
        "challenges_total": progress.challenges_total,
        "next": None if nxt is None else {"kind": nxt.kind, "id": nxt.id, "title": nxt.title},
    }


class CertificateVerifySerializer(serializers.ModelSerializer):
    """Public: the learner's name, the course and the date. Never the email.

    `learner_name` is empty when the learner has since deleted their account."""

    course = serializers.CharField(source="course_title")
    course_slug = serializers.SlugField(source="course.slug")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["code", "learner_name", "course", "course_slug", "issued_at", "url"]

    def get_url(self, certificate: Certificate) -> str:
        return certificate_url(certificate.code)


class ChallengeResponseSerializer(serializers.ModelSerializer):
    """A response in two steps: `reflection` answers the challenge's reflection question when
    committing; `outcome_note` answers its report-back question when reporting kept or missed."""

    challenge = serializers.IntegerField(source="challenge_id", read_only=True)
    reflection_question = serializers.CharField(
        source="challenge.reflection_question", read_only=True, help_text="The question `reflection` answers."
    )
    report_question = serializers.CharField(
        source="challenge.report_question",
        read_only=True,
        help_text="The question `outcome_note` answers when reporting back (empty: a free note).",
    )
    outcome = serializers.ChoiceField(
        choices=ChallengeResponse.Outcome.choices,
        allow_null=True,
        read_only=True,
        help_text="Null until I report back on the commitment.",
    )

    class Meta:
        model = ChallengeResponse
        fields = [
            "id",
            "challenge",
            "reflection_question",
            "reflection",
            "commitment",
            "due_on",
            "report_question",
            "outcome",
            "outcome_note",
            "reported_at",
            "created_at",
        ]
        read_only_fields = ["id", "challenge", "outcome", "outcome_note", "reported_at", "created_at"]
        extra_kwargs = {
            "reflection": {"allow_blank": False, "help_text": "My answer to the reflection question."},
            "commitment": {"allow_blank": False},
            "outcome_note": {"help_text": "My answer to the report-back question, given with the outcome."},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Stored as "" until reported; the API says null.
        data["outcome"] = data["outcome"] or None
        return data


class ChallengeResponseReportSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ChallengeResponse.Outcome.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text="The answer to the challenge's report-back question: required when the challenge has one.",
    )


def _preference_fields() -> dict[str, serializers.Field]:
    return {
        name: serializers.BooleanField(required=False, help_text=f"Send me {preference_label(name)}.")
        for name in EMAIL_PREFERENCE_FIELDS
    }


# One switch per kind of progress email. JSON: send only the switches to change. An HTML form sends
# a checkbox each, and DRF reads a missing checkbox as false: an unticked box turns that email off.
EmailPreferencesSerializer = type(
    "EmailPreferencesSerializer",
    (serializers.Serializer,),
    {"email": serializers.CharField(read_only=True, help_text="Masked, e.g. a***@example.com"), **_preference_fields()},
)


class UnsubscribeFormSerializer(serializers.Serializer):
    """Schema only: what RFC 8058 mail programs post. The server does not read it."""

    def get_fields(self):
        # The field's name has a dash, which a Python attribute cannot.
        return {"List-Unsubscribe": serializers.ChoiceField(choices=["One-Click"], required=False)}


class UnsubscribeSerializer(serializers.Serializer):
    email = serializers.CharField(help_text="Masked, e.g. a***@example.com")
    kind = serializers.CharField()
    description = serializers.CharField()
    unsubscribed = serializers.BooleanField()
