"""Choice and question order per attempt, partial credit, the pass rule and per-choice feedback."""

from fractions import Fraction

import pytest
from rest_framework.test import APIClient

from enrollments.models import QuizAttempt
from enrollments.services import enrollment_create
from lessons.models import Choice, Question, Quiz
from lessons.selectors import quiz_questions_to_pass
from lessons.services import GradableQuestion, quiz_grade

from .factories import ChoiceFactory, LessonFactory, QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db


def _quiz(*, n_questions=5, n_choices=6, kind=Question.Kind.SINGLE, **quiz_kwargs) -> Quiz:
    quiz_kwargs = {"max_attempts": None, "pass_mark": 100, **quiz_kwargs}
    quiz = QuizFactory(lesson=LessonFactory(), **quiz_kwargs)
    for _ in range(n_questions):
        question = QuestionFactory(quiz=quiz, kind=kind)
        for index in range(n_choices):
            ChoiceFactory(question=question, position=index, is_correct=index == 0)
    return quiz


def _learner(quiz: Quiz):
    user = UserFactory()
    enrollment_create(user=user, course=quiz.lesson.module.course)
    client = APIClient()
    client.force_authenticate(user)
    return user, client


def _shown(client, quiz) -> list[tuple[int, list[int]]]:
    body = client.get(f"/api/v1/quizzes/{quiz.id}/").json()
    return [(q["id"], [c["id"] for c in q["choices"]]) for q in body["questions"]]


def _authored(quiz) -> list[tuple[int, list[int]]]:
    return [(q.id, [c.id for c in q.choices.order_by("position")]) for q in quiz.questions.order_by("position", "id")]


def _wrong_answers(quiz) -> dict:
    answers = []
    for question in quiz.questions.all():
        wrong = question.choices.filter(is_correct=False).order_by("position").first()
        answers.append({"question": question.id, "choices": [wrong.id]})
    return {"answers": answers}


def test_choices_keep_their_order_on_reload_and_the_attempt_stores_it():
    quiz = _quiz()
    _user, client = _learner(quiz)

    before = _shown(client, quiz)
    assert before == _shown(client, quiz)
    assert before != _authored(quiz)
    assert [sorted(ids) for _q, ids in before] == [ids for _q, ids in _authored(quiz)]

    response = client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", _wrong_answers(quiz))
    assert response.status_code == 201
    # The untimed attempt was created by the submission itself: it stores the order the page showed.
    attempt = QuizAttempt.objects.get()
    assert [(int(q), ids) for q, ids in attempt.order["choices"].items()] == before


def test_each_attempt_gets_a_new_order_and_each_learner_their_own():
    quiz = _quiz()
    _user, client = _learner(quiz)
    _other, other_client = _learner(quiz)

    orders = []
    for _attempt in range(3):
        orders.append(_shown(client, quiz))
        assert client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", _wrong_answers(quiz)).status_code == 201
    stored = [a.order for a in QuizAttempt.objects.order_by("number")]

    assert len({str(order) for order in orders}) == 3
    assert [[(int(q), ids) for q, ids in order["choices"].items()] for order in stored] == orders
    assert _shown(other_client, quiz) != orders[0]


def test_timed_attempt_keeps_its_stored_order_when_a_choice_is_added_later():
    quiz = _quiz(time_limit_seconds=600)
    _user, client = _learner(quiz)
    started = client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", {"start": True}, format="json")
    assert started.status_code == 201
    before = _shown(client, quiz)

    first = quiz.questions.order_by("position").first()
    added = ChoiceFactory(question=first, position=99)

    after = _shown(client, quiz)
    assert after[0][1][:-1] == before[0][1] and after[0][1][-1] == added.id
    assert after[1:] == before[1:]


def test_true_false_always_shows_true_then_false():
    quiz = _quiz(n_choices=2, kind=Question.Kind.TRUE_FALSE, shuffle_questions=True)
    Choice.objects.filter(position=0).update(text="True")
    Choice.objects.filter(position=1).update(text="False")
    for _learner_number in range(5):
        _user, client = _learner(quiz)
        body = client.get(f"/api/v1/quizzes/{quiz.id}/").json()
        assert {tuple(c["text"] for c in q["choices"]) for q in body["questions"]} == {("True", "False")}


def test_without_shuffling_choices_come_in_authored_order():
    quiz = _quiz(shuffle_choices=False)
    _user, client = _learner(quiz)

    assert _shown(client, quiz) == _authored(quiz)


def test_shuffled_questions_change_per_attempt_and_results_follow_the_shown_order():
    quiz = _quiz(n_questions=8, n_choices=2, shuffle_questions=True, shuffle_choices=False)
    _user, client = _learner(quiz)

    first = [q for q, _ids in _shown(client, quiz)]
    result = client.post(f"/api/v1/quizzes/{quiz.id}/attempts/", _wrong_answers(quiz)).json()
    second = [q for q, _ids in _shown(client, quiz)]

    assert sorted(first) == sorted(q for q, _ids in _authored(quiz))
    assert first != second
    assert [r["question"] for r in result["results"]] == first


# --- Partial credit -------------------------------------------------------------------------

MULTIPLE = GradableQuestion(
    id=1, kind="multiple", points=3, explanation="", choice_ids=(1, 2, 3, 4, 5), correct_choice_ids=(1, 2, 3)
)
SINGLE = GradableQuestion(id=2, kind="single", points=1, explanation="", choice_ids=(6, 7), correct_choice_ids=(6,))


