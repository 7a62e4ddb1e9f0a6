"""Who may call which learner endpoint: the policy as one table, then the rules behind it.

Every actor signs in with a real API token (knox), so the table runs through the same
authentication as an API client. Each row is run in a fresh world (see `world`), in which:

- `enrolled`      is enrolled in the course and owns an attempt, a challenge response and an
                  enrolment (and a certificate from a second, finished course);
- `not_enrolled`  is a learner with no enrolment;
- `other_learner` is enrolled in the same course, with objects of their own, and aims at the
                  enrolled learner's objects wherever the URL names one;
- `instructor`    is staff, in the Instructors group and listed in course.instructors, not enrolled;
- `superuser`     is a superuser who teaches nothing and is not enrolled.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import timezone
from knox.models import get_token_model
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import INSTRUCTORS_GROUP, instructor_make
from courses.models import Challenge, Course
from enrollments.models import Certificate, ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt
from enrollments.services import challenge_response_create, enrollment_create, lesson_complete
from lessons.models import Lesson, Quiz
from lessons.services import quiz_attempt_submit

from .factories import (
    ChallengeFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuizFactory,
    UserFactory,
    question_with_choices,
)

PASSWORD = "correct-horse-battery"  # the factories' password
NEW_PASSWORD = "a-brand-new-passphrase"

ACTORS = ("anonymous", "enrolled", "not_enrolled", "other_learner", "instructor", "superuser")

# The policy. One row per endpoint, one column per actor (in the order of ACTORS).
# "the learner's ..." is an object owned by `enrolled`; `other_learner` aims at it too.
# "GET the learner's response" is not in the API contract, but the view answers it, so it is held to the rule.
# fmt: off
POLICY = {
    #  endpoint                              anonymous enrolled not_enrolled other_learner instructor superuser
    "GET me":                                (401,     200,     200,         200,          200,       200),
    "PATCH me":                              (401,     200,     200,         200,          200,       200),
    "POST course enrollment":                (401,     200,     201,         200,          201,       201),
    "DELETE course enrollment":              (401,     204,     404,         204,          404,       404),
    "GET lesson":                            (401,     200,     403,         200,          200,       200),
    "POST lesson completion":                (401,     201,     403,         201,          403,       403),
    "DELETE lesson completion":              (401,     204,     403,         204,          403,       403),
    "GET quiz":                              (401,     200,     403,         200,          200,       200),
    "GET quiz attempts":                     (401,     200,     403,         200,          200,       200),
    "POST quiz attempt":                     (401,     201,     403,         201,          403,       403),
    # Reading one's own (empty) list of responses needs no enrolment, unlike quiz attempts (reported as
    # inconsistent: it is also 200 for a missing or draft challenge).
    "GET challenge responses":               (401,     200,     200,         200,          200,       200),
    "POST challenge response":               (401,     201,     403,         201,          403,       403),
    "GET the learner's response":            (401,     200,     404,         404,          404,       404),
    "PATCH the learner's response":          (401,     200,     404,         404,          404,       404),
    "GET enrollments":                       (401,     200,     200,         200,          200,       200),
    "GET the learner's enrollment":          (401,     200,     404,         404,          404,       404),
    "GET the learner's certificate":         (200,     200,     200,         200,          200,       200),
    # Account operations. The public ones answer everyone alike (a token changes nothing); the rest act
    # only on the caller's own account. Staff accounts are deleted by an administrator, not the API.
    "POST register":                         (202,     202,     202,         202,          202,       202),
    "POST verify email with a bad token":    (400,     400,     400,         400,          400,       400),
    "POST verify email resend":              (202,     202,     202,         202,          202,       202),
    "POST password reset":                   (202,     202,     202,         202,          202,       202),
    "POST password reset with a bad token":  (400,     400,     400,         400,          400,       400),
    "GET me export":                         (401,     200,     200,         200,          200,       200),
    "POST me password":                      (401,     204,     204,         204,          204,       204),
    "POST me email":                         (401,     202,     202,         202,          202,       202),
    "DELETE me":                             (401,     204,     204,         204,          403,       403),
}
# fmt: on


@pytest.fixture(autouse=True)
def _clear_throttles():
    # The sign-up and sign-in throttle counts per client address in the cache, across tests.
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    course: Course
    preview_lesson: Lesson
    lesson: Lesson
    quiz: Quiz
    challenge: Challenge
    users: dict[str, User]
    enrollment: Enrollment  # the enrolled learner's, in `course`
    response: ChallengeResponse  # the enrolled learner's
    certificate: Certificate  # the enrolled learner's, from a finished course
    other_enrollment: Enrollment
    other_response: ChallengeResponse

    @property
    def learner(self) -> User:
        return self.users["enrolled"]


def _answers(quiz: Quiz, *, correct: bool) -> list[dict]:
    answers = []
    for question in quiz.questions.order_by("position", "id").prefetch_related("choices"):
        choices = [c.id for c in question.choices.all() if c.is_correct == correct]
        answers.append({"question": question.id, "choices": choices if correct else choices[:1]})
    return answers


def _due(days: int = 7) -> dt.date:
    return timezone.now().date() + dt.timedelta(days=days)


@pytest.fixture
def world(db) -> World:
    instructor = instructor_make(user=UserFactory(name="Ines Instructor"))
    users = {
        "enrolled": UserFactory(name="Lena Learner"),
        "not_enrolled": UserFactory(),
        "other_learner": UserFactory(),
        "instructor": instructor,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    course = CourseFactory(instructors=[instructor])
    module = ModuleFactory(course=course, position=0)
    preview_lesson = LessonFactory(module=module, position=0, is_preview=True)
    lesson = LessonFactory(module=module, position=1)
    quiz = QuizFactory(lesson=lesson, pass_mark=100)
    question_with_choices(quiz=quiz, correct=(1,))
    question_with_choices(quiz=quiz, correct=(0,))
    challenge = ChallengeFactory(course=course, number=1)

    mine, theirs = {}, {}
    for name, store in (("enrolled", mine), ("other_learner", theirs)):
        user = users[name]
        store["enrollment"], _ = enrollment_create(user=user, course=course)
        quiz_attempt_submit(user=user, quiz=quiz, answers=_answers(quiz, correct=False))
        store["response"], _ = challenge_response_create(
            user=user, challenge=challenge, reflection="I react.", commitment=f"I will act ({name})", due_on=_due()
        )

    # A finished course gives the enrolled learner a certificate to verify.
    finished = LessonFactory(module=ModuleFactory(course=CourseFactory()))
    enrollment_create(user=users["enrolled"], course=finished.module.course)
    lesson_complete(user=users["enrolled"], lesson=finished)

    return World(
        course=course,
        preview_lesson=preview_lesson,
        lesson=lesson,
        quiz=quiz,
        challenge=challenge,
        users=users,
        enrollment=mine["enrollment"],
        response=mine["response"],
        certificate=Certificate.objects.get(enrollment__user=users["enrolled"]),
        other_enrollment=theirs["enrollment"],
        other_response=theirs["response"],
    )


def _client(world: World, actor: str) -> APIClient:
    """A client signed in as the actor with a real API token (none for `anonymous`)."""
    client = APIClient()
    if actor != "anonymous":
        _, token = get_token_model().objects.create(user=world.users[actor], expiry=None)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


Request = tuple[str, str, dict | None]

# How to call each endpoint of the table: (method, url, body).
ENDPOINTS: dict[str, Callable[[World], Request]] = {
    "GET me": lambda w: ("get", "/api/v1/me/", None),
    "PATCH me": lambda w: ("patch", "/api/v1/me/", {"name": "Renamed"}),
    "POST course enrollment": lambda w: ("post", f"/api/v1/courses/{w.course.slug}/enrollment/", None),
    "DELETE course enrollment": lambda w: ("delete", f"/api/v1/courses/{w.course.slug}/enrollment/", None),
    "GET lesson": lambda w: ("get", f"/api/v1/lessons/{w.lesson.id}/", None),
    "POST lesson completion": lambda w: ("post", f"/api/v1/lessons/{w.lesson.id}/completion/", None),
    "DELETE lesson completion": lambda w: ("delete", f"/api/v1/lessons/{w.lesson.id}/completion/", None),
    "GET quiz": lambda w: ("get", f"/api/v1/quizzes/{w.quiz.id}/", None),
    "GET quiz attempts": lambda w: ("get", f"/api/v1/quizzes/{w.quiz.id}/attempts/", None),
    "POST quiz attempt": lambda w: (
        "post",
        f"/api/v1/quizzes/{w.quiz.id}/attempts/",
        {"answers": _answers(w.quiz, correct=True)},
    ),
    "GET challenge responses": lambda w: ("get", f"/api/v1/challenges/{w.challenge.id}/responses/", None),
    "POST challenge response": lambda w: (
        "post",
        f"/api/v1/challenges/{w.challenge.id}/responses/",
        {"reflection": "Less telling.", "commitment": "I will ask first", "due_on": _due().isoformat()},
    ),
    "GET the learner's response": lambda w: (
        "get",
        f"/api/v1/challenges/{w.challenge.id}/responses/{w.response.id}/",
        None,
    ),
    "PATCH the learner's response": lambda w: (
        "patch",
        f"/api/v1/challenges/{w.challenge.id}/responses/{w.response.id}/",
        {"outcome": "missed", "note": "Overwritten by someone else?"},
    ),
    "GET enrollments": lambda w: ("get", "/api/v1/enrollments/", None),
    "GET the learner's enrollment": lambda w: ("get", f"/api/v1/enrollments/{w.enrollment.id}/", None),
    "GET the learner's certificate": lambda w: ("get", f"/api/v1/certificates/{w.certificate.code}/", None),
    "POST register": lambda w: ("post", "/api/v1/auth/register/", {"email": w.learner.email, "password": NEW_PASSWORD}),
    "POST verify email with a bad token": lambda w: ("post", "/api/v1/auth/verify-email/", {"token": "forged:1:x"}),
    "POST verify email resend": lambda w: ("post", "/api/v1/auth/verify-email/resend/", {"email": w.learner.email}),
    "POST password reset": lambda w: ("post", "/api/v1/auth/password-reset/", {"email": w.learner.email}),
    "POST password reset with a bad token": lambda w: (
        "post",
        "/api/v1/auth/password-reset/confirm/",
        {"token": "forged:1:x", "password": NEW_PASSWORD},
    ),
    "GET me export": lambda w: ("get", "/api/v1/me/export/", None),
    "POST me password": lambda w: (
        "post",
        "/api/v1/me/password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    ),
    "POST me email": lambda w: ("post", "/api/v1/me/email/", {"email": "moved@example.com", "password": PASSWORD}),
    "DELETE me": lambda w: ("delete", "/api/v1/me/", {"password": PASSWORD}),
}


def _learner_rows(world: World) -> dict:
    """Everything the enrolled learner owns, to show that nobody else's request changed it."""
    learner = User.objects.get(pk=world.learner.pk)
    return {
        "user": (learner.name, learner.email, learner.pending_email, learner.is_staff, learner.password),
        "tokens": get_token_model().objects.filter(user=learner).count(),
        "enrollments": list(
            Enrollment.objects.filter(user=learner).order_by("id").values_list("id", "status", "completed_at")
        ),
        "completions": list(
            LessonCompletion.objects.filter(enrollment__user=learner).order_by("id").values_list("lesson_id", flat=True)
        ),
        "attempts": list(
            QuizAttempt.objects.filter(enrollment__user=learner).order_by("id").values_list("id", "score", "passed")
        ),
        "responses": list(
            ChallengeResponse.objects.filter(enrollment__user=learner)
            .order_by("id")
            .values_list("id", "outcome", "outcome_note", "reported_at")
        ),
        "certificates": list(Certificate.objects.filter(enrollment__user=learner).values_list("code", flat=True)),
    }


