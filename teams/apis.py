import csv
import io

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from courseplatform.errors import ApplicationError
from courseplatform.parsers import JSONParser
from courseplatform.query import query_value
from courseplatform.renderers import JSONRenderer
from courses.selectors import course_list_published
from enrollments.emails.unsubscribe import mask_email
from enrollments.models import ChallengeResponse

from .models import Invitation, Team, TeamMembership
from .selectors import (
    PROGRESS_ORDERINGS,
    invitation_list_pending,
    team_commitments,
    team_list_for_user,
    team_members,
    team_progress,
    team_with_role_get,
)
from .serializers import (
    PROGRESS_CSV_COLUMNS,
    InvitationPreviewSerializer,
    InvitationSerializer,
    InvitationTokenSerializer,
    InviteRequestSerializer,
    InviteResponseSerializer,
    MembershipSerializer,
    TeamCommitmentSerializer,
    TeamEnrollRequestSerializer,
    TeamEnrollResponseSerializer,
    TeamProgressSerializer,
    TeamSerializer,
    TeamUpdateSerializer,
    TeamWriteSerializer,
    team_progress_data,
)
from .services import (
    invitation_accept,
    invitation_decline,
    invitation_get_by_token,
    invitation_revoke,
    team_create,
    team_delete,
    team_enroll,
    team_invite,
    team_member_remove,
    team_update,
)

MANAGER = TeamMembership.Role.MANAGER

TEAM_EXAMPLE = {
    "id": 3,
    "name": "Northern sales",
    "auto_enroll": True,
    "my_role": "manager",
    "managers": [{"id": 42, "email": "sam@example.com", "name": "Sam Ortiz"}],
    "member_count": 1,
    "members": [
        {
            "id": 57,
            "email": "kim@example.com",
            "name": "Kim Rowe",
            "role": "member",
            "joined_at": "2026-11-30T09:00:00Z",
        }
    ],
    "created_at": "2026-11-29T08:00:00Z",
}
PREVIEW_EXAMPLE = {
    "team": "Northern sales",
    "email": "k***@example.com",
    "role": "member",
    "status": "pending",
    "expires_at": "2026-12-14T09:00:00Z",
}
TOKEN_EXAMPLE = OpenApiExample("Token", request_only=True, value={"token": "MTI:1v2Xa9:Qm9vaG9vLWV4YW1wbGU"})
INVITATION_CLOSED = {410: ["invitation_revoked", "invitation_declined", "invitation_expired", "invitation_used"]}


def _team_for(request, team_id: int, *, manager: bool) -> Team:
    """The team if the user is in it (404 otherwise: a team you are not in does not exist for you);
    a 403 when the operation is for managers and the user is only a member."""
    team = team_with_role_get(user=request.user, team_id=team_id)
    if team is None:
        raise Http404
    if manager and team.my_role != MANAGER:  # type: ignore[attr-defined]
        raise ApplicationError("Only the team's managers can do this.", code="not_a_manager", status=403)
    return team


def _team_out(request, team_id: int) -> dict:
    team = team_list_for_user(user=request.user).get(pk=team_id)
    members = team_members(team=team) if getattr(team, "my_role", None) == MANAGER else None
    return TeamSerializer(team, context={"members": members}).data


class TeamListApi(generics.ListAPIView):
    """GET the teams I manage or belong to; POST creates a team with me as its manager."""

    permission_classes = [IsAuthenticated]
    serializer_class = TeamSerializer
    filter_backends: list = []

    def get_queryset(self):
        return team_list_for_user(user=self.request.user)

    @extend_schema(
        operation_id="listTeams",
        summary="My teams",
        description="The teams I manage or belong to, with my role in each. Members are listed to managers only.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="createTeam",
        summary="Create a team",
        description="Creates a team with me as its manager. Then invite people with `inviteToTeam`.",
        request=TeamWriteSerializer,
        responses={201: TeamSerializer},
        examples=[
            OpenApiExample("New team", request_only=True, value={"name": "Northern sales", "auto_enroll": True}),
            OpenApiExample(
                "Team",
                response_only=True,
                status_codes=["201"],
                value={**TEAM_EXAMPLE, "member_count": 0, "members": []},
            ),
        ],
    )
    def post(self, request):
        serializer = TeamWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = team_create(user=request.user, **serializer.validated_data)
        return Response(
            _team_out(request, team.pk),
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("team-detail", args=[team.pk])},
        )


