from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from courses.content import COURSES
from courses.content.loader import KINDS, content_load, content_totals
from courses.content.spec import CourseSpec, LessonSpec, ModuleSpec, QuestionSpec, QuizSpec
from courses.models import Challenge, Course, Module
from lessons.models import Choice, Lesson, Question, Quiz, validate_question_choices

CONTENT_MODELS = (Course, Module, Challenge, Lesson, Quiz, Question, Choice)
SLUGS = {"sales-leadership-distinctions", "25-sales-leader-challenges", "daily-2-minute-thoughts", "sales-quickies"}


def _load_content() -> str:
    out = StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS}


def test_load_content_creates_25_challenges_numbered_1_to_25_with_every_field_filled(db):
    _load_content()

    challenges = list(Challenge.objects.filter(course__slug="25-sales-leader-challenges").order_by("number"))
    assert [c.number for c in challenges] == list(range(1, 26))
    assert Challenge.objects.count() == 25
    for challenge in challenges:
        assert challenge.title.strip()
        assert len(challenge.body.split()) >= 20, challenge.title
        assert challenge.reflection_question.strip().endswith("?"), challenge.title
        assert 1 <= challenge.suggested_days <= 30
    assert len({c.title for c in challenges}) == 25


def test_challenges_course_has_a_preview_lesson_explaining_how_the_challenges_work(db):
    _load_content()

    lesson = Lesson.objects.get(module__course__slug="25-sales-leader-challenges", module__position=0, position=0)
    assert lesson.kind == Lesson.Kind.ARTICLE
    assert lesson.is_preview
    assert "commit" in lesson.body.lower()


def test_each_of_the_five_distinction_modules_has_a_lesson_with_a_valid_quiz(db):
    _load_content()

    modules = list(Module.objects.filter(course__slug="sales-leadership-distinctions").order_by("position"))
    in_order = ("react", "individuals", "values", "outcomes", "commitment")
    assert len(modules) == 5
    assert all(word in module.title.lower() for word, module in zip(in_order, modules, strict=True))
    kinds_used = set()
    for module in modules:
        lesson = module.lessons.order_by("position").first()
        assert lesson.kind == Lesson.Kind.ARTICLE
        assert len(lesson.body.split()) >= 200, lesson.title
        quiz = lesson.quiz
        assert (quiz.pass_mark, quiz.max_attempts) == (70, 3)
        questions = list(quiz.questions.order_by("position"))
        assert len(questions) >= 3
        for question in questions:
            assert question.explanation.strip()
            choices = [(c.text, c.is_correct) for c in question.choices.order_by("position")]
            validate_question_choices(kind=question.kind, choices=choices)
            if question.kind == Question.Kind.TRUE_FALSE:
                assert [text for text, _ in choices] == ["True", "False"]
            kinds_used.add(question.kind)
    assert kinds_used == {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE}


def test_first_lesson_of_the_distinctions_course_is_the_only_preview_and_cites_the_1987_credo(db):
    _load_content()

    lessons = Lesson.objects.filter(module__course__slug="sales-leadership-distinctions")
    first = lessons.get(module__position=0, position=0)
    assert first.is_preview
    assert "science of reaction" in first.body and "1987" in first.body
    assert list(lessons.filter(is_preview=True)) == [first]


def test_daily_course_has_weekly_themes_of_five_two_minute_thoughts_unlocking_day_by_day(db):
    _load_content()

    course = Course.objects.get(slug="daily-2-minute-thoughts")
    assert course.drip_mode == Course.DripMode.DAILY
    modules = list(course.modules.order_by("position"))
    assert len(modules) >= 2
    unlocks = []
    for week, module in enumerate(modules):
        lessons = list(module.lessons.order_by("position"))
        assert len(lessons) == 5
        assert {(lesson.kind, lesson.duration_seconds) for lesson in lessons} == {(Lesson.Kind.DAILY_THOUGHT, 120)}
        assert all(lesson.body.strip() for lesson in lessons)
        assert [lesson.unlock_after for lesson in lessons] == [week * 7 + day for day in range(5)]
        unlocks += [lesson.unlock_after for lesson in lessons]
    assert unlocks == sorted(set(unlocks))


def test_quickies_are_one_minute_videos_and_only_the_first_is_a_preview(db):
    _load_content()

    lessons = list(
        Lesson.objects.filter(module__course__slug="sales-quickies").order_by("module__position", "position")
    )
    assert len(lessons) >= 5
    for lesson in lessons:
        assert (lesson.kind, lesson.duration_seconds) == (Lesson.Kind.QUICKIE, 60)
        assert lesson.video_url.startswith("https://videos.example.com/quickies/")
        assert lesson.video_url.endswith(".mp4")
        assert lesson.body.strip()
    assert [lesson.is_preview for lesson in lessons] == [True] + [False] * (len(lessons) - 1)
    assert len({lesson.video_url for lesson in lessons}) == len(lessons)