def test_the_policy_table_covers_every_endpoint_and_actor():
    assert set(POLICY) == set(ENDPOINTS)
    assert all(len(row) == len(ACTORS) for row in POLICY.values())


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint", list(POLICY))
def test_endpoint_answers_each_actor_as_the_policy_says_and_leaves_the_learners_rows_alone(world, endpoint, actor):
    expected = POLICY[endpoint][ACTORS.index(actor)]
    method, url, body = ENDPOINTS[endpoint](world)
    before = _learner_rows(world)

    response = getattr(_client(world, actor), method)(url, body)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["status"] == expected
    if actor != "enrolled":
        assert _learner_rows(world) == before


# --- What the table cannot show -----------------------------------------------------------------


def test_not_enrolled_and_teaching_users_are_told_why_with_the_not_enrolled_code(world):
    for actor in ("not_enrolled", "instructor", "superuser"):
        client = _client(world, actor)
        completion = client.post(f"/api/v1/lessons/{world.lesson.id}/completion/")
        attempt = client.post(
            f"/api/v1/quizzes/{world.quiz.id}/attempts/", {"answers": _answers(world.quiz, correct=True)}
        )
        answer = client.post(
            f"/api/v1/challenges/{world.challenge.id}/responses/",
            {"reflection": "x", "commitment": "I will", "due_on": _due().isoformat()},
        )
        assert [r.json()["code"] for r in (completion, attempt, answer)] == ["not_enrolled"] * 3, actor
    assert _client(world, "not_enrolled").get(f"/api/v1/quizzes/{world.quiz.id}/").json()["code"] == "not_enrolled"
    assert not QuizAttempt.objects.filter(enrollment__user__in=[world.users["instructor"], world.users["superuser"]])


