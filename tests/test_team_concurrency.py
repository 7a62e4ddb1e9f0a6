"""Bulk team enrolment under 10 identical requests at once, each on its own thread and connection."""

import threading

import pytest
from django.db import connection

from enrollments.models import EmailLog, Enrollment
from enrollments.services import enrollment_cancel, enrollment_create
from teams.models import TeamEnrollmentOutcome

from .factories import UserFactory
from .teams_helpers import client_for, course_with_content, team_with_members

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database that takes concurrent writers (CI runs this on PostgreSQL)",
)

N_REQUESTS = 10


def _post_at_once(client_user, url: str, body: dict, n: int) -> list[tuple[int, dict]]:
    """n identical POSTs released together by a barrier, each thread with its own connection."""
    barrier = threading.Barrier(n)
    responses: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def post():
        try:
            client = client_for(client_user)
            barrier.wait()
            response = client.post(url, body)
            with lock:
                responses.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_ten_identical_team_enrolments_at_once_enrol_each_member_once_and_answer_alike():
    team, members = team_with_members(n_members=6)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    own, lapsed, *fresh = members
    own_enrollment, _ = enrollment_create(user=own, course=course)
    lapsed_enrollment = enrollment_cancel(enrollment=enrollment_create(user=lapsed, course=course)[0])
    outsider = UserFactory()
    url = f"/api/v1/teams/{team.id}/enrollments/"
    body = {"course": course.slug, "members": [m.id for m in members] + [outsider.id]}
    welcomes_before = EmailLog.objects.filter(kind="welcome").count()

    responses = _post_at_once(manager, url, body, N_REQUESTS)

    assert [status for status, _ in responses] == [200] * N_REQUESTS
    enrollments = {e.user_id: e for e in Enrollment.objects.filter(course=course)}
    assert len(enrollments) == len(members)  # one enrolment per member, none for the outsider
    expected = [
        {"member": own.id, "result": "already_enrolled", "enrollment": own_enrollment.id},
        {"member": lapsed.id, "result": "reactivated", "enrollment": lapsed_enrollment.id},
        *({"member": m.id, "result": "enrolled", "enrollment": enrollments[m.id].id} for m in fresh),
        {"member": outsider.id, "result": "not_a_member", "enrollment": None},
    ]
    # Every one of the ten answers is the same, and says what the team's enrolment did.
    assert [answer["results"] for _, answer in responses] == [expected] * N_REQUESTS
    assert {(e.user_id, e.status) for e in enrollments.values()} == {(m.id, "active") for m in members}
    assert {(e.source, e.team_id) for uid, e in enrollments.items() if uid != own.id} == {("team", team.id)}
    assert (enrollments[own.id].source, enrollments[own.id].team_id) == ("self", None)
    assert TeamEnrollmentOutcome.objects.filter(team=team, course=course).count() == len(members)
    assert EmailLog.objects.filter(kind="welcome").count() - welcomes_before == len(fresh)

    # A later identical request, alone, answers the same again.
    repeat = client_for(manager).post(url, body)
    assert repeat.json()["results"] == expected
    assert Enrollment.objects.filter(course=course).count() == len(members)
