import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from courses.models import Course
from enrollments.models import Enrollment, QuizAttempt
from enrollments.services import enrollment_create
from lessons.models import Question, Quiz

from .factories import CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory, question_with_choices

pytestmark = pytest.mark.django_db

KINDS = [
    # (kind, indexes of the correct choices, number of choices)
    (Question.Kind.SINGLE, (1,), 3),
    (Question.Kind.MULTIPLE, (0, 2), 4),
    (Question.Kind.TRUE_FALSE, (0,), 2),
]


def _quiz(n_questions: int = 3, *, course: Course | None = None, **quiz_kwargs) -> Quiz:
    """A quiz whose questions cycle through single, multiple and true/false, worth 1, 2, 3... points."""
    course = course or CourseFactory()
    lesson = LessonFactory(module=ModuleFactory(course=course))
    quiz = QuizFactory(lesson=lesson, **quiz_kwargs)
    for i in range(n_questions):
        kind, correct, n_choices = KINDS[i % 3]
        question_with_choices(quiz=quiz, kind=kind, correct=correct, n_choices=n_choices, points=i % 3 + 1)
    return quiz


def _course_of(quiz: Quiz) -> Course:
    return quiz.lesson.module.course


def _enrol(user, quiz: Quiz) -> Enrollment:
    enrollment, _ = enrollment_create(user=user, course=_course_of(quiz))
    return enrollment


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _questions(quiz: Quiz) -> list[Question]:
    return list(quiz.questions.order_by("position", "id").prefetch_related("choices"))


def _correct(question: Question) -> list[int]:
    return [c.id for c in question.choices.order_by("position", "id") if c.is_correct]


def _wrong(question: Question) -> list[int]:
    return [next(c.id for c in question.choices.order_by("position", "id") if not c.is_correct)]


def _all_correct(quiz: Quiz) -> dict:
    return {"answers": [{"question": q.id, "choices": _correct(q)} for q in _questions(quiz)]}


def _all_wrong(quiz: Quiz) -> dict:
    return {"answers": [{"question": q.id, "choices": _wrong(q)} for q in _questions(quiz)]}


def _url(quiz: Quiz) -> str:
    return f"/api/v1/quizzes/{quiz.id}/"


def _attempts_url(quiz: Quiz) -> str:
    return f"/api/v1/quizzes/{quiz.id}/attempts/"


# --- The quiz ------------------------------------------------------------------------------


def test_quiz_shows_questions_and_choices_but_never_which_is_correct(learner, learner_client):
    quiz = _quiz(3, max_attempts=3, time_limit_seconds=600)
    _enrol(learner, quiz)

    response = learner_client.get(_url(quiz))

    assert response.status_code == 200
    text = response.content.decode()
    assert "is_correct" not in text
    assert "correct" not in text
    assert "explanation" not in text
    assert "Because leaders act" not in text
    body = response.json()
    assert set(body) == {
        "id",
        "title",
        "lesson",
        "pass_mark",
        "max_attempts",
        "time_limit_seconds",
        "shuffle_questions",
        "shuffle_choices",
        "partial_credit",
        "max_score",
        "questions_to_pass",
        "attempt_number",
        "attempts_used",
        "attempts_left",
        "best_score_percent",
        "passed",
        "open_attempt",
        "questions",
    }
    assert (body["id"], body["lesson"], body["pass_mark"], body["max_attempts"], body["time_limit_seconds"]) == (
        quiz.id,
        quiz.lesson_id,
        50,
        3,
        600,
    )
    assert (body["attempts_used"], body["attempts_left"], body["best_score_percent"], body["passed"]) == (
        0,
        3,
        None,
        False,
    )
    assert body["open_attempt"] is None
    assert [q["kind"] for q in body["questions"]] == ["single", "multiple", "true_false"]
    for question, shown in zip(_questions(quiz), body["questions"], strict=True):
        assert set(shown) == {"id", "text", "kind", "points", "choices"}
        assert shown["points"] == question.points
        # Shuffled (the quiz's default), so compared as sets; test_quiz_shuffle.py pins the order.
        authored = [{"id": c.id, "text": c.text} for c in question.choices.order_by("position")]
        assert sorted(shown["choices"], key=lambda c: c["id"]) == authored


