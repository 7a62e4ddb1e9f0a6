"""Ids past the 64-bit range in team URLs are a JSON 404 on every database, SQLite (`make run`)
included, whose driver cannot even bind such a number."""

import pytest

from .factories import UserFactory
from .teams_helpers import client_for, team_with_members

pytestmark = pytest.mark.django_db

HUGE = "9" * 20


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"/api/v1/teams/{HUGE}/"),
        ("patch", f"/api/v1/teams/{HUGE}/"),
        ("delete", f"/api/v1/teams/{HUGE}/"),
        ("get", f"/api/v1/teams/{HUGE}/invitations/"),
        ("post", f"/api/v1/teams/{HUGE}/invitations/"),
        ("delete", f"/api/v1/teams/{HUGE}/invitations/{HUGE}/"),
        ("delete", f"/api/v1/teams/{HUGE}/members/{HUGE}/"),
        ("post", f"/api/v1/teams/{HUGE}/enrollments/"),
        ("get", f"/api/v1/teams/{HUGE}/progress/"),
        ("get", f"/api/v1/teams/{HUGE}/commitments/"),
    ],
)
def test_a_team_id_past_64_bits_is_a_404(method, path):
    response = getattr(client_for(UserFactory()), method)(path, {}, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_removing_a_member_id_past_64_bits_removes_nobody():
    team, members = team_with_members()
    manager = team.memberships.get(role="manager").user

    response = client_for(manager).delete(f"/api/v1/teams/{team.pk}/members/{HUGE}/")

    assert response.status_code < 500
    assert team.memberships.count() == 1 + len(members)
