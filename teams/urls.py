from django.urls import path

from . import apis

urlpatterns = [
    path("teams/", apis.TeamListApi.as_view(), name="team-list"),
    path("teams/<int:team_id>/", apis.TeamDetailApi.as_view(), name="team-detail"),
    path("teams/<int:team_id>/invitations/", apis.TeamInvitationListApi.as_view(), name="team-invitation-list"),
    path(
        "teams/<int:team_id>/invitations/<int:invitation_id>/",
        apis.TeamInvitationDetailApi.as_view(),
        name="team-invitation-detail",
    ),
    path("teams/<int:team_id>/members/<int:user_id>/", apis.TeamMemberApi.as_view(), name="team-member"),
    path("teams/<int:team_id>/enrollments/", apis.TeamEnrollmentApi.as_view(), name="team-enrollments"),
    path("teams/<int:team_id>/progress/", apis.TeamProgressApi.as_view(), name="team-progress"),
    path("teams/<int:team_id>/commitments/", apis.TeamCommitmentListApi.as_view(), name="team-commitments"),
    path("invitations/accept/", apis.InvitationAcceptApi.as_view(), name="invitation-accept"),
    path("invitations/decline/", apis.InvitationDeclineApi.as_view(), name="invitation-decline"),
]
