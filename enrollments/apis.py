from typing import cast

from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from accounts.models import EMAIL_PREFERENCE_FIELDS, User
from courseplatform.conditional import ETagMixin
from courseplatform.errors import ApplicationError
from courseplatform.httpcache import cached_content_value
from courseplatform.pagination import FirstPageCountingPagination, PageNumberPagination
from courseplatform.parsers import JSONParser
from courses.models import Challenge
from courses.selectors import course_list_published

from .emails.unsubscribe import (
    DESCRIPTIONS,
    mask_email,
    preference_label,
    preferences_token_read,
    unsubscribe_token_read,
    user_email_preferences_set,
    user_unsubscribe,
)
from .models import Certificate, ChallengeResponse, Enrollment, certificate_cache_key
from .plans import course_plans_get
from .selectors import (
    certificate_get_by_code,
    challenge_response_list_for_user,
    enrollment_get_for_user,
    enrollment_list_for_user,
    enrollment_page_get,
)
from .serializers import (
    CertificateVerifySerializer,
    ChallengeResponseReportSerializer,
    ChallengeResponseSerializer,
    EmailPreferencesSerializer,
    EnrollmentSerializer,
    UnsubscribeFormSerializer,
    UnsubscribeSerializer,
    enrollment_list_data,
    enrollment_list_utc_text,
)
from .services import (
    challenge_enrollment_get,
    challenge_response_create,
    challenge_response_report,
    enrollment_cancel,
    enrollment_create,
)


def _own_enrollment(user, enrollment_id: int) -> Enrollment:
    try:
        return enrollment_get_for_user(user=user, enrollment_id=enrollment_id)
    except Enrollment.DoesNotExist:
        raise Http404 from None


