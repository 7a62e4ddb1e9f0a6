from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from knox import views as knox_views
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .authentication import TokenAuthentication
from .serializers import RegisterSerializer, TokenRequestSerializer, TokenSerializer, UserProfileSerializer
from .services import auth_token_create, user_register, user_update

PROFILE_EXAMPLE = {
    "id": 42,
    "email": "pat@example.com",
    "name": "Pat Lee",
    "timezone": "Europe/London",
    "preferred_hour": 8,
    "email_welcome": True,
    "email_todays_lesson": True,
    "email_weekly_digest": True,
    "email_inactivity": True,
    "email_commitment": True,
    "email_completion": True,
    "email_team_digest": True,
}


class RegisterApi(APIView):
    """Create a learner account."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"
    error_codes = {"POST": {400: ["email_taken", "password_invalid"]}}

    @extend_schema(
        operation_id="registerAccount",
        summary="Create a learner account",
        description=(
            "Creates an account for the email address and returns its profile. Then exchange the same "
            "email and password for a token with `signIn`. The password must be at least 8 characters, "
            "not a common one and not close to the email address (400 `password_invalid`); an address "
            "that already has an account, in any letter case, is a 400 `email_taken`."
        ),
        request=RegisterSerializer,
        responses={201: UserProfileSerializer},
        examples=[
            OpenApiExample(
                "New learner",
                request_only=True,
                value={
                    "email": "pat@example.com",
                    "password": "a long passphrase 42",
                    "name": "Pat Lee",
                    "timezone": "Europe/London",
                },
            ),
            OpenApiExample("Profile", response_only=True, status_codes=["201"], value=PROFILE_EXAMPLE),
        ],
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_register(**serializer.validated_data)
        return Response(
            UserProfileSerializer(user).data, status=status.HTTP_201_CREATED, headers={"Location": reverse("me")}
        )


class TokenApi(APIView):
    """Exchange an email and password for an API token. Repeated failures lock the account for a while (429)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"
    error_codes = {"POST": {400: ["invalid_credentials"], 403: ["token_limit"], 429: ["locked_out"]}}

    @extend_schema(
        operation_id="signIn",
        summary="Sign in: exchange an email and password for a token",
        description=(
            "Returns a new API token; send it as `Authorization: Bearer <token>` on every other call. "
            "The token is shown only this once and stops working at `expiry` or when revoked with "
            "`signOut`. A wrong email or password is a 400 `invalid_credentials`; after repeated "
            "failures the account is locked for a while (429 `locked_out`, even with the right "
            "password). An account may hold a limited number of live tokens (403 `token_limit`)."
        ),
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        examples=[
            OpenApiExample(
                "Credentials", request_only=True, value={"email": "pat@example.com", "password": "a long passphrase 42"}
            ),
            OpenApiExample(
                "Token",
                response_only=True,
                value={
                    "token": "4c1f0c3e5b9a47e1a0f2d6b8c3e7a9d1b2c4e6f8a0b2c4d6e8f0a2b4c6d8e0f2",
                    "expiry": "2026-12-30T09:00:00Z",
                },
            ),
        ],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance, token = auth_token_create(request=request, **serializer.validated_data)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)


class LogoutApi(knox_views.LogoutView):
    """Revoke the token used for this request."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(
        operation_id="signOut",
        summary="Sign out: revoke this token",
        description="Revokes the token sent with this request; other tokens of the account keep working.",
        request=None,
        responses={204: OpenApiResponse(description="Revoked.")},
    )
    def post(self, request, format=None):
        return super().post(request, format)


class LogoutAllApi(knox_views.LogoutAllView):
    """Revoke every token of the signed-in user."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(
        operation_id="signOutEverywhere",
        summary="Sign out everywhere: revoke all my tokens",
        description="Revokes every token of the signed-in account, on every device.",
        request=None,
        responses={204: OpenApiResponse(description="All revoked.")},
    )
    def post(self, request, format=None):
        return super().post(request, format)


class MeApi(APIView):
    """The signed-in user's profile, time zone and email preferences."""

    openapi_tag = "Account"

    @extend_schema(
        operation_id="getProfile",
        summary="My profile and email preferences",
        description="The signed-in learner's name, time zone, preferred email hour and which progress emails they get.",
        responses=UserProfileSerializer,
    )
    def get(self, request):
        return Response(UserProfileSerializer(request.user).data)

    @extend_schema(
        operation_id="updateProfile",
        summary="Change my profile or email preferences",
        description=(
            "Send only the fields to change. `timezone` is an IANA time zone name (such as "
            "`America/New_York`); progress emails go out at `preferred_hour` (0-23) in that time zone. "
            "`id` and `email` cannot be changed here."
        ),
        request=UserProfileSerializer,
        responses=UserProfileSerializer,
        examples=[
            OpenApiExample(
                "Move to New York", request_only=True, value={"timezone": "America/New_York", "preferred_hour": 7}
            ),
            OpenApiExample("No weekly digest", request_only=True, value={"email_weekly_digest": False}),
            OpenApiExample(
                "Profile",
                response_only=True,
                value={**PROFILE_EXAMPLE, "timezone": "America/New_York", "preferred_hour": 7},
            ),
        ],
    )
    def patch(self, request):
        serializer = UserProfileSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = user_update(user=request.user, data=serializer.validated_data)
        return Response(UserProfileSerializer(user).data)