def test_quiz_summarises_my_attempts(learner, learner_client):
    quiz = _quiz(3, max_attempts=3)
    _enrol(learner, quiz)
    learner_client.post(_attempts_url(quiz), _all_wrong(quiz))
    learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    body = learner_client.get(_url(quiz)).json()

    assert (body["attempts_used"], body["attempts_left"], body["best_score_percent"], body["passed"]) == (
        2,
        1,
        100,
        True,
    )


def test_shuffled_quiz_has_an_order_of_its_own_per_learner_and_keeps_it(learner, learner_client):
    quiz = _quiz(30, shuffle_questions=True)
    other = UserFactory()
    _enrol(learner, quiz)
    _enrol(other, quiz)
    authored = [q.id for q in _questions(quiz)]

    first = [q["id"] for q in learner_client.get(_url(quiz)).json()["questions"]]
    again = [q["id"] for q in learner_client.get(_url(quiz)).json()["questions"]]
    others = [q["id"] for q in _client(other).get(_url(quiz)).json()["questions"]]

    assert sorted(first) == sorted(authored)
    assert first == again
    assert first != authored
    assert others != first


def test_quiz_without_shuffling_keeps_the_authored_order(learner, learner_client):
    quiz = _quiz(10)
    _enrol(learner, quiz)

    shown = [q["id"] for q in learner_client.get(_url(quiz)).json()["questions"]]

    assert shown == [q.id for q in _questions(quiz)]


def test_anonymous_gets_401_everywhere(api_client):
    quiz = _quiz()

    assert api_client.get(_url(quiz)).status_code == 401
    assert api_client.get(_attempts_url(quiz)).status_code == 401
    assert api_client.post(_attempts_url(quiz), _all_correct(quiz)).status_code == 401
    assert QuizAttempt.objects.count() == 0


def test_learner_not_enrolled_gets_403_and_nothing_is_stored(learner_client):
    quiz = _quiz()

    detail = learner_client.get(_url(quiz))
    submit = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert (detail.status_code, detail.json()["code"]) == (403, "not_enrolled")
    assert (submit.status_code, submit.json()["code"]) == (403, "not_enrolled")
    assert learner_client.get(_attempts_url(quiz)).status_code == 403
    assert QuizAttempt.objects.count() == 0


def test_cancelled_enrolment_cannot_take_the_quiz(learner, learner_client):
    quiz = _quiz()
    enrollment = _enrol(learner, quiz)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.CANCELLED)

    assert learner_client.get(_url(quiz)).status_code == 403
    assert learner_client.post(_attempts_url(quiz), _all_correct(quiz)).status_code == 403


def test_quiz_of_a_drip_lesson_not_yet_unlocked_is_403(learner, learner_client):
    quiz = _quiz(course=CourseFactory(drip_mode=Course.DripMode.WEEKLY))
    quiz.lesson.unlock_after = 2
    quiz.lesson.save()
    _enrol(learner, quiz)

    detail = learner_client.get(_url(quiz))
    submit = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert (detail.status_code, detail.json()["code"]) == (403, "locked")
    assert (submit.status_code, submit.json()["code"]) == (403, "locked")
    assert QuizAttempt.objects.count() == 0


def test_quiz_in_a_draft_course_is_404(learner_client):
    quiz = _quiz(course=CourseFactory(status=Course.Status.DRAFT))

    assert learner_client.get(_url(quiz)).status_code == 404
    assert learner_client.post(_attempts_url(quiz), _all_correct(quiz)).status_code == 404


def test_unknown_quiz_is_404(learner_client):
    assert learner_client.get("/api/v1/quizzes/999999/").status_code == 404
    assert learner_client.post("/api/v1/quizzes/999999/attempts/", {"answers": []}).status_code == 404


def test_instructor_sees_the_quiz_without_enrolment_but_cannot_submit():
    instructor = UserFactory(is_staff=True)
    quiz = _quiz(course=CourseFactory(instructors=[instructor]))
    client = _client(instructor)

    assert client.get(_url(quiz)).status_code == 200
    assert client.get(_attempts_url(quiz)).json()["results"] == []
    assert client.post(_attempts_url(quiz), _all_correct(quiz)).status_code == 403


# --- Grading -------------------------------------------------------------------------------


