from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from knox import views as knox_views
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .authentication import TokenAuthentication
from .selectors import user_data_export
from .serializers import (
    AccountDeleteSerializer,
    EmailChangeSerializer,
    EmailRequestSerializer,
    EmailSentSerializer,
    EmailTokenSerializer,
    EmailVerifiedSerializer,
    MessageSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    RegisterSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserDataExportSerializer,
    UserProfileSerializer,
)
from .services import (
    auth_token_create,
    email_change_request,
    email_verification_resend,
    password_change,
    password_reset_confirm,
    password_reset_request,
    user_delete,
    user_email_verify,
    user_register,
    user_update,
)

CHECK_INBOX = "Check the inbox of {email}: the email there says what to do next."
EXAMPLE_EMAIL = "pat@example.com"
EXAMPLE_TOKEN = "eyJ1Ijo0Miwicy...:1u8Xq2:Q3sl5m..."
SENT_EXAMPLE = OpenApiExample(
    "Sent",
    value={"email": EXAMPLE_EMAIL, "message": CHECK_INBOX.format(email=EXAMPLE_EMAIL)},
    response_only=True,
    status_codes=["202"],
)


def _sent(email: str) -> Response:
    body = {"email": email, "message": CHECK_INBOX.format(email=email)}
    return Response(EmailSentSerializer(body).data, status=status.HTTP_202_ACCEPTED)


PROFILE_EXAMPLE = {
    "id": 42,
    "email": "pat@example.com",
    "email_verified": True,
    "pending_email": None,
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
    "share_with_managers": False,
}


class RegisterApi(APIView):
    """Sign up: the same answer whether or not the address has an account (see user_register)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"
    error_codes = {"POST": {400: ["password_invalid"]}}

    @extend_schema(
        operation_id="registerAccount",
        summary="Create a learner account",
        description=(
            "Always answers 202 with the same body, whether or not the address already has an account, "
            "so that nobody can find out who has one. A new address gets an account and an email with a "
            "link to confirm the address (`confirmEmail`); an address that has an account gets an email "
            "saying so, with a link to choose a new password. The new account can sign in at once "
            "(`signIn`); progress emails start once the address is confirmed. The password must be at "
            "least 8 characters, not a common one and not close to the email address (400 "
            "`password_invalid`, checked whether or not the address has an account)."
        ),
        request=RegisterSerializer,
        responses={202: EmailSentSerializer},
        examples=[
            OpenApiExample(
                "New learner",
                request_only=True,
                value={
                    "email": EXAMPLE_EMAIL,
                    "password": "a long passphrase 42",
                    "name": "Pat Lee",
                    "timezone": "Europe/London",
                },
            ),
            SENT_EXAMPLE,
        ],
    )
    def post(self, request):
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _sent(user_register(**serializer.validated_data))


class VerifyEmailApi(APIView):
    """Confirm an address: a new account's, or a new one asked for with POST /me/email/."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"
    error_codes = {"POST": {400: ["invalid_token"], 409: ["email_taken"]}}

    @extend_schema(
        operation_id="confirmEmail",
        summary="Confirm an email address with the token from the email",
        description=(
            "Send the `token` query parameter of the link in a confirmation email. It confirms a new "
            "account's address, or a new address asked for with `changeEmail`, which then becomes the "
            "account's address. The same link used again gives the same answer. A token that expired "
            "(after 72 hours by default), was altered, or was replaced by a newer request is a 400 "
            "`invalid_token`; a new address that another account took meanwhile is a 409 `email_taken`."
        ),
        request=EmailTokenSerializer,
        responses={200: EmailVerifiedSerializer},
        examples=[
            OpenApiExample("Token from the link", value={"token": EXAMPLE_TOKEN}, request_only=True),
            OpenApiExample(
                "Confirmed",
                value={"email": EXAMPLE_EMAIL, "email_verified": True, "message": "Your email address is confirmed."},
                response_only=True,
            ),
        ],
    )
    def post(self, request):
        serializer = EmailTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_email_verify(token=serializer.validated_data["token"])
        body = {"email": user.email, "email_verified": True, "message": "Your email address is confirmed."}
        return Response(EmailVerifiedSerializer(body).data)