def test_instructor_is_staff_in_the_instructors_group_and_teaches_the_course(world):
    instructor = world.users["instructor"]
    assert instructor.is_staff and not instructor.is_superuser
    assert instructor.groups.filter(name=INSTRUCTORS_GROUP).exists()
    assert world.course.instructors.filter(pk=instructor.pk).exists()
    assert not Enrollment.objects.filter(user=instructor).exists()


def test_instructor_of_another_course_reads_this_course_like_any_learner(world):
    stranger = instructor_make(user=UserFactory())
    CourseFactory(instructors=[stranger])
    client = APIClient()
    client.force_authenticate(stranger)

    assert client.get(f"/api/v1/lessons/{world.lesson.id}/").status_code == 403
    assert client.get(f"/api/v1/quizzes/{world.quiz.id}/").status_code == 403
    assert client.get(f"/api/v1/lessons/{world.preview_lesson.id}/").status_code == 200


def test_preview_lesson_is_open_to_every_actor_but_completing_it_needs_an_enrolment(world):
    for actor in ACTORS:
        client = _client(world, actor)
        assert client.get(f"/api/v1/lessons/{world.preview_lesson.id}/").status_code == 200, actor
    assert _client(world, "anonymous").post(f"/api/v1/lessons/{world.preview_lesson.id}/completion/").status_code == 401
    assert (
        _client(world, "not_enrolled").post(f"/api/v1/lessons/{world.preview_lesson.id}/completion/").status_code == 403
    )
    assert _client(world, "enrolled").post(f"/api/v1/lessons/{world.preview_lesson.id}/completion/").status_code == 201


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("actor", [a for a in ACTORS if a != "anonymous"])
def test_lists_hold_only_the_callers_own_rows(world, actor):
    user = world.users[actor]
    client = _client(world, actor)

    enrollments = _ids(client.get("/api/v1/enrollments/"))
    responses = _ids(client.get(f"/api/v1/challenges/{world.challenge.id}/responses/"))

    assert enrollments == list(
        Enrollment.objects.filter(user=user).order_by("-enrolled_at", "-id").values_list("id", flat=True)
    )
    assert responses == list(ChallengeResponse.objects.filter(enrollment__user=user).values_list("id", flat=True))
    if actor != "not_enrolled":  # whose attempt list is a 403 (see the table)
        attempts = _ids(client.get(f"/api/v1/quizzes/{world.quiz.id}/attempts/"))
        assert attempts == list(
            QuizAttempt.objects.filter(enrollment__user=user).order_by("-number").values_list("id", flat=True)
        )
    if actor == "enrolled":
        assert world.enrollment.id in enrollments
        assert responses == [world.response.id]
        return
    learners_attempts = set(QuizAttempt.objects.filter(enrollment__user=world.learner).values_list("id", flat=True))
    assert learners_attempts
    assert world.enrollment.id not in enrollments
    assert world.response.id not in responses
    if actor != "not_enrolled":
        assert not learners_attempts & set(attempts)
    if actor == "other_learner":
        assert enrollments == [world.other_enrollment.id]
        assert responses == [world.other_response.id]
        assert len(attempts) == 1
    if actor in ("instructor", "superuser"):
        assert (enrollments, responses, attempts) == ([], [], [])