class CourseEnrollmentApi(APIView):
    """POST enrols the signed-in learner (201 the first time, 200 with the same enrolment after);
    DELETE cancels (204). Enrolling again reactivates the enrolment with its progress."""

    openapi_tag = "Enrolments"
    permission_classes = [IsAuthenticated]
    error_codes = {"POST": {409: ["not_published"]}, "DELETE": {409: ["completed"]}}

    @extend_schema(
        operation_id="enrollInCourse",
        summary="Enrol in a course",
        description=(
            "Enrols me in a published course: 201 with the new enrolment, or 200 with the same enrolment "
            "when I am already enrolled (safe to repeat). Enrolling again after cancelling reactivates the "
            "enrolment with its progress. A welcome email follows."
        ),
        request=None,
        responses={
            200: OpenApiResponse(EnrollmentSerializer, description="Already enrolled: the same enrolment."),
            201: OpenApiResponse(EnrollmentSerializer, description="Enrolled."),
        },
        examples=[
            OpenApiExample(
                "Enrolment",
                response_only=True,
                status_codes=["200", "201"],
                value={
                    "id": 5,
                    "course": {"slug": "sales-leader-challenges", "title": "The 25 Sales Leader Challenges"},
                    "status": "active",
                    "source": "self",
                    "enrolled_at": "2026-11-30T09:00:00Z",
                    "last_activity_at": "2026-11-30T09:00:00Z",
                    "completed_at": None,
                    "cancelled_at": None,
                    "progress": {
                        "percent": 0,
                        "items_done": 0,
                        "items_total": 25,
                        "lessons_completed": 0,
                        "lessons_total": 0,
                        "quizzes_passed": 0,
                        "quizzes_total": 0,
                        "challenges_answered": 0,
                        "challenges_total": 25,
                        "next": {"kind": "challenge", "id": 1, "title": "Ask before you tell"},
                    },
                    "certificate": None,
                },
            )
        ],
    )
    def post(self, request, slug: str):
        course = get_object_or_404(course_list_published(), slug=slug)
        enrollment, created = enrollment_create(user=request.user, course=course)
        enrollment = _own_enrollment(request.user, enrollment.pk)
        return Response(
            EnrollmentSerializer(enrollment).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"Location": reverse("enrollment-detail", args=[enrollment.pk])} if created else None,
        )

    @extend_schema(
        operation_id="cancelEnrollment",
        summary="Cancel my enrolment",
        description=(
            "Cancels my enrolment in the course; my progress is kept should I enrol again. A completed "
            "enrolment cannot be cancelled (409 `completed`); a course I am not enrolled in is a 404."
        ),
        request=None,
        responses={204: OpenApiResponse(description="Cancelled.")},
    )
    def delete(self, request, slug: str):
        enrollment = get_object_or_404(Enrollment, user=request.user, course__slug=slug)
        enrollment_cancel(enrollment=enrollment)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        operation_id="listEnrollments",
        summary="My enrolments",
        description="My enrolments, newest first, each with its progress and certificate (once earned).",
    )
)
class EnrollmentListApi(generics.ListAPIView):
    """My enrolments with their progress, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = EnrollmentSerializer
    filter_backends: list = []
    pagination_class = FirstPageCountingPagination

    def get_queryset(self):
        return enrollment_list_for_user(user=self.request.user)

    def list(self, request, *args, **kwargs):
        """What DRF's paginated list answers (the same page, count, links and errors), from one query
        of plain rows and the courses' plans, with no queryset, model instance or serializer per row:
        those were most of this request's CPU."""
        paginator = self.paginator
        page_size = paginator.get_page_size(request)  # a 400 for a bad page_size, first as in DRF
        if not page_size:
            return super().list(request, *args, **kwargs)  # not paginated
        raw_number = paginator.get_page_number(request, None)  # a 400 unless a whole number from 1
        number = int(raw_number)
        offset = (number - 1) * page_size
        page = enrollment_page_get(
            user=request.user, limit=page_size, offset=offset, utc_text=enrollment_list_utc_text()
        )
        if not page.rows and number != 1:
            message = Paginator.default_error_messages["no_results"]
            raise NotFound(paginator.invalid_page_message.format(page_number=raw_number, message=message))
        results = enrollment_list_data(page.rows, course_plans_get(row.course_id for row in page.rows))
        return Response(
            {
                "count": page.count,
                "next": self._page_link(request, number + 1) if number * page_size < page.count else None,
                "previous": self._page_link(request, number - 1) if number > 1 else None,
                "results": results,
            }
        )

    def _page_link(self, request, number: int) -> str:
        """PageNumberPagination's next and previous links: the first page's has no page parameter."""
        url, name = request.build_absolute_uri(), cast(PageNumberPagination, self.paginator).page_query_param
        return remove_query_param(url, name) if number == 1 else replace_query_param(url, name, number)


class EnrollmentDetailApi(APIView):
    """One of my enrolments with its full progress. Anyone else's is 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="getEnrollment",
        summary="One enrolment and its progress",
        description=(
            "One of my enrolments: percent done, lessons, quizzes and challenges done out of how many, the "
            "next item to work on, and the certificate once the course is complete. Anyone else's is a 404."
        ),
        responses=EnrollmentSerializer,
    )
    def get(self, request, enrollment_id: int):
        return Response(EnrollmentSerializer(_own_enrollment(request.user, enrollment_id)).data)


class CertificateVerifyApi(ETagMixin, APIView):
    """Public verification of a certificate by its code: no sign-in needed."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    shared_response = True  # anonymous reads answered whole (courseplatform.httpcache)

    @extend_schema(
        operation_id="verifyCertificate",
        summary="Verify a certificate",
        description=(
            "Anyone holding a certificate code can check it: who earned it, for which course and when. "
            "No email address is ever shown. An unknown code is a 404."
        ),
        responses=CertificateVerifySerializer,
    )
    def get(self, request, code: str):
        def build():
            try:
                return CertificateVerifySerializer(certificate_get_by_code(code=code)).data
            except Certificate.DoesNotExist:
                return None

        # A certificate is read far more often than it changes: the answer comes from the shared
        # cache (courseplatform.httpcache); ETagMixin answers If-None-Match.
        data = cached_content_value(key=certificate_cache_key(code), build=build)
        if data is None:
            raise Http404
        return Response(data)


