"""The whole learner journey, over HTTP only, the way an API client lives it.

The course content is built with factories (an instructor would author it in the admin);
everything the learner does after that goes through the API with a real token, and every id
the learner uses is one the API gave them.
"""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from rest_framework.test import APIClient

from courses.models import Course
from lessons.models import Question

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, QuizFactory, question_with_choices

PASSWORD = "a-long-unusual-passphrase"

# The quiz the instructor authors: (kind, positions of the correct choices, number of choices, points).
QUIZ_CONTENT = [
    (Question.Kind.SINGLE, (1,), 3, 1),
    (Question.Kind.MULTIPLE, (0, 2), 4, 2),
    (Question.Kind.TRUE_FALSE, (0,), 2, 1),
]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters live in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def _course_content() -> Course:
    """Two weekly modules, three lessons (the first a free preview), a quiz and a challenge; plus a draft course."""
    course = CourseFactory(slug="leading-not-managing", title="Leading, not managing", summary="Lead your sales team.")
    week1 = ModuleFactory(course=course, position=0, title="Week 1")
    week2 = ModuleFactory(course=course, position=1, title="Week 2")
    LessonFactory(module=week1, position=0, title="Why leadership", is_preview=True, body="**Lead** first.")
    quiz_lesson = LessonFactory(module=week1, position=1, title="Managers react, leaders act")
    LessonFactory(module=week2, position=0, title="Commitment over compliance")
    quiz = QuizFactory(lesson=quiz_lesson, title="Act or react?", pass_mark=60)
    for kind, correct, n_choices, points in QUIZ_CONTENT:
        question_with_choices(quiz=quiz, kind=kind, correct=correct, n_choices=n_choices, points=points)
    ChallengeFactory(course=course, number=1, title="Ask, do not tell")
    CourseFactory(slug="not-ready-yet", title="Not ready yet", status=Course.Status.DRAFT)
    return course


def _bearer(client: APIClient, token: str) -> APIClient:
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _link_token(body: str) -> str:
    """The token query parameter of the one link in an account email."""
    [link] = re.findall(r"https?://\S+\?token=\S+", body)
    return parse_qs(urlsplit(link).query)["token"][0]