def test_other_learner_cannot_reach_the_learners_response_through_their_own_challenge_url(world):
    client = _client(world, "other_learner")
    url = f"/api/v1/challenges/{world.challenge.id}/responses/{world.response.id}/"

    assert client.patch(url, {"outcome": "kept"}).status_code == 404
    assert client.get(url).status_code == 404
    # Their own response under the same challenge is theirs to report on.
    own = f"/api/v1/challenges/{world.challenge.id}/responses/{world.other_response.id}/"
    assert client.patch(own, {"outcome": "kept"}).json()["outcome"] == "kept"
    world.response.refresh_from_db()
    assert (world.response.outcome, world.response.reported_at) == ("", None)


def test_certificate_is_public_shows_name_and_course_but_never_the_email(world):
    response = _client(world, "anonymous").get(f"/api/v1/certificates/{world.certificate.code}/")

    assert response.status_code == 200
    assert set(response.json()) == {"code", "learner_name", "course", "course_slug", "issued_at", "url"}
    assert response.json()["learner_name"] == "Lena Learner"
    assert world.learner.email not in response.content.decode()


def test_certificate_stays_public_for_a_caller_with_a_revoked_or_bogus_token(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-real-token")

    assert client.get(f"/api/v1/certificates/{world.certificate.code}/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 401


# --- Fields the server owns ---------------------------------------------------------------------


def test_attempt_score_and_outcome_are_computed_by_the_server(world):
    client = _client(world, "enrolled")

    response = client.post(
        f"/api/v1/quizzes/{world.quiz.id}/attempts/",
        {
            "answers": _answers(world.quiz, correct=False),
            "score": 100,
            "max_score": 1,
            "score_percent": 100,
            "passed": True,
            "number": 42,
            "submitted_at": "2020-01-01T00:00:00Z",
            "results": [{"question": 1, "correct": True}],
            "enrollment": world.other_enrollment.id,
            "user": world.users["other_learner"].id,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["score"], body["max_score"], body["score_percent"], body["passed"], body["number"]) == (
        0,
        2,
        0,
        False,
        2,
    )
    assert body["submitted_at"] > "2021"
    attempt = QuizAttempt.objects.get(pk=body["id"])
    assert (attempt.enrollment_id, attempt.score, attempt.passed) == (world.enrollment.id, 0, False)
    assert not QuizAttempt.objects.filter(enrollment=world.other_enrollment, number=2).exists()


def test_profile_patch_cannot_make_a_learner_staff_or_change_email_or_id(world):
    learner = world.learner
    client = _client(world, "enrolled")

    response = client.patch(
        "/api/v1/me/",
        {
            "name": "Lena L.",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "groups": [1],
            "email": "boss@example.com",
            "id": 999999,
            "password": "a-new-password-i-set-myself",
            "date_joined": "2000-01-01T00:00:00Z",
        },
    )

    assert response.status_code == 200, response.content
    assert (response.json()["id"], response.json()["email"], response.json()["name"]) == (
        learner.id,
        learner.email,
        "Lena L.",
    )
    fresh = User.objects.get(pk=learner.pk)
    assert (fresh.is_staff, fresh.is_superuser, fresh.is_active, fresh.email) == (False, False, True, learner.email)
    assert not fresh.groups.exists()
    assert fresh.check_password("correct-horse-battery")
    assert fresh.date_joined == learner.date_joined
    assert not User.objects.filter(pk=999999).exists()


def test_registration_cannot_ask_for_staff_or_superuser(api_client, db):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "eve@example.com", "password": "a-long-unusual-passphrase", "is_staff": True, "is_superuser": True},
    )

    assert response.status_code == 202, response.content
    eve = User.objects.get(email="eve@example.com")
    assert (eve.is_staff, eve.is_superuser) == (False, False)
    assert not eve.groups.exists()


def test_enrolment_status_user_source_and_dates_are_the_servers(world):
    client = _client(world, "not_enrolled")
    before = timezone.now()

    response = client.post(
        f"/api/v1/courses/{world.course.slug}/enrollment/",
        {
            "status": "completed",
            "user": world.learner.id,
            "source": "staff",
            "completed_at": "2020-01-01T00:00:00Z",
            "enrolled_at": "2020-01-01T00:00:00Z",
        },
    )

    assert response.status_code == 201, response.content
    enrollment = Enrollment.objects.get(pk=response.json()["id"])
    assert enrollment.user == world.users["not_enrolled"]
    assert (enrollment.status, enrollment.source, enrollment.completed_at) == ("active", "self", None)
    assert enrollment.enrolled_at >= before
    assert response.json()["certificate"] is None


def test_lesson_completion_time_and_owner_are_the_servers(world):
    before = timezone.now()

    response = _client(world, "enrolled").post(
        f"/api/v1/lessons/{world.lesson.id}/completion/",
        {"completed_at": "2020-01-01T00:00:00Z", "enrollment": world.other_enrollment.id, "lesson": 1},
    )

    assert response.status_code == 201, response.content
    completion = LessonCompletion.objects.get(lesson=world.lesson)
    assert (completion.enrollment_id, completion.lesson_id) == (world.enrollment.id, world.lesson.id)
    assert completion.completed_at >= before


def test_challenge_response_owner_challenge_and_outcome_cannot_be_set_on_create(world):
    other_challenge = ChallengeFactory(course=world.course, number=2)

    response = _client(world, "enrolled").post(
        f"/api/v1/challenges/{world.challenge.id}/responses/",
        {
            "reflection": "Set by me.",
            "commitment": "I will ask before I tell",
            "due_on": _due().isoformat(),
            "id": world.other_response.id,
            "challenge": other_challenge.id,
            "enrollment": world.other_enrollment.id,
            "outcome": "kept",
            "outcome_note": "Already done!",
            "reported_at": "2020-01-01T00:00:00Z",
            "created_at": "2020-01-01T00:00:00Z",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] != world.other_response.id
    assert (body["challenge"], body["outcome"], body["outcome_note"], body["reported_at"]) == (
        world.challenge.id,
        None,
        "",
        None,
    )
    assert body["created_at"] > "2021"
    stored = ChallengeResponse.objects.get(pk=body["id"])
    assert stored.enrollment_id == world.enrollment.id
    world.other_response.refresh_from_db()
    assert (world.other_response.commitment, world.other_response.outcome) == ("I will act (other_learner)", "")


def test_reporting_back_changes_only_the_outcome_never_the_commitment(world):
    before = timezone.now()

    response = _client(world, "enrolled").patch(
        f"/api/v1/challenges/{world.challenge.id}/responses/{world.response.id}/",
        {
            "outcome": "kept",
            "note": "Done on Tuesday.",
            "commitment": "I will do something easier",
            "due_on": "2099-01-01",
            "reflection": "Rewritten.",
            "reported_at": "2020-01-01T00:00:00Z",
        },
    )

    assert response.status_code == 200, response.content
    world.response.refresh_from_db()
    assert (world.response.commitment, world.response.reflection, world.response.due_on) == (
        "I will act (enrolled)",
        "I react.",
        _due(),
    )
    assert (world.response.outcome, world.response.outcome_note) == ("kept", "Done on Tuesday.")
    assert world.response.reported_at >= before
