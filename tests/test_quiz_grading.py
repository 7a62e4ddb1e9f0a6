import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseplatform.errors import ApplicationError
from enrollments.models import QuizAttempt
from enrollments.services import enrollment_create
from lessons.models import Question, Quiz
from lessons.selectors import quiz_answers_revealed, quiz_answers_revealed_get, quiz_questions_get
from lessons.services import (
    GradableQuestion,
    quiz_answers_validate,
    quiz_attempt_submit,
    quiz_grade,
)

from .factories import CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory, question_with_choices

# --- Strategies -----------------------------------------------------------------------------


@st.composite
def gradable_questions(draw) -> list[GradableQuestion]:
    """1..8 well-formed questions of any kind, with unique ids for questions and choices."""
    questions = []
    next_id = 1
    for question_id in range(1, draw(st.integers(1, 8)) + 1):
        kind = draw(st.sampled_from(Question.Kind.values))
        n_choices = 2 if kind == Question.Kind.TRUE_FALSE else draw(st.integers(2, 6))
        choice_ids = tuple(range(next_id, next_id + n_choices))
        next_id += n_choices
        if kind == Question.Kind.MULTIPLE:
            correct = draw(st.sets(st.sampled_from(choice_ids), min_size=1))
        else:
            correct = {draw(st.sampled_from(choice_ids))}
        questions.append(
            GradableQuestion(
                id=question_id,
                kind=kind,
                points=draw(st.integers(1, 10)),
                explanation=f"Why {question_id}",
                choice_ids=choice_ids,
                correct_choice_ids=tuple(c for c in choice_ids if c in correct),
            )
        )
    return questions


@st.composite
def questions_and_answers(draw) -> tuple[list[GradableQuestion], dict[int, list[int]]]:
    """Questions and any answers to them: random omissions, random subsets of each question's choices."""
    questions = draw(gradable_questions())
    answers = {}
    for question in questions:
        if draw(st.booleans()):
            continue  # left out
        answers[question.id] = draw(st.lists(st.sampled_from(question.choice_ids), unique=True))
    return questions, answers


def _all_correct(questions) -> dict[int, list[int]]:
    return {q.id: list(q.correct_choice_ids) for q in questions}


# --- The pure grading function --------------------------------------------------------------


@given(questions_and_answers())
def test_score_is_between_zero_and_the_maximum(case):
    questions, answers = case

    grade = quiz_grade(questions=questions, answers=answers)

    assert grade.max_score == sum(q.points for q in questions)
    assert 0 <= grade.score <= grade.max_score
    assert 0 <= grade.score_percent <= 100
    assert grade.score == sum(r.points_awarded for r in grade.results)
    assert [r.question for r in grade.results] == [q.id for q in questions]


@given(questions_and_answers(), st.randoms())
def test_the_same_answers_always_score_the_same(case, rnd):
    questions, answers = case
    shuffled = {}
    for question_id in rnd.sample(list(answers), len(answers)):
        shuffled[question_id] = rnd.sample(answers[question_id], len(answers[question_id]))

    first = quiz_grade(questions=questions, answers=answers)
    again = quiz_grade(questions=questions, answers=answers)
    reordered = quiz_grade(questions=questions, answers=shuffled)

    assert first == again == reordered


@given(gradable_questions())
def test_all_correct_answers_score_the_maximum(questions):
    grade = quiz_grade(questions=questions, answers=_all_correct(questions))

    assert grade.score == grade.max_score
    assert grade.score_percent == 100
    assert all(r.correct for r in grade.results)
    assert grade.passes(100)


@given(gradable_questions())
def test_no_answers_score_zero(questions):
    grade = quiz_grade(questions=questions, answers={})

    assert (grade.score, grade.score_percent) == (0, 0)
    assert not any(r.correct for r in grade.results)
    assert grade.passes(0)
    assert not grade.passes(1)


@given(questions_and_answers())
def test_a_question_scores_all_or_nothing(case):
    questions, answers = case

    grade = quiz_grade(questions=questions, answers=answers)

    for question, result in zip(questions, grade.results, strict=True):
        assert result.points_awarded in (0, question.points)
        assert result.correct == (set(answers.get(question.id, ())) == set(question.correct_choice_ids))
        assert result.correct_choices == list(question.correct_choice_ids)