def test_passing_submission_is_graded_with_explanations_and_correct_choices(learner, learner_client):
    quiz = _quiz(3)  # points 1, 2, 3; passing earns the correct choices
    _enrol(learner, quiz)
    single, multiple, true_false = _questions(quiz)
    answers = [
        {"question": single.id, "choices": _correct(single)},
        {"question": multiple.id, "choices": _correct(multiple)[:1]},  # half right is wrong
        {"question": true_false.id, "choices": _correct(true_false)},
    ]

    response = learner_client.post(_attempts_url(quiz), {"answers": answers})

    assert response.status_code == 201
    body = response.json()
    attempt = QuizAttempt.objects.get()
    assert body["id"] == attempt.id
    assert (body["number"], body["score"], body["max_score"], body["score_percent"], body["passed"]) == (
        1,
        4,
        6,
        66,
        True,
    )
    assert body["submitted_at"] is not None
    assert body["timed_out"] is False
    assert body["results"] == [
        {
            "question": single.id,
            "chosen": _correct(single),
            "correct": True,
            "points_awarded": 1,
            "explanation": single.explanation,
            "feedback": [],
            "correct_choices": _correct(single),
        },
        {
            "question": multiple.id,
            "chosen": _correct(multiple)[:1],
            "correct": False,
            "points_awarded": 0,
            "explanation": multiple.explanation,
            "feedback": [],
            "correct_choices": _correct(multiple),
        },
        {
            "question": true_false.id,
            "chosen": _correct(true_false),
            "correct": True,
            "points_awarded": 3,
            "explanation": true_false.explanation,
            "feedback": [],
            "correct_choices": _correct(true_false),
        },
    ]
    assert (attempt.score, attempt.max_score, attempt.score_percent, attempt.passed) == (4, 6, 66, True)
    assert attempt.answers == {str(a["question"]): a["choices"] for a in answers}


def test_unanswered_questions_score_zero_and_the_pass_mark_decides(learner, learner_client):
    quiz = _quiz(3, pass_mark=70)
    _enrol(learner, quiz)
    single, _multiple, true_false = _questions(quiz)

    response = learner_client.post(
        _attempts_url(quiz),
        {
            "answers": [
                {"question": single.id, "choices": _correct(single)},
                {"question": true_false.id, "choices": []},  # an empty list is unanswered too
            ]
        },
    )

    body = response.json()
    assert (body["score"], body["max_score"], body["score_percent"], body["passed"]) == (1, 6, 16, False)
    assert [r["correct"] for r in body["results"]] == [True, False, False]
    assert [r["chosen"] for r in body["results"]] == [_correct(single), [], []]


def test_multiple_choice_needs_exactly_the_correct_set(learner, learner_client):
    quiz = _quiz(0)
    question = question_with_choices(quiz=quiz, kind=Question.Kind.MULTIPLE, correct=(0, 2), n_choices=4)
    ids = [c.id for c in question.choices.order_by("position")]
    _enrol(learner, quiz)

    def score(chosen):
        body = learner_client.post(_attempts_url(quiz), {"answers": [{"question": question.id, "choices": chosen}]})
        return body.json()["score"]

    assert score([ids[0], ids[2]]) == 1
    assert score([ids[2], ids[0]]) == 1
    assert score([ids[0]]) == 0
    assert score([ids[0], ids[1], ids[2]]) == 0
    assert score(ids) == 0


def test_passing_counts_for_progress_and_completes_the_course(learner, learner_client):
    quiz = _quiz(3)
    enrollment = _enrol(learner, quiz)
    assert learner_client.post(f"/api/v1/lessons/{quiz.lesson_id}/completion/").status_code == 201

    learner_client.post(_attempts_url(quiz), _all_wrong(quiz))
    failing = learner_client.get(f"/api/v1/enrollments/{enrollment.id}/").json()
    learner_client.post(_attempts_url(quiz), _all_correct(quiz))
    passing = learner_client.get(f"/api/v1/enrollments/{enrollment.id}/").json()

    assert failing["progress"]["quizzes_passed"] == 0
    assert failing["status"] == "active"
    assert passing["progress"]["quizzes_passed"] == 1
    assert passing["status"] == "completed"
    enrollment.refresh_from_db()
    assert enrollment.last_activity_at is not None


# --- Revealing the correct answers ------------------------------------------------------------


def _revealed(attempt: dict) -> list:
    return [r["correct_choices"] for r in attempt["results"]]


