"""Challenges in two steps: the reflection question is answered when committing, the report-back
question when reporting kept or missed."""

import datetime as dt

import pytest

from courses.models import Challenge

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


def _challenge(**kwargs) -> Challenge:
    course = CourseFactory()
    LessonFactory(module=ModuleFactory(course=course))
    return ChallengeFactory(course=course, number=1, **kwargs)


def _commit(client, challenge) -> dict:
    assert client.post(f"/api/v1/courses/{challenge.course.slug}/enrollment/").status_code == 201
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    body = {"reflection": "Jordan, about the renewal.", "commitment": "I will ask Jordan by Friday", "due_on": tomorrow}
    response = client.post(f"/api/v1/challenges/{challenge.id}/responses/", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_response_shows_both_questions_and_the_report_must_answer_the_second(learner_client):
    challenge = _challenge(
        reflection_question="Who will you ask first?", report_question="What did their answer change?"
    )
    response = _commit(learner_client, challenge)
    url = f"/api/v1/challenges/{challenge.id}/responses/{response['id']}/"

    assert (response["reflection_question"], response["reflection"]) == (
        "Who will you ask first?",
        "Jordan, about the renewal.",
    )
    assert (response["report_question"], response["outcome"], response["outcome_note"]) == (
        "What did their answer change?",
        None,
        "",
    )

    unanswered = learner_client.patch(url, {"outcome": "kept"})
    blank = learner_client.patch(url, {"outcome": "missed", "note": "   "})
    assert (unanswered.status_code, unanswered.json()["field"]) == (400, "note")
    assert "What did their answer change?" in unanswered.json()["message"]
    assert blank.status_code == 400
    assert learner_client.get(url).json()["outcome"] is None

    reported = learner_client.patch(url, {"outcome": "kept", "note": "I stopped guessing what they need."})
    assert reported.status_code == 200
    assert (reported.json()["outcome"], reported.json()["outcome_note"]) == (
        "kept",
        "I stopped guessing what they need.",
    )


def test_without_a_report_back_question_the_note_stays_optional(learner_client):
    challenge = _challenge(report_question="")
    response = _commit(learner_client, challenge)

    reported = learner_client.patch(
        f"/api/v1/challenges/{challenge.id}/responses/{response['id']}/", {"outcome": "missed"}
    )

    assert reported.status_code == 200
    assert reported.json()["report_question"] == ""


def test_the_challenge_list_shows_both_questions(api_client):
    challenge = _challenge(reflection_question="What will you try?", report_question="What happened?")

    listed = api_client.get(f"/api/v1/challenges/?course={challenge.course.slug}").json()["results"]

    assert (listed[0]["reflection_question"], listed[0]["report_question"]) == ("What will you try?", "What happened?")