class ChallengeResponseListApi(generics.ListCreateAPIView):
    """GET my responses to a challenge; POST a reflection with a dated commitment.

    Posting the same commitment and date again returns the existing response (200)."""

    permission_classes = [IsAuthenticated]
    serializer_class = ChallengeResponseSerializer
    filter_backends: list = []
    error_codes = {"POST": {403: ["not_enrolled"], 409: ["conflict"]}}

    def get_challenge(self) -> Challenge:
        return get_object_or_404(
            Challenge.objects.select_related("course").filter(course__in=course_list_published().values("pk")),
            pk=self.kwargs["challenge_id"],
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChallengeResponse.objects.none()
        challenge = self.get_challenge()  # 404 for an unknown challenge or an unpublished course
        return challenge_response_list_for_user(user=self.request.user, challenge_id=challenge.pk)

    @extend_schema(
        operation_id="listChallengeResponses",
        summary="My responses to a challenge",
        description="My reflections and commitments on this challenge, newest first, with what I reported back.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="respondToChallenge",
        summary="Respond to a challenge",
        description=(
            "Records my reflection and a commitment with the date I will have done it by (`due_on`, today or "
            "later in my time zone). On that day a follow-up email asks whether I kept it; report back with "
            "`reportChallengeOutcome`. Sending the same commitment and date again returns the existing "
            "response (200). Needs an active or completed enrolment in the course (403 `not_enrolled`)."
        ),
        responses={
            200: OpenApiResponse(ChallengeResponseSerializer, description="The same commitment, recorded before."),
            201: OpenApiResponse(ChallengeResponseSerializer, description="Recorded."),
        },
        examples=[
            OpenApiExample(
                "Commitment",
                request_only=True,
                value={
                    "reflection": "I answer my reps' questions before they have finished asking them.",
                    "commitment": "I will ask three questions before giving any advice in my one-to-ones",
                    "due_on": "2026-12-07",
                },
            ),
            OpenApiExample(
                "Response",
                response_only=True,
                status_codes=["200", "201"],
                value={
                    "id": 9,
                    "challenge": 1,
                    "reflection": "I answer my reps' questions before they have finished asking them.",
                    "commitment": "I will ask three questions before giving any advice in my one-to-ones",
                    "due_on": "2026-12-07",
                    "outcome": None,
                    "outcome_note": "",
                    "reported_at": None,
                    "created_at": "2026-11-30T09:00:00Z",
                },
            ),
        ],
    )
    def post(self, request, challenge_id: int):
        challenge = self.get_challenge()
        challenge_enrollment_get(user=request.user, challenge=challenge)  # 403 before any 400
        serializer = ChallengeResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response, created = challenge_response_create(
            user=request.user, challenge=challenge, **serializer.validated_data
        )
        location = reverse("challenge-response-detail", args=[challenge.pk, response.pk])
        return Response(
            ChallengeResponseSerializer(response).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"Location": location} if created else None,
        )