def test_failed_attempt_with_attempts_left_keeps_the_correct_choices_back(learner, learner_client):
    quiz = _quiz(3, max_attempts=3)
    _enrol(learner, quiz)
    single, multiple, true_false = _questions(quiz)
    answers = [
        {"question": single.id, "choices": _correct(single)},
        {"question": multiple.id, "choices": _wrong(multiple)},
    ]

    response = learner_client.post(_attempts_url(quiz), {"answers": answers})
    listed = learner_client.get(_attempts_url(quiz)).json()

    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["score"], body["score_percent"], body["passed"]) == (1, 1, 16, False)
    # Right or wrong and points per question, and my own choices: never the answer key, nor the
    # explanations, which state it.
    assert body["results"] == [
        {
            "question": single.id,
            "chosen": _correct(single),
            "correct": True,
            "points_awarded": 1,
            "explanation": None,
            "feedback": None,
            "correct_choices": None,
        },
        {
            "question": multiple.id,
            "chosen": _wrong(multiple),
            "correct": False,
            "points_awarded": 0,
            "explanation": None,
            "feedback": None,
            "correct_choices": None,
        },
        {
            "question": true_false.id,
            "chosen": [],
            "correct": False,
            "points_awarded": 0,
            "explanation": None,
            "feedback": None,
            "correct_choices": None,
        },
    ]
    assert listed["results"] == [body]
    # Stored for later, when they are earned.
    assert [r["correct_choices"] for r in QuizAttempt.objects.get().results] == [_correct(q) for q in _questions(quiz)]


def test_failed_attempts_at_an_unlimited_quiz_never_reveal_the_correct_choices(learner, learner_client):
    quiz = _quiz(3, max_attempts=None)
    _enrol(learner, quiz)

    posted = [learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json() for _ in range(3)]
    listed = learner_client.get(_attempts_url(quiz)).json()["results"]

    assert [a["number"] for a in posted] == [1, 2, 3]
    assert all(_revealed(a) == [None] * 3 for a in posted + listed)


def test_passing_reveals_the_correct_choices_of_every_attempt_also_in_the_list(learner, learner_client):
    quiz = _quiz(3, max_attempts=3)
    _enrol(learner, quiz)
    key = [_correct(q) for q in _questions(quiz)]

    failed = learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json()
    passed = learner_client.post(_attempts_url(quiz), _all_correct(quiz)).json()
    retaken = learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json()
    listed = learner_client.get(_attempts_url(quiz)).json()["results"]

    assert (failed["passed"], passed["passed"], retaken["passed"]) == (False, True, False)
    assert _revealed(failed) == [None] * 3
    assert _revealed(passed) == key
    # Once earned they stay earned: a later failed retake shows them too.
    assert _revealed(retaken) == key
    assert [a["number"] for a in listed] == [3, 2, 1]
    assert [_revealed(a) for a in listed] == [key, key, key]


def test_the_last_allowed_attempt_reveals_the_correct_choices_even_when_failed(learner, learner_client):
    quiz = _quiz(3, max_attempts=2)
    _enrol(learner, quiz)
    key = [_correct(q) for q in _questions(quiz)]

    first = learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json()
    listed_between = learner_client.get(_attempts_url(quiz)).json()["results"]
    last = learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json()
    listed = learner_client.get(_attempts_url(quiz)).json()["results"]

    assert (first["passed"], last["passed"], last["number"]) == (False, False, 2)
    assert _revealed(first) == _revealed(listed_between[0]) == [None] * 3
    assert _revealed(last) == key
    assert [(a["number"], _revealed(a)) for a in listed] == [(2, key), (1, key)]


def test_an_open_attempt_keeps_the_correct_choices_back_even_if_the_limit_is_lowered(learner, learner_client):
    quiz = _quiz(3, max_attempts=3, time_limit_seconds=600)
    _enrol(learner, quiz)
    key = [_correct(q) for q in _questions(quiz)]
    for _ in range(2):
        learner_client.post(_attempts_url(quiz), {"start": True})
        learner_client.post(_attempts_url(quiz), _all_wrong(quiz))
    started = learner_client.post(_attempts_url(quiz), {"start": True}).json()
    Quiz.objects.filter(pk=quiz.pk).update(max_attempts=2)  # the instructor lowers the limit meanwhile

    while_open = learner_client.get(_attempts_url(quiz)).json()["results"]
    submitted = learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json()
    listed = learner_client.get(_attempts_url(quiz)).json()["results"]

    assert (started["number"], submitted["id"], submitted["passed"]) == (3, started["id"], False)
    assert [(a["number"], _revealed(a)) for a in while_open] == [(2, [None] * 3), (1, [None] * 3)]
    assert _revealed(submitted) == key
    assert [_revealed(a) for a in listed] == [key, key, key]


