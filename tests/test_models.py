import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courseplatform.errors import ApplicationError
from courses.models import Course
from courses.services import course_publish
from lessons.models import Question, validate_question_choices

from .factories import (
    ChallengeFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _violates(factory, **kwargs) -> bool:
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def test_module_position_is_unique_per_course():
    module = ModuleFactory(position=1)
    assert _violates(ModuleFactory, course=module.course, position=1)
    assert not _violates(ModuleFactory, position=1)


def test_lesson_position_is_unique_per_module():
    lesson = LessonFactory(position=1)
    assert _violates(LessonFactory, module=lesson.module, position=1)


def test_question_position_is_unique_per_quiz():
    question = QuestionFactory(position=1)
    assert _violates(QuestionFactory, quiz=question.quiz, position=1)


def test_challenge_number_is_unique_per_course():
    challenge = ChallengeFactory(number=7)
    assert _violates(ChallengeFactory, course=challenge.course, number=7)
    assert not _violates(ChallengeFactory, number=7)


@pytest.mark.parametrize("pass_mark, ok", [(0, True), (100, True), (101, False)])
def test_pass_mark_is_between_0_and_100(pass_mark, ok):
    assert _violates(QuizFactory, pass_mark=pass_mark) is not ok


def test_lesson_duration_must_be_positive():
    assert _violates(LessonFactory, duration_seconds=0)


def test_challenge_number_and_days_must_be_positive():
    assert _violates(ChallengeFactory, number=0)
    assert _violates(ChallengeFactory, suggested_days=0)


def test_email_is_unique_whatever_its_case():
    UserFactory(email="ann@example.com")
    assert _violates(UserFactory, email="ANN@example.com")


def test_preferred_hour_is_0_to_23():
    assert _violates(UserFactory, preferred_hour=24)


@pytest.mark.parametrize(
    "kind, correct, n, ok",
    [
        (Question.Kind.SINGLE, [True, False, False], 3, True),
        (Question.Kind.SINGLE, [True, True, False], 3, False),
        (Question.Kind.SINGLE, [False, False, False], 3, False),
        (Question.Kind.TRUE_FALSE, [True, False], 2, True),
        (Question.Kind.TRUE_FALSE, [True, True], 2, False),
        (Question.Kind.TRUE_FALSE, [True, False, False], 3, False),
        (Question.Kind.MULTIPLE, [True, True, False], 3, True),
        (Question.Kind.MULTIPLE, [False, False, False], 3, False),
    ],
)
def test_question_choices_must_suit_the_kind(kind, correct, n, ok):
    choices = [(f"choice {i}", correct[i]) for i in range(n)]
    if ok:
        validate_question_choices(kind=kind, choices=choices)
    else:
        with pytest.raises(ValidationError):
            validate_question_choices(kind=kind, choices=choices)


def test_course_without_lessons_cannot_be_published():
    course = CourseFactory(status=Course.Status.DRAFT)
    ModuleFactory(course=course)

    with pytest.raises(ApplicationError) as excinfo:
        course_publish(course=course)
    assert excinfo.value.field == "status"
    course.status = Course.Status.PUBLISHED
    with pytest.raises(ValidationError):
        course.full_clean()
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


def test_course_with_a_lesson_is_published():
    course = CourseFactory(status=Course.Status.DRAFT, published_at=None)
    LessonFactory(module=ModuleFactory(course=course))

    course_publish(course=course)

    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED
    assert course.published_at is not None
    course.full_clean()


def test_video_lesson_needs_a_video_url():
    lesson = LessonFactory.build(module=ModuleFactory(), kind="video", video_url="")
    with pytest.raises(ValidationError) as excinfo:
        lesson.full_clean()
    assert "video_url" in excinfo.value.message_dict