class TeamDetailApi(APIView):
    """A team: name, managers, and (for managers) its members. PATCH and DELETE are for managers."""

    permission_classes = [IsAuthenticated]
    error_codes = {"PATCH": {403: ["not_a_manager"]}, "DELETE": {403: ["not_a_manager"]}}

    @extend_schema(
        operation_id="getTeam",
        summary="A team",
        description="The team's name, managers and, for its managers, its members. A team I am not in is a 404.",
        responses=TeamSerializer,
    )
    def get(self, request, team_id: int):
        _team_for(request, team_id, manager=False)
        return Response(_team_out(request, team_id))

    @extend_schema(
        operation_id="updateTeam",
        summary="Rename a team or change its automatic enrolment",
        description="Managers only (403 `not_a_manager`). Send only the fields to change.",
        request=TeamUpdateSerializer,
        responses=TeamSerializer,
        examples=[
            OpenApiExample("Rename", request_only=True, value={"name": "North and Scotland"}),
            OpenApiExample("Team", response_only=True, value={**TEAM_EXAMPLE, "name": "North and Scotland"}),
        ],
    )
    def patch(self, request, team_id: int):
        team = _team_for(request, team_id, manager=True)
        serializer = TeamUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        team_update(team=team, data=serializer.validated_data)
        return Response(_team_out(request, team_id))

    @extend_schema(
        operation_id="deleteTeam",
        summary="Delete a team",
        description="Managers only. The members' own enrolments and progress stay theirs.",
        responses={204: OpenApiResponse(description="Deleted.")},
    )
    def delete(self, request, team_id: int):
        team_delete(team=_team_for(request, team_id, manager=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamInvitationListApi(generics.ListAPIView):
    """GET the team's pending invitations; POST invites up to 200 addresses, one result each.

    Results: `invited`, `already_member`, `already_invited` (emailed again at most once a day),
    `invalid`. Managers only."""

    permission_classes = [IsAuthenticated]
    serializer_class = InvitationSerializer
    filter_backends: list = []
    error_codes = {"*": {403: ["not_a_manager"]}}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        team = _team_for(self.request, self.kwargs["team_id"], manager=True)
        return invitation_list_pending(team=team)

    @extend_schema(
        operation_id="listTeamInvitations",
        summary="The team's pending invitations",
        description="Invitations not yet accepted, declined, revoked or expired. Managers only.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="inviteToTeam",
        summary="Invite people by email",
        description=(
            "Emails an invitation to each address (up to 200), with one result each: `invited`, "
            "`already_member`, `already_invited` (emailed again at most once a day) or `invalid`. "
            "Safe to repeat. Managers only."
        ),
        request=InviteRequestSerializer,
        responses=InviteResponseSerializer,
        examples=[
            OpenApiExample(
                "Invite two",
                request_only=True,
                value={"emails": ["kim@example.com", "not-an-address"], "role": "member"},
            ),
            OpenApiExample(
                "Results",
                response_only=True,
                value={
                    "results": [
                        {"email": "kim@example.com", "result": "invited", "invitation": 8, "sent": True, "message": ""},
                        {
                            "email": "not-an-address",
                            "result": "invalid",
                            "invitation": None,
                            "sent": False,
                            "message": "Enter a valid email address.",
                        },
                    ]
                },
            ),
        ],
    )
    def post(self, request, team_id: int):
        team = _team_for(request, team_id, manager=True)
        serializer = InviteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        results = team_invite(team=team, invited_by=request.user, **serializer.validated_data)
        return Response(InviteResponseSerializer({"results": results}).data)


class TeamInvitationDetailApi(APIView):
    """DELETE revokes a pending invitation (idempotent): its link stops working. Managers only."""

    permission_classes = [IsAuthenticated]
    error_codes = {"DELETE": {403: ["not_a_manager"]}}

    @extend_schema(
        operation_id="revokeTeamInvitation",
        summary="Revoke an invitation",
        description="Its link stops working. Safe to repeat. Managers only.",
        responses={204: OpenApiResponse(description="Revoked.")},
    )
    def delete(self, request, team_id: int, invitation_id: int):
        team = _team_for(request, team_id, manager=True)
        invitation_revoke(invitation=get_object_or_404(Invitation, team=team, pk=invitation_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


TOKEN_PARAMETER = OpenApiParameter(
    "token", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True, description="The invitation link's token."
)


class InvitationAcceptApi(APIView):
    """POST `{"token"}` joins the team, signed in with the invited address (403 for another account;
    410 when revoked, expired, declined or already used). GET `?token=` shows what the invitation
    is about, without signing in."""

    openapi_tag = "Teams"
    permission_classes = [IsAuthenticated]
    error_codes = {"*": {400: ["invalid_token"]}, "POST": {403: ["wrong_account"], **INVITATION_CLOSED}}

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(
        operation_id="previewInvitation",
        summary="What an invitation is about",
        description="The team, the (masked) invited address, the role and the invitation's state. No sign-in needed.",
        parameters=[TOKEN_PARAMETER],
        responses=InvitationPreviewSerializer,
    )
    def get(self, request):
        serializer = InvitationTokenSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        invitation = invitation_get_by_token(token=serializer.validated_data["token"])
        if invitation.status == Invitation.Status.PENDING and invitation.expires_at <= timezone.now():
            invitation.status = Invitation.Status.EXPIRED
        return Response({**InvitationPreviewSerializer(invitation).data, "email": mask_email(invitation.email)})

    @extend_schema(
        operation_id="acceptInvitation",
        summary="Join a team",
        description=(
            "Joins the team with the token from the invitation email, signed in with the invited address "
            "(403 `wrong_account` otherwise). A revoked, declined, expired or used invitation is a 410. "
            "Accepting again while in the team returns the same membership."
        ),
        request=InvitationTokenSerializer,
        responses=MembershipSerializer,
        examples=[
            TOKEN_EXAMPLE,
            OpenApiExample(
                "Membership",
                response_only=True,
                value={"team": 3, "team_name": "Northern sales", "role": "member", "joined_at": "2026-11-30T09:00:00Z"},
            ),
        ],
    )
    def post(self, request):
        serializer = InvitationTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = invitation_accept(user=request.user, token=serializer.validated_data["token"])
        return Response(MembershipSerializer(membership).data)


class InvitationDeclineApi(APIView):
    """The "not me" link: POST with the token declines the invitation, with no sign-in. GET `?token=` only
    describes what POST will do (a page with a button for a browser)."""

    openapi_tag = "Teams"
    permission_classes = [AllowAny]
    authentication_classes: list = []
    # The page behind the email's "not me" link posts a form; API clients post JSON.
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    error_codes = {"*": {400: ["invalid_token", "bad_request"]}, "POST": INVITATION_CLOSED}

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    def _answer(self, request, invitation: Invitation, token: str, done: bool):
        body = {
            "team": invitation.team.name,
            "email": mask_email(invitation.email),
            "role": invitation.role,
            "status": invitation.status,
            "expires_at": invitation.expires_at,
        }
        if "text/html" in request.headers.get("Accept", ""):
            return render(request, "teams/decline.html", {**body, "token": token, "done": done})
        return Response({**InvitationPreviewSerializer(invitation).data, "email": body["email"]})

    @extend_schema(
        operation_id="previewInvitationDecline",
        summary="What declining an invitation does",
        description="Describes the invitation; asked for `text/html` (a browser), a page with a button that declines.",
        parameters=[TOKEN_PARAMETER],
        responses={
            (200, "application/json"): InvitationPreviewSerializer,
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The page."),
        },
    )
    def get(self, request):
        serializer = InvitationTokenSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        token = serializer.validated_data["token"]
        return self._answer(request, invitation_get_by_token(token=token), token, done=False)

    @extend_schema(
        operation_id="declineInvitation",
        summary='Decline an invitation ("not me")',
        description="Declines the invitation with the token from its email, with no sign-in. Its link stops working.",
        request=InvitationTokenSerializer,
        responses={
            (200, "application/json"): InvitationPreviewSerializer,
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The page."),
        },
        examples=[
            TOKEN_EXAMPLE,
            OpenApiExample("Declined", response_only=True, value={**PREVIEW_EXAMPLE, "status": "declined"}),
        ],
    )
    def post(self, request):
        serializer = InvitationTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = serializer.validated_data["token"]
        return self._answer(request, invitation_decline(token=token), token, done=True)


class TeamMemberApi(APIView):
    """DELETE removes someone from the team (managers), or leaves it (yourself). Their own
    enrolments and progress stay theirs. The last manager cannot leave (409)."""

    permission_classes = [IsAuthenticated]
    error_codes = {"DELETE": {403: ["not_a_manager"], 409: ["last_manager"]}}

    @extend_schema(
        operation_id="removeTeamMember",
        summary="Remove a member, or leave the team",
        description=(
            "Managers remove anyone; anyone may remove themselves (leave). The person's own enrolments and "
            "progress stay theirs. The last manager cannot leave (409 `last_manager`). Safe to repeat."
        ),
        responses={204: OpenApiResponse(description="Removed.")},
    )
    def delete(self, request, team_id: int, user_id: int):
        team = _team_for(request, team_id, manager=user_id != request.user.pk)
        team_member_remove(team=team, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamEnrollmentApi(APIView):
    """Enrol members in a published course: `{"course": slug, "members": [ids] | "all"}`.

    One result per member: `enrolled`, `already_enrolled`, `reactivated` or `not_a_member`, the
    same for identical calls (each member's result is recorded). All or nothing. Managers only."""

    permission_classes = [IsAuthenticated]
    error_codes = {"POST": {400: ["not_published", "unknown_course"], 403: ["not_a_manager"]}}

    @extend_schema(
        operation_id="enrollTeam",
        summary="Enrol team members in a course",
        description=(
            'Enrols the given members (user ids), or `"all"` of them, in a published course, with one result '
            "per member, in the order given: `enrolled` (the team's enrolment created theirs), `already_enrolled` "
            "(they had their own enrolment before the team enrolled them), `reactivated` (the team reactivated "
            "their cancelled enrolment) or `not_a_member`. Each member's result is recorded with their "
            "enrolment, so identical calls, at the same time or later, enrol each member once and answer the "
            "same results; a later call reactivates an enrolment cancelled since and answers `reactivated` "
            "for it from then on. All or nothing. A `course` that names no published course is a 400 "
            "`unknown_course` (a 404 would mean the team is not there). Managers only."
        ),
        request=TeamEnrollRequestSerializer,
        responses=TeamEnrollResponseSerializer,
        examples=[
            OpenApiExample(
                "Everyone", request_only=True, value={"course": "sales-leader-challenges", "members": "all"}
            ),
            OpenApiExample(
                "Two people", request_only=True, value={"course": "sales-leader-challenges", "members": [57, 58]}
            ),
            OpenApiExample(
                "Results",
                response_only=True,
                value={
                    "course": "sales-leader-challenges",
                    "results": [
                        {"member": 57, "result": "enrolled", "enrollment": 91},
                        {"member": 58, "result": "already_enrolled", "enrollment": 77},
                    ],
                },
            ),
        ],
    )
    def post(self, request, team_id: int):
        team = _team_for(request, team_id, manager=True)
        serializer = TeamEnrollRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        slug = serializer.validated_data["course"]
        course = course_list_published().filter(slug=slug).first()
        if course is None:
            # The team (the URL) is there; the body names something that is not: a 400, not a 404.
            raise ApplicationError(f"No published course “{slug}”.", field="course", code="unknown_course")
        results = team_enroll(team=team, course=course, members=serializer.validated_data["members"])
        return Response(TeamEnrollResponseSerializer({"course": course.slug, "results": results}).data)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([name for name, _ in PROGRESS_CSV_COLUMNS])
        for row in data:
            writer.writerow([value(row) for _, value in PROGRESS_CSV_COLUMNS])
        return out.getvalue().encode(self.charset)


ORDERING_PARAMETER = OpenApiParameter(
    "ordering",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=list(PROGRESS_ORDERINGS),
    description="Sort by last activity or percent (a leading '-' for descending); default: member.",
)
COURSE_PARAMETER = OpenApiParameter(
    "course", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Only this course (its slug)."
)


class TeamProgressApi(generics.ListAPIView):
    """Each member's progress in each of the team's courses (the courses the team enrolled members in).

    Paginated JSON; with `Accept: text/csv`, every row as CSV. Managers only."""

    permission_classes = [IsAuthenticated]
    serializer_class = TeamProgressSerializer
    renderer_classes = [JSONRenderer, CSVRenderer]
    filter_backends: list = []
    error_codes = {"GET": {403: ["not_a_manager"]}}

    def perform_content_negotiation(self, request, force=False):
        # OPTIONS describes the endpoint in JSON, even with ?format=csv.
        if request.method == "OPTIONS":
            return (JSONRenderer(), JSONRenderer.media_type)
        return super().perform_content_negotiation(request, force)

    def handle_exception(self, exc):
        # Errors are JSON whatever was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        team = _team_for(self.request, self.kwargs["team_id"], manager=True)
        ordering = query_value(self.request, "ordering") or "member"
        if ordering not in PROGRESS_ORDERINGS:
            raise ApplicationError(f"Sort by one of: {', '.join(PROGRESS_ORDERINGS)}.", field="ordering")
        return team_progress(team=team, ordering=ordering, course_slug=query_value(self.request, "course"))

    @extend_schema(
        operation_id="listTeamProgress",
        summary="Each member's progress",
        description=(
            "One row per member and course the team enrolled them in: percent done, last activity, "
            "completion. A page of JSON, or every row as CSV with `Accept: text/csv`. Managers only."
        ),
        parameters=[ORDERING_PARAMETER, COURSE_PARAMETER],
        responses={
            (200, "application/json"): TeamProgressSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per member and course."),
        },
    )
    def get(self, request, *args, **kwargs):
        query_value(request, "format")  # an empty or doubled ?format= is a 400, not "any format"
        if request.accepted_renderer.format == "csv":
            # Every row goes into the CSV, but a malformed page_size is still the 400 it is for JSON.
            self.paginator.get_page_size(request)
            rows = [team_progress_data(row) for row in self.get_queryset()]
            response = Response(rows, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="team-{kwargs["team_id"]}-progress.csv"'
            return response
        # As ListAPIView.list, with the rows as plain dicts (TeamProgressSerializer describes them).
        page = self.paginate_queryset(self.get_queryset()) or []
        return self.get_paginated_response([team_progress_data(row) for row in page])


STATUS_PARAMETER = OpenApiParameter(
    "status", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["open", "overdue", "kept", "missed"]
)


class TeamCommitmentListApi(generics.ListAPIView):
    """The members' commitments, soonest due first. Status and due date always; the reflection,
    the commitment's words and the report-back note only for members who share them
    (`share_with_managers`). Managers only."""

    permission_classes = [IsAuthenticated]
    serializer_class = TeamCommitmentSerializer
    filter_backends: list = []
    error_codes = {"GET": {403: ["not_a_manager"]}}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChallengeResponse.objects.none()
        team = _team_for(self.request, self.kwargs["team_id"], manager=True)
        wanted = query_value(self.request, "status")
        if wanted and wanted not in {"open", "overdue", "kept", "missed"}:
            raise ApplicationError("Status must be open, overdue, kept or missed.", field="status")
        return team_commitments(team=team, status=wanted)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.now().date()}

    @extend_schema(
        operation_id="listTeamCommitments",
        summary="The members' commitments",
        description=(
            "Soonest due first, filtered by `status`. The status and due date always; the reflection, "
            "the commitment's words and the report-back note only for members who chose to share them "
            "with their managers. Managers only."
        ),
        parameters=[STATUS_PARAMETER],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