def test_the_correct_choices_of_one_learner_do_not_depend_on_another(learner, learner_client):
    quiz = _quiz(3, max_attempts=3)
    other = UserFactory()
    _enrol(learner, quiz)
    _enrol(other, quiz)
    _client(other).post(_attempts_url(quiz), _all_correct(quiz))

    mine = learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json()

    assert _revealed(mine) == [None] * 3
    assert _revealed(learner_client.get(_attempts_url(quiz)).json()["results"][0]) == [None] * 3


# --- Invalid submissions --------------------------------------------------------------------


def _bad_bodies():
    """(name, body builder taking the quiz's [single, multiple, true_false] questions, expected field)."""
    return [
        ("empty body", lambda qs: {}, "answers"),
        ("answers missing", lambda qs: {"answer": []}, "answers"),
        ("answers not a list", lambda qs: {"answers": {"question": qs[0].id, "choices": _correct(qs[0])}}, "answers"),
        ("answers a string", lambda qs: {"answers": "all of them"}, "answers"),
        ("answers null", lambda qs: {"answers": None}, "answers"),
        ("empty answers", lambda qs: {"answers": []}, "answers"),
        ("only empty choices", lambda qs: {"answers": [{"question": qs[0].id, "choices": []}]}, "answers"),
        (
            "answer not an object",
            lambda qs: {"answers": [{"question": qs[0].id, "choices": _correct(qs[0])}, 7]},
            "answers[1]",
        ),
        (
            "question of another quiz",
            lambda qs: {
                "answers": [
                    {"question": qs[0].id, "choices": _correct(qs[0])},
                    {"question": _questions(_quiz(1))[0].id, "choices": []},
                ]
            },
            "answers[1].question",
        ),
        (
            "question that does not exist",
            lambda qs: {"answers": [{"question": 10**12, "choices": []}]},
            "answers[0].question",
        ),
        (
            "choice of another question",
            lambda qs: {"answers": [{"question": qs[0].id, "choices": _correct(qs[1])[:1]}]},
            "answers[0].choices",
        ),
        (
            "same question twice",
            lambda qs: {
                "answers": [
                    {"question": qs[0].id, "choices": _correct(qs[0])},
                    {"question": qs[0].id, "choices": _wrong(qs[0])},
                ]
            },
            "answers[1].question",
        ),
        (
            "two choices on a single-choice question",
            lambda qs: {"answers": [{"question": qs[0].id, "choices": _correct(qs[0]) + _wrong(qs[0])}]},
            "answers[0].choices",
        ),
        (
            "two choices on a true/false question",
            lambda qs: {"answers": [{"question": qs[2].id, "choices": [c.id for c in qs[2].choices.all()]}]},
            "answers[0].choices",
        ),
        (
            "the same choice twice",
            lambda qs: {"answers": [{"question": qs[1].id, "choices": _correct(qs[1])[:1] * 2}]},
            "answers[0].choices",
        ),
        (
            "question id not a number",
            lambda qs: {"answers": [{"question": "one", "choices": []}]},
            "answers[0].question",
        ),
        ("question id a float", lambda qs: {"answers": [{"question": 1.5, "choices": []}]}, "answers[0].question"),
        ("question id missing", lambda qs: {"answers": [{"choices": _correct(qs[0])}]}, "answers[0].question"),
        ("question id negative", lambda qs: {"answers": [{"question": -1, "choices": []}]}, "answers[0].question"),
        (
            "choice id not a number",
            lambda qs: {"answers": [{"question": qs[1].id, "choices": [_correct(qs[1])[0], "b"]}]},
            "answers[0].choices[1]",
        ),
        ("choices not a list", lambda qs: {"answers": [{"question": qs[0].id, "choices": 3}]}, "answers[0].choices"),
        (
            "choice id too large",
            lambda qs: {"answers": [{"question": qs[0].id, "choices": [2**70]}]},
            "answers[0].choices[0]",
        ),
        (
            "start and answers together",
            lambda qs: {"start": True, **_all_correct(qs[0].quiz)},
            "answers",
        ),
    ]