def test_all_four_courses_are_published_with_a_date_and_a_description(db):
    _load_content()

    courses = Course.objects.all()
    assert {course.slug for course in courses} == SLUGS
    for course in courses:
        assert course.status == Course.Status.PUBLISHED
        assert course.published_at is not None
        assert course.summary and course.description
    drip = dict(courses.values_list("slug", "drip_mode"))
    assert drip == {slug: "daily" if slug == "daily-2-minute-thoughts" else "none" for slug in SLUGS}


def test_first_run_reports_what_it_created_and_matches_the_content_totals(db):
    created = content_load()

    assert created == content_totals()
    assert created["courses"] == 4
    assert created["challenges"] == 25
    for model, kind in zip(
        CONTENT_MODELS, ("courses", "modules", "challenges", "lessons", "quizzes", "questions", "choices"), strict=True
    ):
        assert model.objects.count() == created[kind]


def test_second_run_creates_nothing_and_leaves_every_row_identical(db):
    first_output = _load_content()
    before = _snapshot()

    second = content_load()
    second_output = _load_content()

    assert second == dict.fromkeys(KINDS, 0)
    assert _snapshot() == before
    assert f"(created {sum(content_totals().values())} objects)" in first_output
    assert second_output.startswith("Content: 4 courses,")
    assert "created nothing" in second_output


def test_instructors_edits_and_unpublishing_survive_a_second_run(db):
    content_load()
    lesson = Lesson.objects.get(module__course__slug="sales-quickies", module__position=0, position=1)
    lesson.title = "Edited in the admin"
    lesson.save()
    Course.objects.filter(slug="sales-quickies").update(status=Course.Status.DRAFT)
    Choice.objects.filter(question__quiz__lesson=Lesson.objects.filter(quiz__isnull=False).first()).update(
        text="Edited choice"
    )
    before = _snapshot()

    created = content_load()

    assert sum(created.values()) == 0
    assert _snapshot() == before
    lesson.refresh_from_db()
    assert lesson.title == "Edited in the admin"
    assert Course.objects.get(slug="sales-quickies").status == Course.Status.DRAFT


def test_deleted_pieces_are_recreated_and_nothing_else_changes(db):
    content_load()
    Challenge.objects.filter(course__slug="25-sales-leader-challenges", number=7).delete()
    Lesson.objects.filter(module__course__slug="sales-leadership-distinctions", module__position=2).delete()
    before = _snapshot()

    created = content_load()

    assert created["challenges"] == 1
    assert (created["lessons"], created["quizzes"]) == (1, 1)
    assert created["questions"] == len(COURSES[0].modules[2].lessons[0].quiz.questions)
    assert (created["courses"], created["modules"]) == (0, 0)
    after = _snapshot()
    for name, rows in before.items():
        assert all(row in after[name] for row in rows), name
    assert Challenge.objects.get(course__slug="25-sales-leader-challenges", number=7).title
    assert Lesson.objects.filter(module__course__slug="sales-leadership-distinctions").count() == 5


def test_an_invalid_question_is_rejected_before_anything_is_written(db):
    bad_question = QuestionSpec(
        text="Which is right?", kind="true_false", explanation="x", choices=(("True", True), ("False", True))
    )
    course = CourseSpec(
        slug="broken",
        title="Broken",
        summary="",
        description="",
        level="beginner",
        drip_mode="none",
        modules=(
            ModuleSpec(
                title="M",
                summary="",
                lessons=(
                    LessonSpec(
                        title="L",
                        kind="article",
                        body="b",
                        duration_seconds=60,
                        quiz=QuizSpec(title="Q", questions=(bad_question,)),
                    ),
                ),
            ),
        ),
    )

    with pytest.raises(ValidationError, match="exactly one correct choice"):
        content_load(courses=[course])

    assert not Course.objects.exists()


def test_a_quickie_without_a_video_url_is_rejected(db):
    lesson = LessonSpec(title="L", kind="quickie", body="b", duration_seconds=60)
    course = CourseSpec(
        slug="no-video",
        title="No video",
        summary="",
        description="",
        level="beginner",
        drip_mode="none",
        modules=(ModuleSpec(title="M", summary="", lessons=(lesson,)),),
    )

    with pytest.raises(ValidationError, match="video URL"):
        content_load(courses=[course])

    assert not Lesson.objects.exists()


def test_second_run_costs_a_fixed_handful_of_queries(db, django_assert_max_num_queries):
    content_load()

    with django_assert_max_num_queries(9):
        content_load()
