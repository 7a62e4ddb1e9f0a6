"""Bulk team enrolment under 10 identical requests at once, each on its own thread and connection."""

import threading

import pytest
from django.db import connection

from enrollments.models import EmailLog, Enrollment

from .teams_helpers import client_for, course_with_content, team_with_members

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database that takes concurrent writers (CI runs this on PostgreSQL)",
)

N_REQUESTS = 10


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_ten_identical_team_enrolments_at_once_enrol_each_member_once():
    team, members = team_with_members(n_members=6)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    url = f"/api/v1/teams/{team.id}/enrollments/"
    body = {"course": course.slug, "members": "all"}
    barrier = threading.Barrier(N_REQUESTS)
    responses: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def post():
        try:
            client = client_for(manager)
            barrier.wait()
            response = client.post(url, body)
            with lock:
                responses.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(N_REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _ in responses] == [200] * N_REQUESTS
    member_ids = [m.id for m in members]
    # Every answer covers the same members in the same order, with the same enrolment for each.
    for _, answer in responses:
        assert [r["member"] for r in answer["results"]] == member_ids
    enrollment_ids = {tuple(r["enrollment"] for r in answer["results"]) for _, answer in responses}
    assert len(enrollment_ids) == 1
    # Each member is enrolled by exactly one request; every other request says already_enrolled.
    for index in range(len(members)):
        outcomes = sorted(answer["results"][index]["result"] for _, answer in responses)
        assert outcomes == ["already_enrolled"] * (N_REQUESTS - 1) + ["enrolled"]
    assert Enrollment.objects.filter(course=course).count() == len(members)
    assert set(Enrollment.objects.filter(course=course).values_list("source", "team_id")) == {("team", team.id)}
    assert EmailLog.objects.filter(kind="welcome").count() == len(members)