@pytest.mark.parametrize(("case", "build", "field"), _bad_bodies(), ids=[case for case, _, _ in _bad_bodies()])
def test_invalid_submission_is_400_naming_the_field_and_stores_nothing(learner, learner_client, case, build, field):
    quiz = _quiz(3)
    _enrol(learner, quiz)

    response = learner_client.post(_attempts_url(quiz), build(_questions(quiz)))

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert body["message"].startswith(f"{field}: ")
    assert field in body["errors"]
    assert QuizAttempt.objects.count() == 0


def test_invalid_json_is_400_and_stores_nothing(learner, learner_client):
    quiz = _quiz(3)
    _enrol(learner, quiz)

    response = learner_client.post(_attempts_url(quiz), "{not json", content_type="application/json")

    assert response.status_code == 400
    assert QuizAttempt.objects.count() == 0


def test_quiz_without_questions_cannot_be_submitted(learner, learner_client):
    quiz = _quiz(0)
    _enrol(learner, quiz)

    response = learner_client.post(_attempts_url(quiz), {"answers": [{"question": 1, "choices": []}]})

    assert (response.status_code, response.json()["code"]) == (409, "quiz_empty")
    assert QuizAttempt.objects.count() == 0


# --- Attempt limit ------------------------------------------------------------------------


def test_attempts_beyond_max_attempts_are_409(learner, learner_client):
    quiz = _quiz(3, max_attempts=2)
    _enrol(learner, quiz)

    first = learner_client.post(_attempts_url(quiz), _all_wrong(quiz))
    second = learner_client.post(_attempts_url(quiz), _all_wrong(quiz))
    third = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert [first.status_code, second.status_code, third.status_code] == [201, 201, 409]
    assert [first.json()["number"], second.json()["number"]] == [1, 2]
    assert third.json()["code"] == "attempt_limit"
    assert list(QuizAttempt.objects.values_list("number", "attempt_limit")) == [(1, 2), (2, 2)]
    assert learner_client.get(_url(quiz)).json()["attempts_left"] == 0


def test_attempt_limit_is_per_learner(learner, learner_client):
    quiz = _quiz(3, max_attempts=1)
    other = UserFactory()
    _enrol(learner, quiz)
    _enrol(other, quiz)

    assert learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).status_code == 201
    assert _client(other).post(_attempts_url(quiz), _all_wrong(quiz)).status_code == 201
    assert learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).status_code == 409


def test_unlimited_quiz_numbers_attempts_in_order(learner, learner_client):
    quiz = _quiz(3, max_attempts=None)
    _enrol(learner, quiz)

    numbers = [learner_client.post(_attempts_url(quiz), _all_wrong(quiz)).json()["number"] for _ in range(5)]

    assert numbers == [1, 2, 3, 4, 5]


# --- My attempts --------------------------------------------------------------------------


def test_attempt_list_shows_only_my_submitted_attempts_newest_first(learner, learner_client):
    quiz = _quiz(3)
    other = UserFactory()
    _enrol(learner, quiz)
    _enrol(other, quiz)
    _client(other).post(_attempts_url(quiz), _all_correct(quiz))
    learner_client.post(_attempts_url(quiz), _all_wrong(quiz))
    learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    body = learner_client.get(_attempts_url(quiz)).json()

    mine = QuizAttempt.objects.filter(enrollment__user=learner).order_by("-number")
    assert body["count"] == 2
    assert [a["id"] for a in body["results"]] == [a.id for a in mine]
    assert [(a["number"], a["score_percent"], a["passed"]) for a in body["results"]] == [(2, 100, True), (1, 0, False)]
    assert all(len(a["results"]) == 3 for a in body["results"])
    assert set(body["results"][0]) == {
        "id",
        "quiz",
        "number",
        "started_at",
        "deadline_at",
        "submitted_at",
        "score",
        "max_score",
        "score_percent",
        "passed",
        "timed_out",
        "results",
    }
    others = _client(other).get(_attempts_url(quiz)).json()
    assert [a["id"] for a in others["results"]] == [QuizAttempt.objects.get(enrollment__user=other).id]


