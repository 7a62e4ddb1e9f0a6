"""Who may do what to a team: the policy as one table, each cell run in a fresh world.

In each world:
- `manager`        manages the team (with a co-manager, so leaving is allowed);
- `other_manager`  manages another team and is not in this one;
- `member`         is a member of the team;
- `non_member`     is signed in and in no team;
- `anonymous`      has no credentials;
- `staff`          is a superuser in no team: staff see teams in the admin, not through the API.

A team one is not in does not exist for them (404); a member asking for a manager's operation
gets a 403.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from teams.models import Invitation, Team
from teams.services import team_create, team_invite

from .teams_helpers import course_with_content, team_with_members

pytestmark = pytest.mark.django_db

ACTORS = ("manager", "other_manager", "member", "non_member", "anonymous", "staff")

# fmt: off
POLICY = {
    #  operation                              manager other_mgr member non_member anonymous staff
    "GET my teams":                           (200,    200,      200,   200,       401,      200),
    "POST a team":                            (201,    201,      201,   201,       401,      201),
    "GET the team":                           (200,    404,      200,   404,       401,      404),
    "PATCH the team":                         (200,    404,      403,   404,       401,      404),
    "DELETE the team":                        (204,    404,      403,   404,       401,      404),
    "GET invitations":                        (200,    404,      403,   404,       401,      404),
    "POST invitations":                       (200,    404,      403,   404,       401,      404),
    "DELETE an invitation":                   (204,    404,      403,   404,       401,      404),
    "DELETE another member":                  (204,    404,      403,   404,       401,      404),
    "DELETE myself (leave)":                  (204,    404,      204,   404,       401,      404),
    "POST team enrollments":                  (200,    404,      403,   404,       401,      404),
    "GET progress":                           (200,    404,      403,   404,       401,      404),
    "GET progress as CSV":                    (200,    404,      403,   404,       401,      404),
    "GET commitments":                        (200,    404,      403,   404,       401,      404),
}
# fmt: on


@dataclass
class World:
    team: Team
    invitation: Invitation
    other_member: User
    course_slug: str
    users: dict[str, User]


def _world() -> World:
    team, (member, other_member) = team_with_members(n_members=2)
    manager = team.memberships.get(role="manager").user
    co_manager = User.objects.create_user("co@example.com", "pw")
    team.memberships.create(user=co_manager, role="manager")
    other_manager = User.objects.create_user("other@example.com", "pw")
    team_create(user=other_manager, name="Another team")
    team_invite(team=team, invited_by=manager, emails=["invited@example.com"])
    return World(
        team=team,
        invitation=Invitation.objects.get(team=team),
        other_member=other_member,
        course_slug=course_with_content().slug,
        users={
            "manager": manager,
            "other_manager": other_manager,
            "member": member,
            "non_member": User.objects.create_user("nobody@example.com", "pw"),
            "staff": User.objects.create_superuser("staff@example.com", "pw"),
        },
    )


def _request(client: APIClient, world: World, actor: str, operation: str):
    team = f"/api/v1/teams/{world.team.id}"
    me = world.users.get(actor)
    calls: dict[str, Callable] = {
        "GET my teams": lambda: client.get("/api/v1/teams/"),
        "POST a team": lambda: client.post("/api/v1/teams/", {"name": "Mine"}),
        "GET the team": lambda: client.get(f"{team}/"),
        "PATCH the team": lambda: client.patch(f"{team}/", {"name": "Renamed"}),
        "DELETE the team": lambda: client.delete(f"{team}/"),
        "GET invitations": lambda: client.get(f"{team}/invitations/"),
        "POST invitations": lambda: client.post(f"{team}/invitations/", {"emails": ["new@example.com"]}),
        "DELETE an invitation": lambda: client.delete(f"{team}/invitations/{world.invitation.id}/"),
        "DELETE another member": lambda: client.delete(f"{team}/members/{world.other_member.id}/"),
        "DELETE myself (leave)": lambda: client.delete(f"{team}/members/{me.id if me else 0}/"),
        "POST team enrollments": lambda: client.post(
            f"{team}/enrollments/", {"course": world.course_slug, "members": "all"}
        ),
        "GET progress": lambda: client.get(f"{team}/progress/"),
        "GET progress as CSV": lambda: client.get(f"{team}/progress/", HTTP_ACCEPT="text/csv"),
        "GET commitments": lambda: client.get(f"{team}/commitments/"),
    }
    return calls[operation]()


CASES = [
    (operation, actor, expected)
    for operation, row in POLICY.items()
    for actor, expected in zip(ACTORS, row, strict=False)
]


@pytest.mark.parametrize(("operation", "actor", "expected"), CASES)
def test_team_permissions(operation, actor, expected):
    world = _world()
    client = APIClient()
    if actor != "anonymous":
        client.force_authenticate(world.users[actor])

    response = _request(client, world, actor, operation)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["status"] == expected  # the API's JSON error shape, also for CSV


def test_refused_operations_change_nothing():
    world = _world()
    before = (
        Team.objects.get(pk=world.team.pk).name,
        world.team.memberships.count(),
        Invitation.objects.filter(status="pending").count(),
    )
    for actor in ("other_manager", "member", "non_member", "staff"):
        client = APIClient()
        client.force_authenticate(world.users[actor])
        for operation in ("PATCH the team", "DELETE the team", "DELETE an invitation", "DELETE another member"):
            _request(client, world, actor, operation)

    after = (
        Team.objects.get(pk=world.team.pk).name,
        world.team.memberships.count(),
        Invitation.objects.filter(status="pending").count(),
    )
    assert after == before