def _multiple(correct: tuple[int, ...]) -> GradableQuestion:
    return GradableQuestion(
        id=1, kind="multiple", points=2, explanation="", choice_ids=(10, 11, 12, 13), correct_choice_ids=correct
    )


@pytest.mark.parametrize(
    ("chosen", "points"),
    [([10, 12], 2), ([12, 10], 2), ([10], 0), ([10, 11, 12], 0), ([10, 11, 12, 13], 0), ([], 0), ([11], 0)],
)
def test_multiple_choice_gets_no_partial_credit(chosen, points):
    assert quiz_grade(questions=[_multiple((10, 12))], answers={1: chosen}).score == points


def test_score_percent_rounds_down_so_only_all_correct_is_100():
    questions = [
        GradableQuestion(
            id=i, kind="single", points=1, explanation="", choice_ids=(i * 10, i * 10 + 1), correct_choice_ids=(i * 10,)
        )
        for i in range(1, 4)
    ]

    grade = quiz_grade(questions=questions, answers={1: [10], 2: [20]})

    assert (grade.score, grade.max_score, grade.score_percent) == (2, 3, 66)
    assert grade.passes(66)
    assert not grade.passes(67)


@given(questions_and_answers())
def test_valid_answers_pass_validation_unchanged_when_single_questions_get_one_choice(case):
    questions, answers = case
    kinds = {q.id: q.kind for q in questions}
    answers = {qid: chosen[:1] if kinds[qid] != "multiple" else chosen for qid, chosen in answers.items()}
    if not any(answers.values()):
        return

    validated = quiz_answers_validate(
        questions=questions, answers=[{"question": qid, "choices": chosen} for qid, chosen in answers.items()]
    )

    assert validated == answers


# --- When the correct answers are revealed ---------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "submitted", "open_attempt", "max_attempts", "revealed"),
    [
        (False, 1, False, 3, False),  # attempts left: the answer key would make the next one trivial
        (False, 5, False, None, False),  # unlimited: never used up
        (False, 3, False, 3, True),  # the last allowed attempt is in
        (False, 4, False, 3, True),  # the limit was lowered below what was used
        (False, 2, True, 2, False),  # an attempt is still open (the limit was lowered while it ran)
        (True, 1, False, 3, True),  # passed: earned
        (True, 1, True, None, True),  # passed, then retaking: already earned
        (False, 0, False, 1, False),
    ],
)
def test_answers_are_revealed_only_once_passed_or_no_attempts_are_left(
    passed, submitted, open_attempt, max_attempts, revealed
):
    assert (
        quiz_answers_revealed(passed=passed, submitted=submitted, open_attempt=open_attempt, max_attempts=max_attempts)
        is revealed
    )


# --- Through the service ---------------------------------------------------------------------

KINDS = [(Question.Kind.SINGLE, (1,), 3), (Question.Kind.MULTIPLE, (0, 2), 4), (Question.Kind.TRUE_FALSE, (1,), 2)]


def _quiz_for(user, n_questions: int = 6, **quiz_kwargs) -> Quiz:
    quiz = QuizFactory(lesson=LessonFactory(module=ModuleFactory(course=CourseFactory())), **quiz_kwargs)
    for i in range(n_questions):
        kind, correct, n_choices = KINDS[i % 3]
        question_with_choices(quiz=quiz, kind=kind, correct=correct, n_choices=n_choices, points=i + 1)
    enrollment_create(user=user, course=quiz.lesson.module.course)
    return quiz


def _gradable(quiz: Quiz) -> list[GradableQuestion]:
    return [GradableQuestion.from_question(q) for q in quiz_questions_get(quiz=quiz)]