def test_attempt_list_is_paginated(learner, learner_client):
    quiz = _quiz(1)
    _enrol(learner, quiz)
    for _ in range(3):
        learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    page = learner_client.get(_attempts_url(quiz) + "?page_size=2&page=2").json()

    assert page["count"] == 3
    assert [a["number"] for a in page["results"]] == [1]


# --- Timed quizzes ------------------------------------------------------------------------

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_timed_quiz_must_be_started_before_answering(learner, learner_client):
    quiz = _quiz(3, time_limit_seconds=300)
    _enrol(learner, quiz)

    response = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert (response.status_code, response.json()["code"]) == (400, "not_started")
    assert QuizAttempt.objects.count() == 0


def test_timed_quiz_start_then_submit_in_time_fills_the_open_attempt(learner, learner_client):
    quiz = _quiz(3, time_limit_seconds=300)
    _enrol(learner, quiz)

    with time_machine.travel(START, tick=False):
        started = learner_client.post(_attempts_url(quiz), {"start": True})
    with time_machine.travel(START + dt.timedelta(seconds=100), tick=False):
        again = learner_client.post(_attempts_url(quiz), {"start": True})
        shown = learner_client.get(_url(quiz)).json()
        listed_while_open = learner_client.get(_attempts_url(quiz)).json()
    with time_machine.travel(START + dt.timedelta(seconds=299), tick=False):
        submitted = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert started.status_code == 201
    body = started.json()
    assert body["number"] == 1
    assert body["deadline_at"] == "2026-03-02T09:05:00Z"
    assert (body["submitted_at"], body["score"], body["results"]) == (None, None, [])
    assert (again.status_code, again.json()["id"]) == (200, body["id"])
    assert shown["open_attempt"] == {
        "id": body["id"],
        "number": 1,
        "started_at": "2026-03-02T09:00:00Z",
        "deadline_at": "2026-03-02T09:05:00Z",
    }
    assert "correct" not in str(shown)
    assert listed_while_open["count"] == 0
    assert submitted.status_code == 201
    assert submitted.json()["id"] == body["id"]
    assert (submitted.json()["score_percent"], submitted.json()["submitted_at"]) == (100, "2026-03-02T09:04:59Z")
    assert QuizAttempt.objects.count() == 1


def test_timed_quiz_accepts_answers_within_the_grace_period(learner, learner_client):
    quiz = _quiz(3, time_limit_seconds=60)
    _enrol(learner, quiz)

    with time_machine.travel(START, tick=False):
        learner_client.post(_attempts_url(quiz), {"start": True})
    with time_machine.travel(START + dt.timedelta(seconds=60 + 30), tick=False):
        response = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert response.status_code == 201
    assert (response.json()["score_percent"], response.json()["timed_out"]) == (100, False)


def test_late_submission_is_409_and_closes_the_attempt_with_score_zero(learner, learner_client):
    quiz = _quiz(3, time_limit_seconds=60, max_attempts=2)
    _enrol(learner, quiz)

    with time_machine.travel(START, tick=False):
        attempt_id = learner_client.post(_attempts_url(quiz), {"start": True}).json()["id"]
    with time_machine.travel(START + dt.timedelta(seconds=60 + 31), tick=False):
        late = learner_client.post(_attempts_url(quiz), _all_correct(quiz))
        again = learner_client.post(_attempts_url(quiz), _all_correct(quiz))
        listed = learner_client.get(_attempts_url(quiz)).json()

    assert late.status_code == 409
    assert (late.json()["code"], late.json()["attempt"]) == ("time_over", attempt_id)
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.score_percent, attempt.passed, attempt.answers) == (0, 0, False, {})
    assert attempt.submitted_at == START + dt.timedelta(seconds=91)
    assert (again.status_code, again.json()["code"]) == (400, "not_started")
    assert listed["count"] == 1
    assert (listed["results"][0]["timed_out"], listed["results"][0]["score"]) == (True, 0)


