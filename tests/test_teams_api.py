"""Teams through the API: creating, inviting, accepting, leaving, enrolling, progress and commitments."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Course
from enrollments.models import ChallengeResponse, EmailLog, Enrollment, QuizAttempt
from enrollments.selectors import enrollment_list_for_user, enrollment_progress
from enrollments.services import challenge_response_create, enrollment_cancel, enrollment_create, lesson_complete
from lessons.models import Lesson, Quiz
from teams.models import Invitation, TeamEnrollmentOutcome, TeamMembership
from teams.selectors import team_progress
from teams.serializers import TeamProgressSerializer, team_progress_data
from teams.services import team_invite
from teams.tokens import invitation_token

from .factories import CourseFactory, UserFactory
from .teams_helpers import client_for, course_with_content, team_with_members

pytestmark = pytest.mark.django_db


def _token(invitation: Invitation) -> str:
    return invitation_token(invitation_id=invitation.pk, nonce=invitation.nonce)


def _invite(team, manager, email: str) -> Invitation:
    team_invite(team=team, invited_by=manager, emails=[email])
    return Invitation.objects.get(team=team, email=email.lower(), status="pending")


# Teams


def test_creating_a_team_makes_me_its_manager(learner_client, learner):
    response = learner_client.post("/api/v1/teams/", {"name": "  West coast  "})

    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "West coast"
    assert body["my_role"] == "manager"
    assert body["managers"] == [{"id": learner.id, "email": learner.email, "name": learner.name}]
    assert body["members"] == []
    assert TeamMembership.objects.get(team_id=body["id"], user=learner).role == "manager"


def test_a_team_needs_a_name(learner_client):
    response = learner_client.post("/api/v1/teams/", {"name": "   "})

    assert response.status_code == 400
    assert response.json()["field"] == "name"


def test_my_teams_lists_the_teams_i_manage_or_belong_to_only():
    team, members = team_with_members(n_members=2)
    other_team, _ = team_with_members(name="Other")
    member = members[0]

    body = client_for(member).get("/api/v1/teams/").json()

    assert [t["id"] for t in body["results"]] == [team.id]
    assert body["results"][0]["my_role"] == "member"
    assert body["results"][0]["member_count"] == 2
    assert body["results"][0]["members"] is None  # a member sees the name and managers, not the others
    assert other_team.id not in [t["id"] for t in body["results"]]


def test_a_manager_sees_the_members_and_can_rename_the_team():
    team, members = team_with_members(n_members=2)
    manager = team.memberships.get(role="manager").user
    client = client_for(manager)

    detail = client.get(f"/api/v1/teams/{team.id}/").json()
    renamed = client.patch(f"/api/v1/teams/{team.id}/", {"name": "Renamed", "auto_enroll": True})

    assert sorted(m["id"] for m in detail["members"]) == sorted(m.id for m in members)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Renamed"
    assert renamed.json()["auto_enroll"] is True


def test_deleting_a_team_keeps_the_members_learning():
    team, members = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    client_for(manager).post(f"/api/v1/teams/{team.id}/enrollments/", {"course": course.slug, "members": "all"})

    response = client_for(manager).delete(f"/api/v1/teams/{team.id}/")

    assert response.status_code == 204
    enrollment = Enrollment.objects.get(user=members[0], course=course)
    assert enrollment.status == "active"
    assert enrollment.team is None


# Invitations


def test_invitations_answer_one_result_per_address_and_email_each_invitee(django_capture_on_commit_callbacks):
    team, members = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user
    client = client_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/teams/{team.id}/invitations/",
            {"emails": ["New.Person@Example.com", members[0].email, "not an address", "new.person@example.com"]},
        )

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["email"], r["result"]) for r in results] == [
        ("new.person@example.com", "invited"),
        (members[0].email, "already_member"),
        ("not an address", "invalid"),
        ("new.person@example.com", "already_invited"),
    ]
    assert [r["sent"] for r in results] == [True, False, False, False]
    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]
    log = EmailLog.objects.get(kind="team_invitation")
    assert (log.user_id, log.status) == (manager.id, "sent")


def test_inviting_again_resends_at_most_once_a_day(django_capture_on_commit_callbacks):
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    client = client_for(manager)
    start = timezone.now()

    def invite():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/api/v1/teams/{team.id}/invitations/", {"emails": ["pat@example.com"]}).json()

    with time_machine.travel(start, tick=False):
        first = invite()
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        same_day = invite()
    with time_machine.travel(start + dt.timedelta(hours=24, minutes=1), tick=False):
        next_day = invite()

    assert first["results"][0]["result"] == "invited"
    assert same_day["results"][0] == {**first["results"][0], "result": "already_invited", "sent": False}
    assert next_day["results"][0]["result"] == "already_invited"
    assert next_day["results"][0]["sent"] is True
    assert len(mail.outbox) == 2
    assert Invitation.objects.filter(team=team).count() == 1


def test_more_than_200_addresses_is_a_400_naming_the_field():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user

    response = client_for(manager).post(
        f"/api/v1/teams/{team.id}/invitations/", {"emails": [f"p{i}@example.com" for i in range(201)]}
    )

    assert response.status_code == 400
    assert response.json()["field"] == "emails"
    assert not Invitation.objects.exists()


def test_200_invitations_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    team, _ = team_with_members(n_members=3)
    manager = team.memberships.get(role="manager").user
    client = client_for(manager)

    with django_assert_max_num_queries(14):
        response = client.post(
            f"/api/v1/teams/{team.id}/invitations/", {"emails": [f"p{i}@example.com" for i in range(200)]}
        )

    assert [r["result"] for r in response.json()["results"]] == ["invited"] * 200


def test_pending_invitations_are_listed_and_can_be_revoked():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    client = client_for(manager)
    kept = _invite(team, manager, "kept@example.com")
    revoked = _invite(team, manager, "revoked@example.com")

    assert client.delete(f"/api/v1/teams/{team.id}/invitations/{revoked.id}/").status_code == 204
    assert client.delete(f"/api/v1/teams/{team.id}/invitations/{revoked.id}/").status_code == 204
    listed = client.get(f"/api/v1/teams/{team.id}/invitations/").json()["results"]

    assert [i["id"] for i in listed] == [kept.id]
    assert listed[0]["invited_by"]["id"] == manager.id


def test_the_invited_address_accepts_and_joins_the_team():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    invitation = _invite(team, manager, "Pat@Example.com")
    pat = UserFactory(email="pat@example.com")

    response = client_for(pat).post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    assert response.status_code == 200
    assert response.json()["team"] == team.id
    assert response.json()["role"] == "member"
    assert TeamMembership.objects.get(team=team, user=pat).role == "member"
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == ("accepted", pat)


def test_another_account_cannot_use_the_invitation():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    invitation = _invite(team, manager, "pat@example.com")
    someone_else = UserFactory(email="sam@example.com")

    response = client_for(someone_else).post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    assert response.status_code == 403
    assert response.json()["code"] == "wrong_account"
    assert "p***@example.com" in response.json()["message"]
    assert not TeamMembership.objects.filter(team=team, user=someone_else).exists()
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"


def test_an_invitation_expires_after_14_days():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    invitation = _invite(team, manager, "pat@example.com")
    pat = UserFactory(email="pat@example.com")
    client = client_for(pat)

    with time_machine.travel(invitation.created_at + dt.timedelta(days=14, seconds=1)):
        response = client.post("/api/v1/invitations/accept/", {"token": _token(invitation)})
        preview = client.get("/api/v1/invitations/accept/", {"token": _token(invitation)}).json()
    with time_machine.travel(invitation.created_at + dt.timedelta(days=13, hours=23)):
        in_time = client.post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    assert response.status_code == 410
    assert response.json()["code"] == "invitation_expired"
    assert preview["status"] == "expired"
    assert in_time.status_code == 200


def test_a_revoked_invitation_cannot_be_accepted():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    invitation = _invite(team, manager, "pat@example.com")
    pat = UserFactory(email="pat@example.com")
    client_for(manager).delete(f"/api/v1/teams/{team.id}/invitations/{invitation.id}/")

    response = client_for(pat).post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    assert response.status_code == 410
    assert response.json()["code"] == "invitation_revoked"
    assert not TeamMembership.objects.filter(team=team, user=pat).exists()


def test_a_token_used_twice_joins_once_and_does_not_let_a_leaver_back_in():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    invitation = _invite(team, manager, "pat@example.com")
    pat = UserFactory(email="pat@example.com")
    client = client_for(pat)

    first = client.post("/api/v1/invitations/accept/", {"token": _token(invitation)})
    second = client.post("/api/v1/invitations/accept/", {"token": _token(invitation)})
    left = client.delete(f"/api/v1/teams/{team.id}/members/{pat.id}/")
    after_leaving = client.post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    assert left.status_code == 204
    assert after_leaving.status_code == 410
    assert after_leaving.json()["code"] == "invitation_used"
    assert not TeamMembership.objects.filter(team=team, user=pat).exists()


@pytest.mark.parametrize("token", ["", "garbage", "eyJpIjoxfQ:forged:signature"])
def test_a_forged_or_malformed_token_is_a_400_naming_the_token(learner_client, token):
    response = learner_client.post("/api/v1/invitations/accept/", {"token": token})

    assert response.status_code == 400
    assert response.json()["field"] == "token"


def test_a_token_with_the_wrong_nonce_is_refused():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    invitation = _invite(team, manager, "pat@example.com")
    pat = UserFactory(email="pat@example.com")

    forged = invitation_token(invitation_id=invitation.pk, nonce="guessed")
    response = client_for(pat).post("/api/v1/invitations/accept/", {"token": forged})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_token"


def test_not_me_declines_without_signing_in(api_client):
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    invitation = _invite(team, manager, "pat@example.com")

    page = api_client.get("/api/v1/invitations/decline/", {"token": _token(invitation)}, HTTP_ACCEPT="text/html")
    declined = api_client.post("/api/v1/invitations/decline/", {"token": _token(invitation)}, format="multipart")

    assert page.status_code == 200
    assert b"Decline the invitation" in page.content
    assert Invitation.objects.get(pk=invitation.pk).status == "declined"
    assert declined.json()["status"] == "declined"
    assert declined.json()["email"] == "p***@example.com"


def test_accepting_as_a_manager_lets_managers_add_managers():
    team, _ = team_with_members(n_members=0)
    manager = team.memberships.get(role="manager").user
    team_invite(team=team, invited_by=manager, emails=["co@example.com"], role="manager")
    invitation = Invitation.objects.get(email="co@example.com")
    co = UserFactory(email="co@example.com")

    client_for(co).post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    assert client_for(co).get(f"/api/v1/teams/{team.id}/progress/").status_code == 200
    assert sorted(m["id"] for m in client_for(co).get(f"/api/v1/teams/{team.id}/").json()["managers"]) == sorted(
        [manager.id, co.id]
    )


# Members


def test_a_manager_removes_a_member_whose_learning_stays_theirs():
    team, members = team_with_members(n_members=2)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    client = client_for(manager)
    client.post(f"/api/v1/teams/{team.id}/enrollments/", {"course": course.slug, "members": "all"})

    response = client.delete(f"/api/v1/teams/{team.id}/members/{members[0].id}/")

    assert response.status_code == 204
    assert not TeamMembership.objects.filter(team=team, user=members[0]).exists()
    assert Enrollment.objects.get(user=members[0], course=course).status == "active"
    rows = client.get(f"/api/v1/teams/{team.id}/progress/").json()["results"]
    assert [r["member"]["id"] for r in rows] == [members[1].id]


def test_the_last_manager_cannot_leave():
    team, _ = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user

    response = client_for(manager).delete(f"/api/v1/teams/{team.id}/members/{manager.id}/")

    assert response.status_code == 409
    assert response.json()["code"] == "last_manager"


# Enrolling the team


def test_enrolling_the_team_answers_per_member_and_records_the_team():
    team, members = team_with_members(n_members=4)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    already, cancelled, fresh, _not_listed = members
    enrollment_create(user=already, course=course)
    enrollment_cancel(enrollment=enrollment_create(user=cancelled, course=course)[0])
    outsider = UserFactory()

    response = client_for(manager).post(
        f"/api/v1/teams/{team.id}/enrollments/",
        {"course": course.slug, "members": [already.id, cancelled.id, fresh.id, outsider.id, fresh.id]},
    )

    assert response.status_code == 200
    assert [(r["member"], r["result"]) for r in response.json()["results"]] == [
        (already.id, "already_enrolled"),
        (cancelled.id, "reactivated"),
        (fresh.id, "enrolled"),
        (outsider.id, "not_a_member"),
    ]
    enrollments = {e.user_id: e for e in Enrollment.objects.filter(course=course)}
    assert (enrollments[fresh.id].source, enrollments[fresh.id].team_id) == ("team", team.id)
    assert (enrollments[cancelled.id].status, enrollments[cancelled.id].team_id) == ("active", team.id)
    assert (enrollments[already.id].source, enrollments[already.id].team_id) == ("self", None)
    assert outsider.id not in enrollments


def test_enrolling_all_twice_is_idempotent():
    team, _members = team_with_members(n_members=3)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    client = client_for(manager)
    url = f"/api/v1/teams/{team.id}/enrollments/"

    first = client.post(url, {"course": course.slug, "members": "all"}).json()["results"]
    second = client.post(url, {"course": course.slug, "members": "all"}).json()["results"]

    assert [r["result"] for r in first] == ["enrolled"] * 3
    assert second == first  # a repeat answers what the team's enrolment did
    assert Enrollment.objects.filter(course=course).count() == 3


def test_a_repeat_answers_the_recorded_results_and_reactivates_what_was_cancelled_since():
    team, members = team_with_members(n_members=3)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    own, by_team, quitter = members
    enrollment_create(user=own, course=course)
    client = client_for(manager)
    url = f"/api/v1/teams/{team.id}/enrollments/"
    first = client.post(url, {"course": course.slug, "members": "all"}).json()["results"]
    enrollment_cancel(enrollment=Enrollment.objects.get(user=quitter, course=course))

    second = client.post(url, {"course": course.slug, "members": "all"}).json()["results"]
    third = client.post(url, {"course": course.slug, "members": [quitter.id, own.id]}).json()["results"]

    assert [(r["member"], r["result"]) for r in first] == [
        (own.id, "already_enrolled"),
        (by_team.id, "enrolled"),
        (quitter.id, "enrolled"),
    ]
    # The cancelled enrolment is reactivated by the repeat, which says so; the others answer as before.
    assert [(r["member"], r["result"]) for r in second] == [
        (own.id, "already_enrolled"),
        (by_team.id, "enrolled"),
        (quitter.id, "reactivated"),
    ]
    assert [r["enrollment"] for r in second] == [r["enrollment"] for r in first]
    assert [(r["member"], r["result"]) for r in third] == [(quitter.id, "reactivated"), (own.id, "already_enrolled")]
    assert Enrollment.objects.get(user=quitter, course=course).status == "active"
    assert dict(TeamEnrollmentOutcome.objects.filter(team=team).values_list("user_id", "result")) == {
        own.id: "already_enrolled",
        by_team.id: "enrolled",
        quitter.id: "reactivated",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"members": "all"}, "course"),
        ({"course": "x"}, "members"),
        ({"course": "x", "members": "some"}, "members"),
        ({"course": "x", "members": []}, "members"),
        ({"course": "x", "members": ["1"]}, "members"),
        ({"course": "x", "members": [True]}, "members"),
    ],
)
def test_bad_team_enrolment_requests_are_400s_naming_the_field(body, field):
    team, _ = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user

    response = client_for(manager).post(f"/api/v1/teams/{team.id}/enrollments/", body)

    assert response.status_code == 400
    assert response.json()["field"] == field


def test_enrolling_in_an_unknown_or_draft_course_is_refused_and_changes_nothing():
    team, _ = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user
    draft = CourseFactory(status="draft")
    client = client_for(manager)

    unknown = client.post(f"/api/v1/teams/{team.id}/enrollments/", {"course": "nope", "members": "all"})
    drafted = client.post(f"/api/v1/teams/{team.id}/enrollments/", {"course": draft.slug, "members": "all"})

    # A 400: the team in the URL is there, the course the body names is not (make fuzz's stateful
    # run read a 404 here as "the team just created is gone").
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (400, "unknown_course", "course")
    assert (drafted.status_code, drafted.json()["code"], drafted.json()["field"]) == (400, "unknown_course", "course")
    assert not Enrollment.objects.exists()


def test_a_failure_midway_enrols_nobody(monkeypatch):
    team, _members = team_with_members(n_members=3)
    course = course_with_content()
    import teams.services

    real = teams.services.enrollment_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["user"])
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(teams.services, "enrollment_create", failing)

    with pytest.raises(RuntimeError):
        teams.services.team_enroll(team=team, course=course, members="all")

    assert len(calls) == 3
    assert not Enrollment.objects.exists()
    assert not EmailLog.objects.exists()


def test_auto_enrol_puts_a_new_member_in_the_teams_courses():
    team, _ = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    client = client_for(manager)
    client.post(f"/api/v1/teams/{team.id}/enrollments/", {"course": course.slug, "members": "all"})
    client.patch(f"/api/v1/teams/{team.id}/", {"auto_enroll": True})
    invitation = _invite(team, manager, "late@example.com")
    late = UserFactory(email="late@example.com")

    client_for(late).post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    enrollment = Enrollment.objects.get(user=late, course=course)
    assert (enrollment.source, enrollment.team_id, enrollment.status) == ("team", team.id, "active")
    # Enrolling the team again answers what the acceptance did for the newcomer.
    again = client.post(f"/api/v1/teams/{team.id}/enrollments/", {"course": course.slug, "members": [late.id]})
    assert again.json()["results"] == [{"member": late.id, "result": "enrolled", "enrollment": enrollment.id}]


def test_without_auto_enrol_a_new_member_is_not_enrolled():
    team, _ = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    client_for(manager).post(f"/api/v1/teams/{team.id}/enrollments/", {"course": course.slug, "members": "all"})
    invitation = _invite(team, manager, "late@example.com")
    late = UserFactory(email="late@example.com")

    client_for(late).post("/api/v1/invitations/accept/", {"token": _token(invitation)})

    assert not Enrollment.objects.filter(user=late).exists()


# Progress


def _enrol_all(team, manager, course):
    client_for(manager).post(f"/api/v1/teams/{team.id}/enrollments/", {"course": course.slug, "members": "all"})


def test_team_progress_matches_each_members_own_progress():
    team, (ada, bo) = team_with_members(n_members=2)
    manager = team.memberships.get(role="manager").user
    course = course_with_content(n_lessons=3, n_challenges=2)
    _enrol_all(team, manager, course)
    lessons = list(Lesson.objects.filter(module__course=course).order_by("position"))
    quiz = Quiz.objects.get(lesson__module__course=course)
    challenge = course.challenges.order_by("number").first()
    lesson_complete(user=ada, lesson=lessons[0])
    lesson_complete(user=ada, lesson=lessons[1])
    ada_enrollment = Enrollment.objects.get(user=ada, course=course)
    QuizAttempt.objects.create(
        enrollment=ada_enrollment,
        quiz=quiz,
        number=1,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        passed=False,
    )
    bo_enrollment = Enrollment.objects.get(user=bo, course=course)
    QuizAttempt.objects.create(
        enrollment=bo_enrollment,
        quiz=quiz,
        number=1,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        passed=True,
    )
    response, _ = challenge_response_create(
        user=bo, challenge=challenge, reflection="r", commitment="c", due_on=timezone.now().date()
    )
    ChallengeResponse.objects.filter(pk=response.pk).update(outcome="kept")

    rows = {
        r["member"]["id"]: r for r in client_for(manager).get(f"/api/v1/teams/{team.id}/progress/").json()["results"]
    }

    for user in (ada, bo):
        own = enrollment_progress(enrollment=enrollment_list_for_user(user=user).get(course=course))
        assert rows[user.id]["percent"] == own.percent
        assert rows[user.id]["lessons_completed"] == own.lessons_done
        assert rows[user.id]["quizzes_passed"] == own.quizzes_passed
        assert rows[user.id]["challenges_answered"] == own.challenges_answered
    assert (rows[ada.id]["quizzes_failed"], rows[bo.id]["quizzes_failed"]) == (1, 0)
    assert (rows[bo.id]["commitments_kept"], rows[bo.id]["commitments_missed"]) == (1, 0)
    assert rows[ada.id]["lessons_total"] == 3
    assert rows[ada.id]["challenges_total"] == 2
    assert rows[ada.id]["course"] == {"slug": course.slug, "title": course.title}


def test_overdue_commitments_are_counted():
    team, (ada,) = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    _enrol_all(team, manager, course)
    challenge = course.challenges.first()
    challenge_response_create(
        user=ada, challenge=challenge, reflection="r", commitment="c", due_on=timezone.now().date()
    )

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        row = client_for(manager).get(f"/api/v1/teams/{team.id}/progress/").json()["results"][0]

    assert row["commitments_overdue"] == 1


def test_team_progress_sorts_by_percent_and_last_activity():
    team, (ada, bo, cy) = team_with_members(n_members=3)
    manager = team.memberships.get(role="manager").user
    course = course_with_content(n_lessons=4, quiz=False, n_challenges=0)
    _enrol_all(team, manager, course)
    lessons = list(Lesson.objects.filter(module__course=course).order_by("position"))
    now = timezone.now()
    for user, done, hours_ago in ((ada, 1, 5), (bo, 3, 30), (cy, 2, 1)):
        for lesson in lessons[:done]:
            lesson_complete(user=user, lesson=lesson)
        Enrollment.objects.filter(user=user).update(last_activity_at=now - dt.timedelta(hours=hours_ago))
    client = client_for(manager)

    def order(ordering):
        rows = client.get(f"/api/v1/teams/{team.id}/progress/", {"ordering": ordering}).json()["results"]
        return [r["member"]["id"] for r in rows]

    assert order("-percent") == [bo.id, cy.id, ada.id]
    assert order("percent") == [ada.id, cy.id, bo.id]
    assert order("-last_activity") == [cy.id, ada.id, bo.id]
    assert order("last_activity") == [bo.id, ada.id, cy.id]
    bad = client.get(f"/api/v1/teams/{team.id}/progress/", {"ordering": "email"})
    assert (bad.status_code, bad.json()["field"]) == (400, "ordering")


def test_team_progress_as_csv():
    team, (ada, _bo) = team_with_members(n_members=2)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    _enrol_all(team, manager, course)
    lesson_complete(user=ada, lesson=Lesson.objects.filter(module__course=course).first())

    response = client_for(manager).get(f"/api/v1/teams/{team.id}/progress/", HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    ada_row = next(r for r in rows if r["member_id"] == str(ada.id))
    assert (ada_row["course"], ada_row["lessons_completed"], ada_row["percent"]) == (course.slug, "1", "25")


def test_team_progress_errors_are_json_even_when_csv_was_asked_for():
    team, members = team_with_members(n_members=1)

    response = client_for(members[0]).get(f"/api/v1/teams/{team.id}/progress/", HTTP_ACCEPT="text/csv")

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_manager"


def test_a_malformed_page_size_is_a_400_for_the_csv_too():
    team, _members = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user

    response = client_for(manager).get(
        f"/api/v1/teams/{team.id}/progress/", {"format": "csv", "page_size": "?"}, HTTP_ACCEPT="text/csv"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "page_size"


@pytest.mark.parametrize(
    "path, query, field",
    [
        ("progress", "ordering=", "ordering"),  # found by schemathesis: answered as if absent
        ("progress", "format=", "format"),  # found by schemathesis: answered as if absent
        ("progress", "ordering=percent&ordering=-percent", "ordering"),
        ("progress", "course=a&course=b", "course"),
        ("commitments", "status=", "status"),  # found by schemathesis: answered as if absent
        ("commitments", "status=open&status=kept", "status"),
    ],
)
def test_team_lists_refuse_a_parameter_given_empty_or_twice(path, query, field):
    team, _members = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user

    response = client_for(manager).get(f"/api/v1/teams/{team.id}/{path}/?{query}")

    assert (response.status_code, response.json()["field"]) == (400, field)


def _big_team(n_members: int, n_courses: int = 3):
    team, members = team_with_members(n_members=n_members)
    manager = team.memberships.get(role="manager").user
    courses = [course_with_content(n_lessons=3, n_challenges=2) for _ in range(n_courses)]
    for course in courses:
        _enrol_all(team, manager, course)
    for user in members[::2]:
        lesson_complete(user=user, lesson=Lesson.objects.filter(module__course=courses[0]).first())
        challenge_response_create(
            user=user,
            challenge=courses[1].challenges.first(),
            reflection="r",
            commitment="c",
            due_on=timezone.now().date(),
        )
    return team, manager


def _queries(client, url, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries), response


def test_team_progress_costs_the_same_queries_for_5_and_200_members():
    counts = {}
    for size in (5, 200):
        team, manager = _big_team(size)
        client = client_for(manager)
        url = f"/api/v1/teams/{team.id}/progress/"
        page, response = _queries(client, url, data={"page_size": 100, "ordering": "-percent"})
        assert len(response.json()["results"]) == min(size * 3, 100)
        csv_count, response = _queries(client, url, HTTP_ACCEPT="text/csv")
        assert response.content.decode().count("\n") == size * 3 + 1
        commitments, response = _queries(client, f"/api/v1/teams/{team.id}/commitments/", data={"page_size": 100})
        assert len(response.json()["results"]) == min((size + 1) // 2, 100)
        counts[size] = (page, csv_count, commitments)

    assert counts[5] == counts[200]
    # Progress: the team with my role in it, the enrolments, and every number of every enrolment
    # (course totals, lessons, quizzes, responses) in one statement. Commitments: the team with my
    # role, the count and the page.
    assert counts[200] == (3, 3, 3)


def test_team_progress_filters_by_course():
    team, manager = _big_team(3, n_courses=2)
    _first, second = sorted({row.course_id for row in team_progress(team=team)})
    slug = Course.objects.get(pk=second).slug

    rows = client_for(manager).get(f"/api/v1/teams/{team.id}/progress/", {"course": slug}).json()["results"]

    assert [r["course"]["slug"] for r in rows] == [slug] * 3
    # _big_team has every other member answer a challenge of the second course.
    assert sorted(r["challenges_answered"] for r in rows) == [0, 1, 1]
    assert {r["lessons_completed"] for r in rows} == {0}


def test_a_course_every_member_already_had_is_still_the_teams():
    team, (ada, bo) = team_with_members(n_members=2)
    manager = team.memberships.get(role="manager").user
    course = course_with_content(n_lessons=2, n_challenges=0)
    for member in (ada, bo):
        enrollment_create(user=member, course=course)
    lesson_complete(user=ada, lesson=Lesson.objects.filter(module__course=course).first())
    client = client_for(manager)

    enrolled = client.post(f"/api/v1/teams/{team.id}/enrollments/", {"course": course.slug, "members": [ada.id, bo.id]})
    rows = client.get(f"/api/v1/teams/{team.id}/progress/").json()["results"]

    assert {r["result"] for r in enrolled.json()["results"]} == {"already_enrolled"}
    assert not Enrollment.objects.filter(team=team).exists()
    assert sorted((r["member"]["id"], r["course"]["slug"], r["lessons_completed"]) for r in rows) == [
        (ada.id, course.slug, 1),
        (bo.id, course.slug, 0),
    ]


def test_team_progress_rows_are_what_the_documented_serializer_gives():
    team, _manager = _big_team(4, n_courses=2)
    Enrollment.objects.filter(user=team.memberships.filter(role="member").first().user).update(last_activity_at=None)

    rows = team_progress(team=team)

    assert {row.last_activity_at is None for row in rows} == {True, False}
    assert [team_progress_data(row) for row in rows] == [TeamProgressSerializer(row).data for row in rows]


# Commitments and privacy


def _commitment_world():
    team, (ada,) = team_with_members(n_members=1)
    manager = team.memberships.get(role="manager").user
    course = course_with_content()
    _enrol_all(team, manager, course)
    response, _ = challenge_response_create(
        user=ada,
        challenge=course.challenges.first(),
        reflection="I avoid hard conversations.",
        commitment="I will ask Jo what she needs by Friday.",
        due_on=timezone.now().date() + dt.timedelta(days=3),
    )
    QuizAttempt.objects.create(
        enrollment=response.enrollment,
        quiz=Quiz.objects.get(lesson__module__course=course),
        number=1,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        passed=True,
        answers={"secret": "my answer"},
    )
    return team, manager, ada, response


def test_a_manager_sees_status_and_due_date_but_not_the_words_by_default():
    team, manager, ada, response = _commitment_world()

    row = client_for(manager).get(f"/api/v1/teams/{team.id}/commitments/").json()["results"][0]

    assert row["member"]["id"] == ada.id
    assert row["status"] == "open"
    assert row["due_on"] == response.due_on.isoformat()
    assert row["shared"] is False
    assert (row["reflection"], row["commitment"], row["outcome_note"]) == (None, None, None)


def test_the_privacy_switch_takes_effect_at_once_both_ways():
    team, manager, ada, _response = _commitment_world()
    ada_client = client_for(ada)
    url = f"/api/v1/teams/{team.id}/commitments/"

    assert ada_client.get("/api/v1/me/").json()["share_with_managers"] is False
    ada_client.patch("/api/v1/me/", {"share_with_managers": True})
    shared = client_for(manager).get(url).json()["results"][0]
    ada_client.patch("/api/v1/me/", {"share_with_managers": False})
    unshared = client_for(manager).get(url).json()["results"][0]

    assert shared["commitment"] == "I will ask Jo what she needs by Friday."
    assert shared["reflection"] == "I avoid hard conversations."
    assert shared["shared"] is True
    assert (unshared["commitment"], unshared["reflection"], unshared["shared"]) == (None, None, False)


def test_quiz_answers_never_reach_a_manager():
    team, manager, ada, _response = _commitment_world()
    ada.share_with_managers = True
    ada.save()
    client = client_for(manager)

    bodies = [
        client.get(f"/api/v1/teams/{team.id}/commitments/").content,
        client.get(f"/api/v1/teams/{team.id}/progress/").content,
        client.get(f"/api/v1/teams/{team.id}/progress/", HTTP_ACCEPT="text/csv").content,
        client.get(f"/api/v1/teams/{team.id}/").content,
    ]

    assert all(b"my answer" not in body and b"secret" not in body for body in bodies)


def test_commitments_filter_by_status():
    team, manager, _ada, response = _commitment_world()
    client = client_for(manager)

    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        overdue = client.get(f"/api/v1/teams/{team.id}/commitments/", {"status": "overdue"}).json()["results"]
        still_open = client.get(f"/api/v1/teams/{team.id}/commitments/", {"status": "open"}).json()["results"]

    assert [r["id"] for r in overdue] == [response.id]
    assert overdue[0]["status"] == "overdue"
    assert still_open == []
    assert client.get(f"/api/v1/teams/{team.id}/commitments/", {"status": "late"}).status_code == 400
