import pytest
from django.core.exceptions import ValidationError

from courses.content.loader import content_load
from courses.content.spec import (
    ChallengeSpec,
    CourseSpec,
    LessonSpec,
    ModuleSpec,
    QuestionSpec,
    QuizSpec,
    choice,
    true_false,
)
from courses.models import Challenge, Course
from lessons.models import Choice, Lesson, Quiz, reading_seconds, words_count

from .factories import CourseFactory, LessonFactory, ModuleFactory


def test_words_count_skips_markdown_markup_and_link_targets():
    text = "## A title\n\n- **Ask** the [rep](https://example.com/a-long/path?x=1) what they need.\n> Don't guess."
    assert words_count(text) == 10  # A title Ask the rep what they need Don't guess


@pytest.mark.parametrize(
    ("words", "wpm", "seconds"),
    [(0, 200, 10), (1, 200, 10), (200, 200, 60), (201, 200, 70), (350, 200, 110), (350, 250, 90)],
)
def test_reading_time_rounds_up_to_ten_seconds(settings, words, wpm, seconds):
    settings.READING_WORDS_PER_MINUTE = wpm
    assert reading_seconds(words) == seconds


def _lesson_with_words(module, words: int, **kwargs):
    body = " ".join(["word"] * words)
    return LessonFactory(module=module, body=body, word_count=words_count(body), duration_seconds=None, **kwargs)


def test_lesson_api_outline_and_catalogue_show_the_computed_duration(db, api_client, settings):
    settings.READING_WORDS_PER_MINUTE = 200
    course = CourseFactory()
    module = ModuleFactory(course=course)
    computed = _lesson_with_words(module, 400, is_preview=True, position=0)  # 2 minutes
    LessonFactory(module=module, duration_seconds=300, position=1)  # set by the instructor

    lesson = api_client.get(f"/api/v1/lessons/{computed.id}/").json()
    outline = api_client.get(f"/api/v1/courses/{course.slug}/").json()
    listed = next(c for c in api_client.get("/api/v1/courses/").json()["results"] if c["slug"] == course.slug)

    assert lesson["duration_seconds"] == 120
    assert [item["duration_seconds"] for item in outline["modules"][0]["lessons"]] == [120, 300]
    assert listed["total_duration_seconds"] == 420


def test_catalogue_total_follows_the_reading_speed_setting(db, api_client, settings):
    course = CourseFactory()
    module = ModuleFactory(course=course)
    for position, words in enumerate((1, 199, 200, 201, 999)):
        _lesson_with_words(module, words, position=position)
    for wpm in (120, 200, 237):
        settings.READING_WORDS_PER_MINUTE = wpm
        expected = sum(lesson.duration for lesson in Lesson.objects.filter(module=module))
        listed = api_client.get("/api/v1/courses/").json()["results"]
        assert next(c for c in listed if c["slug"] == course.slug)["total_duration_seconds"] == expected


def test_clean_counts_the_words_and_a_video_must_give_its_length(db):
    lesson = Lesson(module=ModuleFactory(), title="T", kind=Lesson.Kind.ARTICLE, body="one two three")
    lesson.full_clean()
    assert lesson.word_count == 3 and lesson.duration_seconds is None

    video = Lesson(module=lesson.module, title="V", kind=Lesson.Kind.VIDEO, video_url="https://example.com/v.mp4")
    with pytest.raises(ValidationError) as error:
        video.full_clean()
    assert "duration_seconds" in error.value.message_dict


def test_loader_carries_feedback_settings_weekday_report_question_and_computed_durations(db):
    question = QuestionSpec(
        text="Which?",
        kind="multiple",
        explanation="Because.",
        choices=(
            choice("Wrong", feedback="Not this: it reacts."),
            choice("Right", correct=True, feedback="Yes: it acts."),
            choice("Also right", correct=True),
        ),
    )
    spec = CourseSpec(
        slug="shape",
        title="Shape",
        summary="",
        description="",
        level="beginner",
        drip_mode="weekdays",
        modules=(
            ModuleSpec(
                title="M",
                summary="",
                lessons=(
                    LessonSpec(
                        title="Friday question",
                        kind="daily_thought",
                        body="one two three four",
                        unlock_after=4,
                        weekday=4,
                        quiz=QuizSpec(
                            title="Q",
                            questions=(question, true_false("Is it?", answer=False, explanation="No.")),
                            partial_credit=True,
                            shuffle_questions=True,
                        ),
                    ),
                ),
            ),
        ),
        challenges=(
            ChallengeSpec(
                title="C",
                body="Do it.",
                reflection_question="What will you do first?",
                report_question="What happened when you did?",
                suggested_days=5,
            ),
        ),
    )

    content_load(courses=[spec])

    assert Course.objects.get(slug="shape").drip_mode == Course.DripMode.WEEKDAYS
    lesson = Lesson.objects.get(module__course__slug="shape")
    assert (lesson.duration_seconds, lesson.word_count, lesson.weekday) == (None, 4, Lesson.Weekday.FRIDAY)
    quiz = Quiz.objects.get(lesson=lesson)
    assert (quiz.partial_credit, quiz.shuffle_questions, quiz.shuffle_choices) == (True, True, True)
    assert list(
        Choice.objects.filter(question__quiz=quiz, question__position=0).values_list("text", "is_correct", "feedback")
    ) == [("Wrong", False, "Not this: it reacts."), ("Right", True, "Yes: it acts."), ("Also right", True, "")]
    assert list(Choice.objects.filter(question__quiz=quiz, question__position=1).values_list("text", flat=True)) == [
        "True",
        "False",
    ]
    assert Challenge.objects.get(course__slug="shape").report_question == "What happened when you did?"


def test_loader_refuses_a_video_without_a_length_and_an_unknown_drip_mode(db):
    video = LessonSpec(title="V", kind="video", body="", video_url="https://example.com/v.mp4")
    course = CourseSpec(
        slug="v",
        title="V",
        summary="",
        description="",
        level="beginner",
        drip_mode="none",
        modules=(ModuleSpec(title="M", summary="", lessons=(video,)),),
    )
    with pytest.raises(ValidationError, match="length in seconds"):
        content_load(courses=[course])
    with pytest.raises(ValidationError, match="drip mode"):
        content_load(courses=[CourseSpec(**{**course.__dict__, "drip_mode": "hourly"})])
    assert not Course.objects.exists()