def test_starting_again_after_the_deadline_closes_the_old_attempt_and_opens_a_new_one(learner, learner_client):
    quiz = _quiz(3, time_limit_seconds=60, max_attempts=2)
    _enrol(learner, quiz)

    with time_machine.travel(START, tick=False):
        first = learner_client.post(_attempts_url(quiz), {"start": True}).json()
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        second = learner_client.post(_attempts_url(quiz), {"start": True})
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        third = learner_client.post(_attempts_url(quiz), {"start": True})

    assert second.status_code == 201
    assert second.json()["number"] == 2
    assert second.json()["deadline_at"] == "2026-03-02T10:01:00Z"
    closed = QuizAttempt.objects.get(pk=first["id"])
    assert (closed.score, closed.passed, closed.submitted_at) == (0, False, START + dt.timedelta(hours=1))
    # The limit is used up, but the expired second attempt is still closed.
    assert (third.status_code, third.json()["code"]) == (409, "attempt_limit")
    assert QuizAttempt.objects.filter(submitted_at__isnull=True).count() == 0


def test_starting_an_untimed_quiz_opens_an_attempt_without_deadline(learner, learner_client):
    quiz = _quiz(3)
    _enrol(learner, quiz)

    started = learner_client.post(_attempts_url(quiz), {"start": True})
    submitted = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert (started.status_code, started.json()["deadline_at"]) == (201, None)
    assert (submitted.status_code, submitted.json()["id"]) == (201, started.json()["id"])


def test_deadline_uses_the_server_clock_not_the_client(learner, learner_client):
    quiz = _quiz(3, time_limit_seconds=60)
    _enrol(learner, quiz)

    with time_machine.travel(START, tick=False):
        body = learner_client.post(
            _attempts_url(quiz),
            {"start": True, "started_at": "2030-01-01T00:00:00Z", "deadline_at": "2030-01-01T00:00:00Z"},
        ).json()

    assert body["started_at"] == "2026-03-02T09:00:00Z"
    assert body["deadline_at"] == "2026-03-02T09:01:00Z"


def test_answering_a_timed_quiz_with_no_attempts_left_is_409_not_400(learner, learner_client):
    quiz = _quiz(3, time_limit_seconds=60, max_attempts=1)
    _enrol(learner, quiz)
    learner_client.post(_attempts_url(quiz), {"start": True})
    learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    response = learner_client.post(_attempts_url(quiz), _all_correct(quiz))

    assert (response.status_code, response.json()["code"]) == (409, "attempt_limit")


# --- Query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("n_questions", [3, 30])
def test_quiz_detail_queries_do_not_grow_with_questions(
    learner, learner_client, django_assert_max_num_queries, n_questions
):
    quiz = _quiz(n_questions, shuffle_questions=True)
    _enrol(learner, quiz)
    learner_client.post(_attempts_url(quiz), _all_wrong(quiz))

    # quiz + course, enrolment, my attempts, questions, choices
    with django_assert_max_num_queries(5):
        response = learner_client.get(_url(quiz))

    assert len(response.json()["questions"]) == n_questions


@pytest.mark.parametrize("n_attempts", [3, 30])
def test_attempt_list_queries_do_not_grow_with_attempts(
    learner, learner_client, django_assert_max_num_queries, n_attempts
):
    quiz = _quiz(3)
    enrollment = _enrol(learner, quiz)
    now = timezone.now()
    QuizAttempt.objects.bulk_create(
        QuizAttempt(enrollment=enrollment, quiz=quiz, number=n, started_at=now, submitted_at=now, score=0, max_score=6)
        for n in range(1, n_attempts + 1)
    )

    # quiz + course, enrolment, count, page, whether the answers are revealed (once for the page)
    with django_assert_max_num_queries(5):
        response = learner_client.get(_attempts_url(quiz) + "?page_size=100")

    assert len(response.json()["results"]) == n_attempts


@pytest.mark.parametrize("passing", [True, False], ids=["passing", "failing"])
@pytest.mark.parametrize("n_questions", [3, 30])
def test_submission_queries_do_not_grow_with_questions(
    learner, learner_client, django_assert_max_num_queries, n_questions, passing
):
    quiz = _quiz(n_questions, max_attempts=3)
    _enrol(learner, quiz)
    body = _all_correct(quiz) if passing else _all_wrong(quiz)

    # 4 to load and check (quiz, enrolment, questions, choices), 1 for the learner's extra attempts,
    # 6 in the locked transaction (the lock also says whether an earlier attempt passed; the answer
    # rows are one INSERT), 1 activity update, 10 for the completion check (savepoint and progress
    # data): none depends on the size or on revealing the answers
    with django_assert_max_num_queries(22):
        response = learner_client.post(_attempts_url(quiz), body)

    assert response.json()["score_percent"] == (100 if passing else 0)