@pytest.mark.parametrize(
    ("chosen", "with_credit", "without"),
    [
        ((1, 2, 3), 3, 3),
        ((1, 2), 2, 0),
        ((1, 2, 4), 1, 0),
        ((1, 4, 5), 0, 0),  # 1 right - 2 wrong, floored at 0
        ((4,), 0, 0),
        ((1, 2, 3, 4), 2, 0),
        ((), 0, 0),
    ],
)
def test_partial_credit_is_right_minus_wrong_floored_at_zero(chosen, with_credit, without):
    for partial_credit, points in ((True, with_credit), (False, without)):
        grade = quiz_grade(questions=[MULTIPLE], answers={1: chosen}, partial_credit=partial_credit)
        assert grade.score == points
        assert grade.results[0].points_awarded == points


def test_partial_credit_leaves_single_choice_all_or_nothing_and_percent_is_exact():
    one_of_three = GradableQuestion(
        id=1, kind="multiple", points=1, explanation="", choice_ids=(1, 2, 3, 4), correct_choice_ids=(1, 2, 3)
    )
    grade = quiz_grade(questions=[one_of_three, SINGLE], answers={1: (1, 2), 2: (7,)}, partial_credit=True)

    assert grade.score == Fraction(2, 3)
    assert grade.results[0].points_awarded == 0.67
    assert grade.results[1].points_awarded == 0
    assert grade.score_percent == 33  # floor(2/3 * 100 / 2)


def test_partial_credit_through_the_api_scores_a_fraction_and_can_pass():
    quiz = QuizFactory(lesson=LessonFactory(), pass_mark=60, partial_credit=True)
    question = QuestionFactory(quiz=quiz, kind=Question.Kind.MULTIPLE, points=1)
    choices = [ChoiceFactory(question=question, position=i, is_correct=i < 3) for i in range(4)]
    _user, client = _learner(quiz)

    body = client.post(
        f"/api/v1/quizzes/{quiz.id}/attempts/",
        {"answers": [{"question": question.id, "choices": [choices[0].id, choices[1].id]}]},
        format="json",
    ).json()

    assert (body["score"], body["max_score"], body["score_percent"], body["passed"]) == (0.67, 1, 66, True)
    assert body["results"][0]["correct"] is False
    assert body["results"][0]["points_awarded"] == 0.67


@pytest.mark.parametrize(
    ("points", "pass_mark", "needed"),
    [
        ([1, 1, 1], 70, 3),
        ([1, 1, 1], 66, 2),
        ([1] * 5, 70, 4),
        ([1] * 5, 60, 3),
        ([1] * 10, 70, 7),
        ([3, 1, 1], 60, 1),
        ([1, 1], 0, 0),
        ([1] * 4, 100, 4),
    ],
)
def test_questions_to_pass(points, pass_mark, needed):
    assert quiz_questions_to_pass(points=points, pass_mark=pass_mark) == needed


def test_quiz_shows_the_pass_mark_with_the_questions_needed():
    quiz = _quiz(n_questions=5, pass_mark=70)
    _user, client = _learner(quiz)

    body = client.get(f"/api/v1/quizzes/{quiz.id}/").json()

    assert (body["pass_mark"], body["max_score"], body["questions_to_pass"]) == (70, 5, 4)
    assert (body["shuffle_choices"], body["partial_credit"], body["attempt_number"]) == (True, False, 1)


# --- Per-choice feedback --------------------------------------------------------------------


def test_choice_feedback_is_earned_like_the_correct_answers():
    quiz = QuizFactory(lesson=LessonFactory(), pass_mark=100, max_attempts=2)
    question = QuestionFactory(quiz=quiz)
    right = ChoiceFactory(question=question, position=0, is_correct=True, feedback="RIGHT-FEEDBACK")
    wrong = ChoiceFactory(question=question, position=1, feedback="WRONG-FEEDBACK")
    ChoiceFactory(question=question, position=2)  # no feedback: left out
    _user, client = _learner(quiz)
    url = f"/api/v1/quizzes/{quiz.id}/attempts/"

    failed = client.post(url, {"answers": [{"question": question.id, "choices": [wrong.id]}]}, format="json")
    quiz_page = client.get(f"/api/v1/quizzes/{quiz.id}/")

    assert failed.json()["results"][0]["feedback"] is None
    for response in (failed, quiz_page, client.get(url)):
        assert "FEEDBACK" not in response.content.decode()

    passed = client.post(url, {"answers": [{"question": question.id, "choices": [right.id]}]}, format="json")
    expected = [
        {"choice": right.id, "feedback": "RIGHT-FEEDBACK"},
        {"choice": wrong.id, "feedback": "WRONG-FEEDBACK"},
    ]
    assert passed.json()["results"][0]["feedback"] == expected
    # Earned for the failed attempt too, and never on the quiz page.
    listed = client.get(url).json()["results"]
    assert [a["results"][0]["feedback"] for a in listed] == [expected, expected]
    assert "FEEDBACK" not in client.get(f"/api/v1/quizzes/{quiz.id}/").content.decode()


def test_feedback_is_shown_when_no_attempts_are_left_even_without_passing():
    quiz = QuizFactory(lesson=LessonFactory(), pass_mark=100, max_attempts=1)
    question = QuestionFactory(quiz=quiz)
    ChoiceFactory(question=question, position=0, is_correct=True)
    wrong = ChoiceFactory(question=question, position=1, feedback="Not this: it waits for the quarter to end.")
    _user, client = _learner(quiz)

    body = client.post(
        f"/api/v1/quizzes/{quiz.id}/attempts/",
        {"answers": [{"question": question.id, "choices": [wrong.id]}]},
        format="json",
    ).json()

    assert body["passed"] is False
    assert body["results"][0]["feedback"] == [
        {"choice": wrong.id, "feedback": "Not this: it waits for the quarter to end."}
    ]