@pytest.mark.django_db
def test_a_learner_goes_from_sign_up_to_a_verified_certificate_and_signs_out(django_capture_on_commit_callbacks):
    _course_content()
    client = APIClient()

    # --- Sign up, confirm the address from the email, sign in ---------------------------------
    with django_capture_on_commit_callbacks(execute=True):
        registered = client.post(
            "/api/v1/auth/register/",
            {
                "email": "Dana.Rivers@Example.com",
                "password": PASSWORD,
                "name": "Dana Rivers",
                "timezone": "Europe/London",
            },
        )
    assert registered.status_code == 202, registered.content
    assert registered.json()["email"] == "dana.rivers@example.com"
    assert "password" not in registered.json()
    [confirm] = mail.outbox
    assert confirm.to == ["dana.rivers@example.com"]
    verified = client.post("/api/v1/auth/verify-email/", {"token": _link_token(confirm.body)})
    assert verified.status_code == 200, verified.content
    assert verified.json()["email_verified"] is True

    assert client.get("/api/v1/me/").status_code == 401
    signed_in = client.post("/api/v1/auth/token/", {"email": "dana.rivers@example.com", "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.content
    token = signed_in.json()["token"]
    assert token and signed_in.json()["expiry"]
    _bearer(client, token)
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert (me.json()["name"], me.json()["email"], me.json()["timezone"], me.json()["email_verified"]) == (
        "Dana Rivers",
        "dana.rivers@example.com",
        "Europe/London",
        True,
    )

    # --- Browse the catalogue and the outline ---------------------------------------------------
    catalogue = client.get("/api/v1/courses/", {"search": "leading"})
    assert catalogue.status_code == 200
    assert catalogue.json()["count"] == 1
    listed = catalogue.json()["results"][0]
    assert (listed["slug"], listed["lesson_count"], listed["total_duration_seconds"]) == (
        "leading-not-managing",
        3,
        360,
    )
    assert [c["slug"] for c in client.get("/api/v1/courses/").json()["results"]] == ["leading-not-managing"]

    outline = client.get(f"/api/v1/courses/{listed['slug']}/")
    assert outline.status_code == 200
    body = outline.json()
    assert body["status"] == "published"
    lessons = [lesson for module in body["modules"] for lesson in module["lessons"]]
    assert [m["title"] for m in body["modules"]] == ["Week 1", "Week 2"]
    assert [(lesson["title"], lesson["locked"], lesson["completed"]) for lesson in lessons] == [
        ("Why leadership", False, False),
        ("Managers react, leaders act", True, False),
        ("Commitment over compliance", True, False),
    ]
    quiz_summary = lessons[1]["quiz"]
    assert (quiz_summary["title"], quiz_summary["question_count"]) == ("Act or react?", 3)
    assert [(c["number"], c["title"]) for c in body["challenges"]] == [(1, "Ask, do not tell")]
    lesson_ids = [lesson["id"] for lesson in lessons]
    quiz_id = quiz_summary["id"]
    challenge_id = body["challenges"][0]["id"]

    preview = client.get(f"/api/v1/lessons/{lesson_ids[0]}/")
    assert preview.status_code == 200
    assert "<strong>Lead</strong>" in preview.json()["body_html"]
    closed = client.get(f"/api/v1/lessons/{lesson_ids[1]}/")
    assert (closed.status_code, closed.json()["code"]) == (403, "not_enrolled")

    # --- Enrol ------------------------------------------------------------------------------------
    enrolled = client.post(f"/api/v1/courses/{listed['slug']}/enrollment/")
    assert enrolled.status_code == 201, enrolled.content
    enrollment = enrolled.json()
    assert (enrollment["course"]["slug"], enrollment["status"], enrollment["source"]) == (
        "leading-not-managing",
        "active",
        "self",
    )
    assert enrollment["progress"]["percent"] == 0
    assert (enrollment["progress"]["items_done"], enrollment["progress"]["items_total"]) == (0, 5)
    assert enrollment["progress"]["next"] == {"kind": "lesson", "id": lesson_ids[0], "title": "Why leadership"}
    assert enrollment["certificate"] is None
    again = client.post(f"/api/v1/courses/{listed['slug']}/enrollment/")
    assert (again.status_code, again.json()["id"]) == (200, enrollment["id"])

    outline = client.get(f"/api/v1/courses/{listed['slug']}/").json()
    assert [lesson["locked"] for module in outline["modules"] for lesson in module["lessons"]] == [False] * 3

    # --- Read and complete every lesson ---------------------------------------------------------
    lesson = client.get(f"/api/v1/lessons/{lesson_ids[1]}/")
    assert lesson.status_code == 200
    assert (lesson.json()["title"], lesson.json()["course"], lesson.json()["quiz"]) == (
        "Managers react, leaders act",
        "leading-not-managing",
        quiz_id,
    )
    for lesson_id in lesson_ids:
        assert client.get(f"/api/v1/lessons/{lesson_id}/").status_code == 200
        done = client.post(f"/api/v1/lessons/{lesson_id}/completion/")
        assert (done.status_code, done.json()["lesson"]) == (201, lesson_id)
        assert done.json()["completed_at"]
    progress = client.get(f"/api/v1/enrollments/{enrollment['id']}/").json()["progress"]
    assert (progress["lessons_completed"], progress["lessons_total"], progress["percent"]) == (3, 3, 60)
    assert progress["next"] == {"kind": "quiz", "id": quiz_id, "title": "Act or react?"}
    outline = client.get(f"/api/v1/courses/{listed['slug']}/").json()
    assert [lesson["completed"] for module in outline["modules"] for lesson in module["lessons"]] == [True] * 3

    # --- Fail the quiz (no answer key yet), pass it ---------------------------------------------
    quiz = client.get(f"/api/v1/quizzes/{quiz_id}/")
    assert quiz.status_code == 200
    assert "correct" not in quiz.content.decode()
    assert (quiz.json()["attempts_used"], quiz.json()["passed"], len(quiz.json()["questions"])) == (0, False, 3)
    # Last choice of each question: the learner's guess (the content above makes every one of them wrong).
    # Choices are shuffled, so "last" is by authored position: the highest id.
    guesses = [{"question": q["id"], "choices": [max(c["id"] for c in q["choices"])]} for q in quiz.json()["questions"]]
    failed = client.post(f"/api/v1/quizzes/{quiz_id}/attempts/", {"answers": guesses})
    assert failed.status_code == 201, failed.content
    assert (failed.json()["number"], failed.json()["score"], failed.json()["max_score"]) == (1, 0, 4)
    assert (failed.json()["score_percent"], failed.json()["passed"]) == (0, False)
    assert [r["correct"] for r in failed.json()["results"]] == [False, False, False]
    # A failed attempt with attempts left does not hand out the answer key, nor the explanations.
    assert [r["explanation"] for r in failed.json()["results"]] == [None, None, None]
    assert [r["correct_choices"] for r in failed.json()["results"]] == [None, None, None]
    so_far = client.get(f"/api/v1/quizzes/{quiz_id}/attempts/").json()["results"]
    assert [r["correct_choices"] for r in so_far[0]["results"]] == [None, None, None]

    # The right answers are not learned from the API: they come from QUIZ_CONTENT, the content this
    # test built with factories, mapped onto the ids the API showed. Questions are not shuffled;
    # choices are, but the factories create them in authored order, so a choice's authored position
    # is the rank of its id.
    shown = quiz.json()["questions"]
    right = []
    for q, (_kind, correct, _n, _points) in zip(shown, QUIZ_CONTENT, strict=True):
        ids = sorted(choice["id"] for choice in q["choices"])
        right.append({"question": q["id"], "choices": [ids[position] for position in correct]})
    passed = client.post(f"/api/v1/quizzes/{quiz_id}/attempts/", {"answers": right})
    assert passed.status_code == 201, passed.content
    assert (passed.json()["number"], passed.json()["score"], passed.json()["score_percent"]) == (2, 4, 100)
    assert passed.json()["passed"] is True
    assert [r["correct"] for r in passed.json()["results"]] == [True, True, True]
    # Passing earns the answer key, for this attempt and the failed one.
    key = [answer["choices"] for answer in right]
    assert [r["correct_choices"] for r in passed.json()["results"]] == key

    attempts = client.get(f"/api/v1/quizzes/{quiz_id}/attempts/").json()
    assert [(a["number"], a["passed"]) for a in attempts["results"]] == [(2, True), (1, False)]
    assert [[r["correct_choices"] for r in a["results"]] for a in attempts["results"]] == [key, key]
    quiz = client.get(f"/api/v1/quizzes/{quiz_id}/").json()
    assert (quiz["attempts_used"], quiz["best_score_percent"], quiz["passed"]) == (2, 100, True)
    progress = client.get(f"/api/v1/enrollments/{enrollment['id']}/").json()
    assert (progress["status"], progress["progress"]["percent"], progress["progress"]["quizzes_passed"]) == (
        "active",
        80,
        1,
    )
    assert progress["progress"]["next"] == {"kind": "challenge", "id": challenge_id, "title": "1. Ask, do not tell"}

    # --- Answer the challenge and report back -----------------------------------------------------
    challenges = client.get("/api/v1/challenges/", {"course": listed["slug"]})
    assert [c["id"] for c in challenges.json()["results"]] == [challenge_id]
    assert challenges.json()["results"][0]["reflection_question"]
    due_on = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    answered = client.post(
        f"/api/v1/challenges/{challenge_id}/responses/",
        {
            "reflection": "I tell my reps what to do instead of asking what they need.",
            "commitment": "I will ask each rep one open question in our next 1:1",
            "due_on": due_on,
        },
    )
    assert answered.status_code == 201, answered.content
    response = answered.json()
    assert (response["challenge"], response["due_on"], response["outcome"], response["reported_at"]) == (
        challenge_id,
        due_on,
        None,
        None,
    )

    reported = client.patch(
        f"/api/v1/challenges/{challenge_id}/responses/{response['id']}/",
        {"outcome": "kept", "note": "Two reps told me about blockers I had missed."},
    )
    assert reported.status_code == 200, reported.content
    assert (reported.json()["id"], reported.json()["outcome"]) == (response["id"], "kept")
    assert reported.json()["outcome_note"] == "Two reps told me about blockers I had missed."
    assert reported.json()["reported_at"]
    mine = client.get(f"/api/v1/challenges/{challenge_id}/responses/").json()
    assert [(r["id"], r["outcome"]) for r in mine["results"]] == [(response["id"], "kept")]

    # --- 100%, completed, certificate -------------------------------------------------------------
    finished = client.get(f"/api/v1/enrollments/{enrollment['id']}/")
    assert finished.status_code == 200
    finished = finished.json()
    assert finished["status"] == "completed"
    assert finished["completed_at"]
    assert finished["progress"]["percent"] == 100
    assert (finished["progress"]["items_done"], finished["progress"]["items_total"]) == (5, 5)
    assert finished["progress"]["next"] is None
    code = finished["certificate"]["code"]
    assert code
    assert finished["certificate"]["url"].endswith(f"/api/v1/certificates/{code}/")
    assert finished["certificate"]["issued_at"]
    listed_enrollments = client.get("/api/v1/enrollments/").json()
    assert [(e["id"], e["status"]) for e in listed_enrollments["results"]] == [(enrollment["id"], "completed")]

    anonymous = APIClient()
    certificate = anonymous.get(f"/api/v1/certificates/{code}/")
    assert certificate.status_code == 200
    assert (certificate.json()["code"], certificate.json()["learner_name"], certificate.json()["course"]) == (
        code,
        "Dana Rivers",
        "Leading, not managing",
    )
    assert certificate.json()["course_slug"] == "leading-not-managing"
    assert "dana.rivers@example.com" not in certificate.content.decode().lower()
    assert "email" not in certificate.json()

    # --- Sign out: the token stops working ------------------------------------------------------
    assert client.post("/api/v1/auth/logout/").status_code == 204
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Bearer"
    assert client.get(f"/api/v1/enrollments/{enrollment['id']}/").status_code == 401
    # The certificate stays verifiable for anyone.
    assert anonymous.get(f"/api/v1/certificates/{code}/").status_code == 200