class ChallengeResponseDetailApi(APIView):
    """PATCH reports back on a commitment: `outcome` kept or missed, with an optional `note`."""

    permission_classes = [IsAuthenticated]
    error_codes = {"PATCH": {403: ["not_enrolled"]}}

    @extend_schema(
        operation_id="reportChallengeOutcome",
        summary="Report back: kept or missed",
        description=(
            "Says whether I kept the commitment (`kept` or `missed`), with an optional note. Reporting again "
            "replaces the report. A cancelled enrolment cannot report (403 `not_enrolled`)."
        ),
        request=ChallengeResponseReportSerializer,
        responses=ChallengeResponseSerializer,
        examples=[
            OpenApiExample(
                "Kept",
                request_only=True,
                value={"outcome": "kept", "note": "Two reps told me about blockers I had missed."},
            ),
            OpenApiExample(
                "Reported",
                response_only=True,
                value={
                    "id": 9,
                    "challenge": 1,
                    "reflection": "I answer my reps' questions before they have finished asking them.",
                    "commitment": "I will ask three questions before giving any advice in my one-to-ones",
                    "due_on": "2026-12-07",
                    "outcome": "kept",
                    "outcome_note": "Two reps told me about blockers I had missed.",
                    "reported_at": "2026-12-07T17:30:00Z",
                    "created_at": "2026-11-30T09:00:00Z",
                },
            ),
        ],
    )
    def patch(self, request, challenge_id: int, response_id: int):
        response = get_object_or_404(
            challenge_response_list_for_user(user=request.user, challenge_id=challenge_id), pk=response_id
        )
        serializer = ChallengeResponseReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = challenge_response_report(
            response=response, outcome=serializer.validated_data["outcome"], note=serializer.validated_data["note"]
        )
        return Response(ChallengeResponseSerializer(response).data)

    @extend_schema(
        operation_id="getChallengeResponse",
        summary="One of my responses to a challenge",
        description="My reflection, commitment and report. Anyone else's response is a 404.",
        responses=ChallengeResponseSerializer,
    )
    def get(self, request, challenge_id: int, response_id: int):
        response = get_object_or_404(
            challenge_response_list_for_user(user=request.user, challenge_id=challenge_id), pk=response_id
        )
        return Response(ChallengeResponseSerializer(response).data)


UNSUBSCRIBE_EXAMPLE = {
    "email": "p***@example.com",
    "kind": "weekly_digest",
    "description": "the weekly progress digest",
    "unsubscribed": False,
}


class UnsubscribeApi(APIView):
    """One-click unsubscribe (RFC 8058). POST switches the email kind off, with no sign-in and
    no cookies; GET only describes what POST will do (as HTML for a browser)."""

    openapi_tag = "Email preferences"
    permission_classes = [AllowAny]
    authentication_classes: list = []
    error_codes = {"*": {400: ["invalid_token"]}}
    parser_classes = [FormParser, MultiPartParser]  # RFC 8058: mail clients post a form

    def perform_content_negotiation(self, request, force=False):
        # A browser asks for text/html: it gets the page below, everything else JSON.
        return super().perform_content_negotiation(request, force=True)

    def _target(self, token: str):
        try:
            user_id, kind = unsubscribe_token_read(token)
        except signing.BadSignature:
            raise ApplicationError(
                "This unsubscribe link is not valid. Use the link from the email as it is.",
                field="token",
                code="invalid_token",
            ) from None
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            raise Http404
        return user, kind

    def _answer(self, request, user, kind: str, done: bool):
        body = {
            "email": mask_email(user.email),
            "kind": kind,
            "description": DESCRIPTIONS[kind],
            "unsubscribed": done,
        }
        if "text/html" in request.headers.get("Accept", ""):
            return render(request, "enrollments/unsubscribe.html", {**body, "done": done})
        return Response(body)

    @extend_schema(
        operation_id="describeUnsubscribeLink",
        summary="What an unsubscribe link switches off",
        description=(
            "Describes, without changing anything, which emails the link from an email's footer would stop, "
            "for the (masked) address it was sent to. Asked for `text/html` (a browser), it is a page with "
            "a button that confirms. A link that was altered is a 400 `invalid_token`."
        ),
        responses={(200, "application/json"): UnsubscribeSerializer, (200, "text/html"): OpenApiTypes.STR},
        examples=[OpenApiExample("Would unsubscribe", response_only=True, value=UNSUBSCRIBE_EXAMPLE)],
    )
    def get(self, request, token: str):
        user, kind = self._target(token)
        return self._answer(request, user, kind, done=False)

    @extend_schema(
        operation_id="unsubscribe",
        summary="One-click unsubscribe",
        description=(
            "Switches off the kind of email the link came from (RFC 8058): mail programs post "
            "`List-Unsubscribe=One-Click` as a form, with no sign-in and no cookies. The body is optional "
            "and not read. Safe to repeat."
        ),
        request={
            "application/x-www-form-urlencoded": UnsubscribeFormSerializer,
            "multipart/form-data": UnsubscribeFormSerializer,
        },
        responses={(200, "application/json"): UnsubscribeSerializer, (200, "text/html"): OpenApiTypes.STR},
        examples=[
            *(
                OpenApiExample(
                    "One-click", request_only=True, media_type=media, value={"List-Unsubscribe": "One-Click"}
                )
                for media in ("application/x-www-form-urlencoded", "multipart/form-data")
            ),
            OpenApiExample("Unsubscribed", response_only=True, value={**UNSUBSCRIBE_EXAMPLE, "unsubscribed": True}),
        ],
    )
    def post(self, request, token: str):
        user, kind = self._target(token)
        user_unsubscribe(user=user, kind=kind)
        return self._answer(request, user, kind, done=True)


