"""Teams in the admin: staff edit everything; an instructor sees, read-only, the teams enrolled in their courses."""

import pytest
from django.contrib.auth.models import Group

from teams.models import Invitation, Team
from teams.services import team_enroll, team_invite

from .factories import UserFactory
from .teams_helpers import course_with_content, team_with_members

pytestmark = pytest.mark.django_db

TEAM_LIST = "/admin/teams/team/"


def _instructor():
    user = UserFactory(email="coach@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def world():
    instructor = _instructor()
    taught = course_with_content(title="Taught course", instructors=[instructor])
    other = course_with_content(title="Someone else's course")
    enrolled_team, _ = team_with_members(n_members=2, name="Enrolled in the taught course")
    other_team, _ = team_with_members(n_members=1, name="Enrolled elsewhere")
    team_enroll(team=enrolled_team, course=taught, members="all")
    team_enroll(team=other_team, course=other, members="all")
    manager = enrolled_team.memberships.get(role="manager").user
    team_invite(team=enrolled_team, invited_by=manager, emails=["pat@example.com"])
    return instructor, enrolled_team, other_team


def test_an_instructor_sees_only_the_teams_in_their_courses_read_only(client, world):
    instructor, enrolled_team, other_team = world
    client.force_login(instructor)

    listing = client.get(TEAM_LIST)
    detail = client.get(f"{TEAM_LIST}{enrolled_team.pk}/change/")
    hidden = client.get(f"{TEAM_LIST}{other_team.pk}/change/")
    edit = client.post(f"{TEAM_LIST}{enrolled_team.pk}/change/", {"name": "Hijacked"})

    assert listing.status_code == 200
    assert enrolled_team.name in listing.content.decode()
    assert other_team.name not in listing.content.decode()
    assert detail.status_code == 200
    assert b"pat@example.com" in detail.content  # the invitations, shown
    assert b'name="_save"' not in detail.content  # no save button: read-only
    assert hidden.status_code in (302, 404)
    assert edit.status_code == 403
    assert Team.objects.get(pk=enrolled_team.pk).name == enrolled_team.name
    assert client.get(f"{TEAM_LIST}add/").status_code == 403


def test_staff_with_the_permissions_edit_teams_and_invitations(client, world):
    _instructor, enrolled_team, other_team = world
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get(TEAM_LIST).content.decode()
    invitation = Invitation.objects.get(team=enrolled_team)
    revoke = client.post(
        f"/admin/teams/invitation/{invitation.pk}/change/",
        {
            "team": enrolled_team.pk,
            "email": invitation.email,
            "role": "member",
            "status": "revoked",
            "invited_by": invitation.invited_by_id,
            "expires_at_0": invitation.expires_at.date().isoformat(),
            "expires_at_1": invitation.expires_at.strftime("%H:%M:%S"),
        },
    )

    assert enrolled_team.name in listing and other_team.name in listing
    assert revoke.status_code == 302, revoke.content.decode()[:2000]
    assert Invitation.objects.get(pk=invitation.pk).status == "revoked"
    assert client.get(f"{TEAM_LIST}{enrolled_team.pk}/change/").status_code == 200
    assert b'name="_save"' in client.get(f"{TEAM_LIST}{enrolled_team.pk}/change/").content


def test_a_learner_cannot_open_the_team_admin(client, world):
    client.force_login(UserFactory())

    assert client.get(TEAM_LIST).status_code == 302  # to the admin's sign-in page
