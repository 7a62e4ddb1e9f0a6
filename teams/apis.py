import csv
import io

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from courseplatform.errors import ApplicationError
from courseplatform.parsers import JSONParser
from courses.selectors import course_list_published
from enrollments.emails.unsubscribe import mask_email
from enrollments.models import ChallengeResponse, Enrollment

from .models import Invitation, Team, TeamMembership
from .selectors import (
    PROGRESS_ORDERINGS,
    invitation_list_pending,
    team_commitments,
    team_list_for_user,
    team_members,
    team_progress,
    team_role_get,
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


def _team_for(request, team_id: int, *, manager: bool) -> Team:
    """The team if the user is in it (404 otherwise: a team you are not in does not exist for you);
    a 403 when the operation is for managers and the user is only a member."""
    role = team_role_get(user=request.user, team_id=team_id)
    if role is None:
        raise Http404
    if manager and role != MANAGER:
        raise ApplicationError("Only the team's managers can do this.", code="not_a_manager", status=403)
    return Team.objects.get(pk=team_id)


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

    @extend_schema(request=TeamWriteSerializer, responses={201: TeamSerializer})
    def post(self, request):
        serializer = TeamWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = team_create(user=request.user, **serializer.validated_data)
        return Response(_team_out(request, team.pk), status=status.HTTP_201_CREATED)


class TeamDetailApi(APIView):
    """A team: name, managers, and (for managers) its members. PATCH and DELETE are for managers."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TeamSerializer)
    def get(self, request, team_id: int):
        _team_for(request, team_id, manager=False)
        return Response(_team_out(request, team_id))

    @extend_schema(request=TeamUpdateSerializer, responses=TeamSerializer)
    def patch(self, request, team_id: int):
        team = _team_for(request, team_id, manager=True)
        serializer = TeamUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        team_update(team=team, data=serializer.validated_data)
        return Response(_team_out(request, team_id))

    @extend_schema(responses={204: None})
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

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        team = _team_for(self.request, self.kwargs["team_id"], manager=True)
        return invitation_list_pending(team=team)

    @extend_schema(request=InviteRequestSerializer, responses=InviteResponseSerializer)
    def post(self, request, team_id: int):
        team = _team_for(request, team_id, manager=True)
        serializer = InviteRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        results = team_invite(team=team, invited_by=request.user, **serializer.validated_data)
        return Response(InviteResponseSerializer({"results": results}).data)


class TeamInvitationDetailApi(APIView):
    """DELETE revokes a pending invitation (idempotent): its link stops working. Managers only."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
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

    permission_classes = [IsAuthenticated]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "GET" else super().get_permissions()

    @extend_schema(parameters=[TOKEN_PARAMETER], responses=InvitationPreviewSerializer)
    def get(self, request):
        serializer = InvitationTokenSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        invitation = invitation_get_by_token(token=serializer.validated_data["token"])
        if invitation.status == Invitation.Status.PENDING and invitation.expires_at <= timezone.now():
            invitation.status = Invitation.Status.EXPIRED
        return Response({**InvitationPreviewSerializer(invitation).data, "email": mask_email(invitation.email)})

    @extend_schema(request=InvitationTokenSerializer, responses=MembershipSerializer)
    def post(self, request):
        serializer = InvitationTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = invitation_accept(user=request.user, token=serializer.validated_data["token"])
        return Response(MembershipSerializer(membership).data)


class InvitationDeclineApi(APIView):
    """The "not me" link: POST with the token declines the invitation, with no sign-in. GET `?token=` only
    describes what POST will do (a page with a button for a browser)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [FormParser, MultiPartParser, JSONParser]

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

    @extend_schema(parameters=[TOKEN_PARAMETER], responses=InvitationPreviewSerializer)
    def get(self, request):
        serializer = InvitationTokenSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        token = serializer.validated_data["token"]
        return self._answer(request, invitation_get_by_token(token=token), token, done=False)

    @extend_schema(request=InvitationTokenSerializer, responses=InvitationPreviewSerializer)
    def post(self, request):
        serializer = InvitationTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = serializer.validated_data["token"]
        return self._answer(request, invitation_decline(token=token), token, done=True)


class TeamMemberApi(APIView):
    """DELETE removes someone from the team (managers), or leaves it (yourself). Their own
    enrolments and progress stay theirs. The last manager cannot leave (409)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, team_id: int, user_id: int):
        team = _team_for(request, team_id, manager=user_id != request.user.pk)
        team_member_remove(team=team, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamEnrollmentApi(APIView):
    """Enrol members in a published course: `{"course": slug, "members": [ids] | "all"}`.

    One result per member: `enrolled`, `already_enrolled`, `reactivated` or `not_a_member`.
    Safe to repeat; all or nothing. Managers only."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=TeamEnrollRequestSerializer, responses=TeamEnrollResponseSerializer)
    def post(self, request, team_id: int):
        team = _team_for(request, team_id, manager=True)
        serializer = TeamEnrollRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        slug = serializer.validated_data["course"]
        course = course_list_published().filter(slug=slug).first()
        if course is None:
            raise ApplicationError(f"No published course “{slug}”.", field="course", code="not_found", status=404)
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

    def handle_exception(self, exc):
        # Errors are JSON whatever was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        team = _team_for(self.request, self.kwargs["team_id"], manager=True)
        ordering = self.request.query_params.get("ordering") or "member"
        if ordering not in PROGRESS_ORDERINGS:
            raise ApplicationError(f"Sort by one of: {', '.join(PROGRESS_ORDERINGS)}.", field="ordering")
        return team_progress(team=team, ordering=ordering, course_slug=self.request.query_params.get("course"))

    @extend_schema(
        parameters=[ORDERING_PARAMETER, COURSE_PARAMETER],
        responses={
            (200, "application/json"): TeamProgressSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per member and course."),
        },
    )
    def get(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            rows = TeamProgressSerializer(self.get_queryset(), many=True).data
            response = Response(rows, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="team-{kwargs["team_id"]}-progress.csv"'
            return response
        return super().get(request, *args, **kwargs)


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

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChallengeResponse.objects.none()
        team = _team_for(self.request, self.kwargs["team_id"], manager=True)
        wanted = self.request.query_params.get("status")
        if wanted and wanted not in {"open", "overdue", "kept", "missed"}:
            raise ApplicationError("Status must be open, overdue, kept or missed.", field="status")
        return team_commitments(team=team, status=wanted)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.now().date()}

    @extend_schema(parameters=[STATUS_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