class _EmailOnlyApi(APIView):
    """An anyone-may-call operation that takes `{"email"}`, may send that address an email, and
    always answers the same 202 (so it never tells whether the address has an account)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"

    def send(self, email: str):  # the service to call; returns what `_sent` reports
        raise NotImplementedError

    def post(self, request):
        serializer = EmailRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _sent(self.send(serializer.validated_data["email"]))


def _email_only_schema(*, operation_id: str, summary: str, description: str):
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            summary=summary,
            description=description,
            request=EmailRequestSerializer,
            responses={202: EmailSentSerializer},
            examples=[OpenApiExample("Address", value={"email": EXAMPLE_EMAIL}, request_only=True), SENT_EXAMPLE],
        )
    )


@_email_only_schema(
    operation_id="resendConfirmationEmail",
    summary="Send the confirmation email again",
    description=(
        "Always 202 with the same body, whether or not the address has an account or is confirmed "
        "already; only an unconfirmed account gets an email, and at most one a minute."
    ),
)
class VerifyEmailResendApi(_EmailOnlyApi):
    """A new confirmation email, for an unconfirmed account only; the same answer for any address."""

    def send(self, email: str):
        return email_verification_resend(email=email)


@_email_only_schema(
    operation_id="requestPasswordReset",
    summary="Forgotten password: email a reset link",
    description=(
        "Always 202 with the same body, whether or not the address has an account; only an existing "
        "account gets the email, at most one a minute. Its link carries a `token` for "
        "`resetPassword`, which works once, for an hour by default."
    ),
)
class PasswordResetApi(_EmailOnlyApi):
    """Forgotten password: a reset link to an existing account; the same answer for any address."""

    def send(self, email: str):
        return password_reset_request(email=email)


class PasswordResetConfirmApi(APIView):
    """Set a new password with a reset token; every API token of the account is revoked."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_scope = "auth"
    error_codes = {"POST": {400: ["invalid_token", "password_invalid"]}}

    @extend_schema(
        operation_id="resetPassword",
        summary="Set a new password with the token from the reset email",
        description=(
            "Send the `token` query parameter of the link in the reset email and the new password. Every "
            "API token of the account stops working: sign in again. The token works once: used, expired "
            "or altered it is a 400 `invalid_token`. A password the rules refuse is a 400 "
            "`password_invalid` and leaves the token usable. It also confirms an unconfirmed address."
        ),
        request=PasswordResetConfirmSerializer,
        responses={200: MessageSerializer},
        examples=[
            OpenApiExample(
                "New password", value={"token": EXAMPLE_TOKEN, "password": "another long passphrase"}, request_only=True
            ),
            OpenApiExample("Done", value={"message": "Your password is changed. Sign in with it."}, response_only=True),
        ],
    )
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_confirm(**serializer.validated_data)
        return Response(MessageSerializer({"message": "Your password is changed. Sign in with it."}).data)


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


class BodyOnDeleteSchema(api_settings.DEFAULT_SCHEMA_CLASS):  # type: ignore[name-defined]
    """Documents the request body of a DELETE, which the schema generator leaves out by default."""

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


class MeApi(APIView):
    """The signed-in user's profile, time zone and email preferences; DELETE deletes the account."""

    schema = BodyOnDeleteSchema()
    openapi_tag = "Account"
    error_codes = {"DELETE": {400: ["wrong_password"], 403: ["staff_account"]}}

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

    @extend_schema(
        operation_id="deleteAccount",
        summary="Delete my account and my data",
        request=AccountDeleteSerializer,
        responses={204: OpenApiResponse(description="Deleted.")},
        examples=[OpenApiExample("Password", value={"password": "a long passphrase 42"}, request_only=True)],
        description=(
            "Delete the account and its personal data: profile, enrolments, progress, quiz attempts, "
            "challenge responses, the email log and every API token (which stop working at once). "
            "Certificates stay verifiable by their code, without the name. A wrong password is a 400 "
            "`wrong_password`; staff accounts are deleted by an administrator (403 `staff_account`)."
        ),
    )
    def delete(self, request):
        serializer = AccountDeleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_delete(user=request.user, password=serializer.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportApi(APIView):
    """Everything the platform holds about the signed-in user (see user_data_export)."""

    @extend_schema(
        operation_id="exportMyData",
        summary="Everything the platform holds about me",
        description=(
            "The account's data as one JSON document: profile and preferences, enrolments, lesson "
            "completions, quiz attempts with my answers (each marked right or wrong), challenge "
            "responses, certificates, team memberships, the emails recorded for me and when each API "
            "token was made (never the tokens)."
        ),
        responses=UserDataExportSerializer,
    )
    def get(self, request):
        return Response(UserDataExportSerializer(user_data_export(user=request.user)).data)


class MePasswordApi(APIView):
    """Change the password knowing the current one; every other API token is revoked."""

    openapi_tag = "Account"
    throttle_scope = "auth"
    error_codes = {"POST": {400: ["wrong_password", "password_invalid"]}}

    @extend_schema(
        operation_id="changePassword",
        summary="Change my password",
        description=(
            "Needs the current password (400 `wrong_password` on `current_password` otherwise). Every "
            "other API token of the account stops working; the one sending this request keeps working. "
            "A new password the rules refuse is a 400 `password_invalid` on `new_password`."
        ),
        request=PasswordChangeSerializer,
        responses={204: OpenApiResponse(description="Changed.")},
        examples=[
            OpenApiExample(
                "Change",
                value={"current_password": "a long passphrase 42", "new_password": "another long passphrase"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_change(user=request.user, keep_token=request.auth, **serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeEmailApi(APIView):
    """Ask to move the account to a new address, confirmed by a link sent there."""

    openapi_tag = "Account"
    throttle_scope = "auth"
    error_codes = {"POST": {400: ["wrong_password", "same_email"]}}

    @extend_schema(
        operation_id="changeEmail",
        summary="Change my email address",
        description=(
            "Needs the current password (400 `wrong_password`). A link goes to the new address; the "
            "change takes effect when it is used (`confirmEmail`). Until then the account keeps its "
            "address and `pending_email` on the profile shows the new one; a newer request replaces it. "
            "The answer is the same when the new address has an account of its own, and then no "
            "email is sent."
        ),
        request=EmailChangeSerializer,
        responses={202: EmailSentSerializer},
        examples=[
            OpenApiExample(
                "New address",
                value={"email": "pat.new@example.com", "password": "a long passphrase 42"},
                request_only=True,
            ),
            SENT_EXAMPLE,
        ],
    )
    def post(self, request):
        serializer = EmailChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = email_change_request(
            user=request.user,
            password=serializer.validated_data["password"],
            new_email=serializer.validated_data["email"],
        )
        return _sent(user.pending_email)