class EmailPreferencesApi(APIView):
    """Which progress emails I get, from the signed link at the foot of every email (no sign-in).

    GET only shows the switches (an HTML form for a browser, JSON otherwise) and changes nothing;
    POST sets them: JSON with the switches to change, or the form with a checkbox each.
    """

    openapi_tag = "Email preferences"
    permission_classes = [AllowAny]
    authentication_classes: list = []
    # The page behind the email's link posts a form; API clients post JSON.
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    error_codes = {"*": {400: ["invalid_token"]}, "POST": {400: ["bad_request"]}}

    def perform_content_negotiation(self, request, force=False):
        # A browser asks for text/html: it gets the page, everything else JSON.
        return super().perform_content_negotiation(request, force=True)

    def _user(self, token: str) -> User:
        try:
            user_id = preferences_token_read(token)
        except signing.BadSignature:
            raise ApplicationError(
                "This preferences link is not valid. Use the link from the email as it is.",
                field="token",
                code="invalid_token",
            ) from None
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise Http404
        return user

    def _answer(self, request, user: User, *, saved: bool):
        body = {"email": mask_email(user.email), **{name: getattr(user, name) for name in EMAIL_PREFERENCE_FIELDS}}
        if "text/html" in request.headers.get("Accept", ""):
            switches = [(name, preference_label(name), getattr(user, name)) for name in EMAIL_PREFERENCE_FIELDS]
            return render(
                request,
                "enrollments/email_preferences.html",
                {"email": body["email"], "switches": switches, "saved": saved},
            )
        return Response(body)

    @extend_schema(
        operation_id="getEmailPreferences",
        summary="Which progress emails I get (from an email's link)",
        description=(
            "With the signed token from the link at the foot of every progress email, no sign-in: the "
            "(masked) address and one switch per kind of email. Asked for `text/html` (a browser), it is a "
            "page with a checkbox each. Changes nothing."
        ),
        responses={
            (200, "application/json"): EmailPreferencesSerializer,
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The page."),
        },
    )
    def get(self, request, token: str):
        return self._answer(request, self._user(token), saved=False)

    @extend_schema(
        operation_id="setEmailPreferences",
        summary="Switch kinds of progress email on or off (from an email's link)",
        description=(
            "JSON with only the switches to change; the page posts its form with a checkbox each (an "
            "unticked box turns that email off). Safe to repeat."
        ),
        request={
            "application/json": EmailPreferencesSerializer,
            "application/x-www-form-urlencoded": EmailPreferencesSerializer,
            "multipart/form-data": EmailPreferencesSerializer,
        },
        responses={
            (200, "application/json"): EmailPreferencesSerializer,
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The page, saying it was saved."),
        },
        examples=[
            OpenApiExample("No weekly digest", request_only=True, value={"email_weekly_digest": False}),
            OpenApiExample(
                "Saved",
                response_only=True,
                value={
                    "email": "p***@example.com",
                    "email_welcome": True,
                    "email_todays_lesson": True,
                    "email_weekly_digest": False,
                    "email_inactivity": True,
                    "email_commitment": True,
                    "email_completion": True,
                    "email_team_digest": True,
                },
            ),
        ],
    )
    def post(self, request, token: str):
        user = self._user(token)
        serializer = EmailPreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_email_preferences_set(user=user, choices=dict(serializer.validated_data))
        return self._answer(request, user, saved=True)