@pytest.mark.django_db
def test_service_stores_the_graded_attempt_with_the_maximum_for_all_correct():
    user = UserFactory()
    quiz = _quiz_for(user, pass_mark=100)
    questions = _gradable(quiz)

    attempt = quiz_attempt_submit(
        user=user, quiz=quiz, answers=[{"question": q.id, "choices": list(q.correct_choice_ids)} for q in questions]
    )

    attempt.refresh_from_db()
    assert (attempt.number, attempt.score, attempt.max_score, attempt.score_percent, attempt.passed) == (
        1,
        21,
        21,
        100,
        True,
    )
    assert attempt.submitted_at is not None
    assert [r["correct"] for r in attempt.results] == [True] * 6


@pytest.mark.django_db
def test_service_refuses_invalid_answers_and_stores_nothing():
    user = UserFactory()
    quiz = _quiz_for(user)
    single = _gradable(quiz)[0]

    with pytest.raises(ApplicationError) as error:
        quiz_attempt_submit(user=user, quiz=quiz, answers=[{"question": single.id, "choices": list(single.choice_ids)}])

    assert (error.value.status, error.value.field) == (400, "answers[0].choices")
    assert QuizAttempt.objects.count() == 0


@pytest.mark.django_db
def test_service_refuses_a_learner_who_is_not_enrolled():
    quiz = _quiz_for(UserFactory())

    with pytest.raises(ApplicationError) as error:
        quiz_attempt_submit(user=UserFactory(), quiz=quiz, answers=[{"question": 1, "choices": []}])

    assert (error.value.status, error.value.code) == (403, "not_enrolled")


@pytest.fixture
def learner_with_quiz(db):
    """One learner and one unlimited quiz shared by every example of a hypothesis test."""
    user = UserFactory()
    return user, _quiz_for(user, n_questions=6, max_attempts=None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_service_score_matches_the_pure_grade_and_the_same_answers_score_the_same(learner_with_quiz, data):
    user, quiz = learner_with_quiz
    questions = _gradable(quiz)
    answers = []
    for question in questions:
        if data.draw(st.booleans(), label=f"answer question {question.id}"):
            limit = None if question.kind == "multiple" else 1
            chosen = data.draw(st.lists(st.sampled_from(question.choice_ids), unique=True, min_size=1, max_size=limit))
            answers.append({"question": question.id, "choices": chosen})
    if not answers:
        return

    attempt = quiz_attempt_submit(user=user, quiz=quiz, answers=answers)
    again = quiz_attempt_submit(user=user, quiz=quiz, answers=answers)

    expected = quiz_grade(questions=questions, answers={a["question"]: a["choices"] for a in answers})
    attempt.refresh_from_db()
    assert 0 <= attempt.score <= attempt.max_score == 21
    assert (attempt.score, attempt.score_percent) == (expected.score, expected.score_percent)
    assert attempt.passed == (expected.score_percent >= quiz.pass_mark)
    assert (again.score, again.results, again.number) == (attempt.score, attempt.results, attempt.number + 1)


def _answers(questions: list[GradableQuestion], *, correct: bool) -> list:
    def wrong(q: GradableQuestion) -> list[int]:
        return [next(c for c in q.choice_ids if c not in q.correct_choice_ids)]

    return [{"question": q.id, "choices": list(q.correct_choice_ids) if correct else wrong(q)} for q in questions]


@pytest.mark.parametrize(
    ("max_attempts", "outcomes", "revealed"),
    [
        (4, [False, True, False], [False, True, True]),  # failing again after a pass still shows them
        (3, [False, False, False], [False, False, True]),
        (2, [False, False], [False, True]),
        (None, [False, False, False], [False, False, False]),
        (1, [True], [True]),
    ],
)
@pytest.mark.django_db
def test_service_marks_an_attempt_revealed_the_same_way_the_listing_reads_it(max_attempts, outcomes, revealed):
    user = UserFactory()
    quiz = _quiz_for(user, n_questions=3, max_attempts=max_attempts, pass_mark=100)
    questions = _gradable(quiz)

    marks, read = [], []
    for passing in outcomes:
        attempt = quiz_attempt_submit(user=user, quiz=quiz, answers=_answers(questions, correct=passing))
        assert attempt.passed is passing
        marks.append(attempt.answers_revealed)
        read.append(quiz_answers_revealed_get(enrollment_id=attempt.enrollment_id, quiz_id=quiz.id))

    assert marks == read == revealed
