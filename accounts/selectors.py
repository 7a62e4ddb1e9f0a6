from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from knox.models import get_token_model

from enrollments.models import Certificate, ChallengeResponse, EmailLog, Enrollment, LessonCompletion, QuizAttempt
from teams.models import TeamMembership

from .models import User


@dataclass
class UserDataExport:
    exported_at: datetime
    profile: User
    enrollments: QuerySet[Enrollment]
    lesson_completions: QuerySet[LessonCompletion]
    quiz_attempts: QuerySet[QuizAttempt]
    challenge_responses: QuerySet[ChallengeResponse]
    certificates: QuerySet[Certificate]
    team_memberships: QuerySet[TeamMembership]
    emails: QuerySet[EmailLog]
    api_tokens: QuerySet


def user_data_export(*, user: User) -> UserDataExport:
    """Everything the platform holds about the user, one query per kind whatever the amount."""
    return UserDataExport(
        exported_at=timezone.now(),
        profile=user,
        enrollments=Enrollment.objects.filter(user=user).select_related("course").order_by("enrolled_at", "id"),
        lesson_completions=LessonCompletion.objects.filter(enrollment__user=user)
        .select_related("lesson")
        .order_by("completed_at", "id"),
        quiz_attempts=QuizAttempt.objects.filter(enrollment__user=user)
        .select_related("quiz")
        .order_by("started_at", "id"),
        challenge_responses=ChallengeResponse.objects.filter(enrollment__user=user)
        .select_related("challenge")
        .order_by("created_at", "id"),
        certificates=Certificate.objects.filter(enrollment__user=user).order_by("issued_at", "id"),
        team_memberships=TeamMembership.objects.filter(user=user).select_related("team").order_by("joined_at", "id"),
        emails=EmailLog.objects.filter(user=user).order_by("created_at", "id"),
        api_tokens=get_token_model().objects.filter(user=user).order_by("created"),
    )
