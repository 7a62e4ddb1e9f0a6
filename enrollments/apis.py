from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import EMAIL_PREFERENCE_FIELDS, User
from courseplatform.errors import ApplicationError
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
from .models import Certificate, ChallengeResponse, Enrollment
from .selectors import (
    certificate_get_by_code,
    challenge_response_list_for_user,
    enrollment_get_for_user,
    enrollment_list_for_user,
)
from .serializers import (
    CertificateVerifySerializer,
    ChallengeResponseReportSerializer,
    ChallengeResponseSerializer,
    EmailPreferencesSerializer,
    EnrollmentSerializer,
    UnsubscribeSerializer,
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

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: EnrollmentSerializer, 201: EnrollmentSerializer})
    def post(self, request, slug: str):
        course = get_object_or_404(course_list_published(), slug=slug)
        enrollment, created = enrollment_create(user=request.user, course=course)
        enrollment = _own_enrollment(request.user, enrollment.pk)
        return Response(
            EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, slug: str):
        enrollment = get_object_or_404(Enrollment, user=request.user, course__slug=slug)
        enrollment_cancel(enrollment=enrollment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EnrollmentListApi(generics.ListAPIView):
    """My enrolments with their progress, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = EnrollmentSerializer
    filter_backends: list = []

    def get_queryset(self):
        return enrollment_list_for_user(user=self.request.user)


class EnrollmentDetailApi(APIView):
    """One of my enrolments with its full progress. Anyone else's is 404."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=EnrollmentSerializer)
    def get(self, request, enrollment_id: int):
        return Response(EnrollmentSerializer(_own_enrollment(request.user, enrollment_id)).data)


class CertificateVerifyApi(APIView):
    """Public verification of a certificate by its code: no sign-in needed."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=CertificateVerifySerializer)
    def get(self, request, code: str):
        try:
            certificate = certificate_get_by_code(code=code)
        except Certificate.DoesNotExist:
            raise Http404 from None
        return Response(CertificateVerifySerializer(certificate).data)


class ChallengeResponseListApi(generics.ListCreateAPIView):
    """GET my responses to a challenge; POST a reflection with a dated commitment.

    Posting the same commitment and date again returns the existing response (200)."""

    permission_classes = [IsAuthenticated]
    serializer_class = ChallengeResponseSerializer
    filter_backends: list = []

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

    @extend_schema(responses={200: ChallengeResponseSerializer, 201: ChallengeResponseSerializer})
    def post(self, request, challenge_id: int):
        challenge = self.get_challenge()
        challenge_enrollment_get(user=request.user, challenge=challenge)  # 403 before any 400
        serializer = ChallengeResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response, created = challenge_response_create(
            user=request.user, challenge=challenge, **serializer.validated_data
        )
        return Response(
            ChallengeResponseSerializer(response).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ChallengeResponseDetailApi(APIView):
    """PATCH reports back on a commitment: `outcome` kept or missed, with an optional `note`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ChallengeResponseReportSerializer, responses=ChallengeResponseSerializer)
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

    @extend_schema(responses=ChallengeResponseSerializer)
    def get(self, request, challenge_id: int, response_id: int):
        response = get_object_or_404(
            challenge_response_list_for_user(user=request.user, challenge_id=challenge_id), pk=response_id
        )
        return Response(ChallengeResponseSerializer(response).data)


class UnsubscribeApi(APIView):
    """One-click unsubscribe (RFC 8058). POST switches the email kind off, with no sign-in and
    no cookies; GET only describes what POST will do (as HTML for a browser)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [FormParser, MultiPartParser, JSONParser]

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

    @extend_schema(responses=UnsubscribeSerializer)
    def get(self, request, token: str):
        user, kind = self._target(token)
        return self._answer(request, user, kind, done=False)

    @extend_schema(request=None, responses=UnsubscribeSerializer)
    def post(self, request, token: str):
        user, kind = self._target(token)
        user_unsubscribe(user=user, kind=kind)
        return self._answer(request, user, kind, done=True)


class EmailPreferencesApi(APIView):
    """Which progress emails I get, from the signed link at the foot of every email (no sign-in).

    GET only shows the switches (an HTML form for a browser, JSON otherwise) and changes nothing;
    POST sets them: JSON with the switches to change, or the form with a checkbox each.
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [FormParser, MultiPartParser, JSONParser]

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

    @extend_schema(responses=EmailPreferencesSerializer)
    def get(self, request, token: str):
        return self._answer(request, self._user(token), saved=False)

    @extend_schema(request=EmailPreferencesSerializer, responses=EmailPreferencesSerializer)
    def post(self, request, token: str):
        user = self._user(token)
        serializer = EmailPreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_email_preferences_set(user=user, choices=dict(serializer.validated_data))
        return self._answer(request, user, saved=True)
