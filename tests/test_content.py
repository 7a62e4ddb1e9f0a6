import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from courses.content import COURSES, quickies
from courses.content.checks import Item, content_check, shared_runs, spoken_seconds
from courses.content.loader import KINDS, content_load, content_totals
from courses.content.spec import CourseSpec, LessonSpec, ModuleSpec, QuestionSpec, QuizSpec
from courses.models import Challenge, Course, Module
from lessons.models import Choice, Lesson, Question, Quiz, reading_seconds, validate_question_choices, words_count
from lessons.selectors import quiz_questions_to_pass
from lessons.services import GradableQuestion, quiz_grade

CONTENT_MODELS = (Course, Module, Challenge, Lesson, Quiz, Question, Choice)
SLUGS = ["sales-leadership-distinctions", "25-sales-leader-challenges", "daily-2-minute-thoughts", "sales-quickies"]
WEEKDAYS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.IGNORECASE)


def _load_content() -> str:
    out = StringIO()
    call_command("load_content", stdout=out)
    return out.getvalue()


def _check_command() -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("load_content", "--check", stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def _snapshot() -> dict[str, list[dict]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS}


def _quizzes(slug: str) -> list[Quiz]:
    return list(
        Quiz.objects.filter(lesson__module__course__slug=slug)
        .order_by("lesson__module__position", "lesson__position")
        .prefetch_related("questions__choices")
    )


# --- The rules over the loaded content -----------------------------------------------------------


def test_loaded_content_meets_every_content_rule(db):
    _load_content()

    assert content_check(slugs=SLUGS) == []
    output, error = _check_command()
    assert error is None
    assert output.startswith("Content rules: all met in 4 courses")


def test_no_quiz_has_its_correct_choice_at_the_same_position_in_every_question(db):
    _load_content()

    for quiz in Quiz.objects.prefetch_related("questions__choices"):
        placements = {
            tuple(c.position for c in question.choices.all() if c.is_correct) for question in quiz.questions.all()
        }
        assert len(placements) > 1, quiz.title
        singles = [q for q in quiz.questions.all() if q.kind == Question.Kind.SINGLE]
        # Across the single-choice questions the right answer moves around: at least three positions used.
        assert len({next(c.position for c in q.choices.all() if c.is_correct) for q in singles}) >= 3, quiz.title


def test_every_choice_of_every_question_has_its_own_feedback(db):
    _load_content()

    choices = Choice.objects.all()
    assert choices.count() == content_totals()["choices"]
    for choice in choices:
        assert len(choice.feedback.split()) >= 8, choice.text
    for question in Question.objects.prefetch_related("choices"):
        feedback = [c.feedback for c in question.choices.all()]
        assert len(set(feedback)) == len(feedback), question.text


def test_every_pass_mark_is_reachable_with_a_question_wrong(db):
    _load_content()

    for quiz in Quiz.objects.prefetch_related("questions"):
        points = [question.points for question in quiz.questions.all()]
        total = sum(points)
        assert quiz.pass_mark < 100
        assert (total - min(points)) * 100 // total >= quiz.pass_mark, quiz.title
        # And not by guessing half: the pass mark needs more than half the points.
        assert (total // 2) * 100 // total < quiz.pass_mark, quiz.title


def test_every_duration_is_within_a_quarter_of_the_time_its_words_take(db):
    _load_content()

    for lesson in Lesson.objects.all():
        words = words_count(lesson.body)
        assert lesson.word_count == words, lesson.title
        if lesson.kind == Lesson.Kind.QUICKIE:
            expected = spoken_seconds(words)
        else:
            assert lesson.duration_seconds is None, f"{lesson.title}: computed from its words, not typed in"
            expected = reading_seconds(words)
        assert abs(lesson.duration - expected) <= 0.25 * expected, lesson.title


def test_every_challenge_has_both_questions_and_a_window_of_at_most_a_week(db):
    _load_content()

    challenges = list(Challenge.objects.filter(course__slug="25-sales-leader-challenges").order_by("number"))
    assert [c.number for c in challenges] == list(range(1, 26))
    assert len({c.title for c in challenges}) == 25
    for challenge in challenges:
        assert challenge.reflection_question.strip().endswith("?"), challenge.number
        assert challenge.report_question.strip().endswith("?"), challenge.number
        assert challenge.reflection_question != challenge.report_question
        assert 1 <= challenge.suggested_days <= 7, challenge.number
        assert 50 <= len(challenge.body.split()) <= 140, challenge.number


def test_no_two_items_share_a_run_of_twelve_words(db):
    _load_content()

    items = [Item(f"lesson {lesson.pk}", lesson.body) for lesson in Lesson.objects.all()]
    items += [
        Item(f"challenge {c.number}", f"{c.body}\n{c.reflection_question}\n{c.report_question}")
        for c in Challenge.objects.all()
    ]
    items += [Item(f"question {q.pk}", q.text + "\n" + q.explanation) for q in Question.objects.all()]
    items += [Item(f"choice {c.pk}", c.text + "\n" + c.feedback) for c in Choice.objects.all()]
    assert len(items) == 61 + 25 + 30 + 115
    assert shared_runs(items) == []


# --- Each rule can fail -----------------------------------------------------------------------


def test_shared_runs_finds_twelve_words_in_common_but_not_eleven():
    common = "one two three four five six seven eight nine ten eleven twelve"
    eleven = " ".join(common.split()[:11])

    found = shared_runs([Item("a", f"Before. {common}!"), Item("b", f"**{common.upper()}** after")])
    assert len(found) == 1 and "a and b share" in found[0]
    assert shared_runs([Item("a", eleven + " x"), Item("b", eleven + " y")]) == []
    assert shared_runs([Item("a", f"{common} and {common}")]) == []  # repeating itself is not sharing


def test_the_check_reports_each_broken_rule(db):
    _load_content()
    quiz = _quizzes("sales-leadership-distinctions")[0]
    for question in quiz.questions.all():
        question.choices.update(is_correct=False)
        question.choices.filter(position=0).update(is_correct=True)
    first_wrong = Choice.objects.filter(question__quiz=quiz, position=1).order_by("question__position").first()
    Choice.objects.filter(pk=first_wrong.pk).update(feedback="")
    other = _quizzes("sales-leadership-distinctions")[1]
    other.questions.exclude(position__in=[0, 1, 2]).delete()
    Quiz.objects.filter(pk=other.pk).update(pass_mark=70)
    thought = Lesson.objects.get(module__course__slug="daily-2-minute-thoughts", module__position=0, position=1)
    body = thought.body + "\n\nSee you on Friday."
    Lesson.objects.filter(pk=thought.pk).update(body=body, word_count=words_count(body))
    article = Lesson.objects.filter(kind=Lesson.Kind.ARTICLE).first()
    Lesson.objects.filter(pk=article.pk).update(duration_seconds=reading_seconds(article.word_count) * 2)
    Challenge.objects.filter(number=4).update(suggested_days=14, report_question="")
    copied = Challenge.objects.get(number=1).body
    Challenge.objects.filter(number=2).update(body=copied)

    problems = "\n".join(content_check(slugs=SLUGS))

    assert "the correct choice is at the same position in every question" in problems
    assert "no feedback on choice(s) at [1]" in problems
    assert "a pass mark of 70% needs every question right (3 questions)" in problems
    assert "names friday but is not tied to that weekday" in problems
    assert f"{article.title}: duration" in problems
    assert "challenge 4: no report-back question" in problems
    assert "challenge 4: a window of 14 days" in problems
    assert "challenge 1 and sales-leadership-distinctions" not in problems
    assert "25-sales-leader-challenges / challenge 1 and 25-sales-leader-challenges / challenge 2 share" in problems


def test_a_lesson_tied_to_friday_may_name_it(db):
    _load_content()
    thought = Lesson.objects.get(module__course__slug="daily-2-minute-thoughts", module__position=0, position=4)
    body = thought.body + "\n\nA Friday question."
    Lesson.objects.filter(pk=thought.pk).update(body=body, word_count=words_count(body), weekday=4)

    assert content_check(slugs=SLUGS) == []


def test_check_command_fails_on_a_database_without_the_content(db):
    output, error = _check_command()

    assert error == "Content rules: 4 broken in 4 courses."
    assert "- sales-quickies: not loaded" in output


def test_check_command_lists_the_problems_and_fails(db):
    _load_content()
    Challenge.objects.filter(number=9).update(reflection_question="")

    output, error = _check_command()

    assert error == "Content rules: 1 broken in 4 courses."
    assert output == "- 25-sales-leader-challenges / challenge 9: no reflection question\n"


# --- What each course contains ---------------------------------------------------------------


def test_each_distinction_is_a_module_of_four_lessons_ending_in_a_six_question_scenario_quiz(db):
    _load_content()

    modules = list(Module.objects.filter(course__slug="sales-leadership-distinctions").order_by("position"))
    in_order = ("react", "individuals", "values", "outcomes", "commitment")
    assert len(modules) == 5
    assert all(word in module.title.lower() for word, module in zip(in_order, modules, strict=True))
    kinds_used = set()
    for module in modules:
        lessons = list(module.lessons.order_by("position"))
        assert 3 <= len(lessons) <= 4
        assert {lesson.kind for lesson in lessons} == {Lesson.Kind.ARTICLE}
        assert all(lesson.word_count >= 300 for lesson in lessons), module.title
        assert "situations" in lessons[1].title.lower()
        assert "worksheet" in lessons[2].title.lower() or "script" in lessons[2].title.lower()
        assert "mistakes" in lessons[3].title.lower()
        assert [hasattr(lesson, "quiz") for lesson in lessons] == [False, False, False, True]
        quiz = lessons[3].quiz
        assert (quiz.pass_mark, quiz.max_attempts, quiz.shuffle_choices) == (65, 3, True)
        questions = list(quiz.questions.order_by("position"))
        assert len(questions) >= 5
        for question in questions:
            assert question.explanation.strip()
            choices = [(c.text, c.is_correct) for c in question.choices.order_by("position")]
            validate_question_choices(kind=question.kind, choices=choices)
            if question.kind == Question.Kind.TRUE_FALSE:
                assert [text for text, _ in choices] == ["True", "False"]
            else:
                assert len(choices) >= 4
            kinds_used.add(question.kind)
    assert kinds_used == {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE}


def test_the_pass_rule_the_course_states_is_the_one_the_quizzes_apply(db):
    _load_content()

    course = Course.objects.get(slug="sales-leadership-distinctions")
    assert "four of the six right (a pass mark of 65%)" in " ".join(course.description.split())
    for quiz in _quizzes(course.slug):
        questions = [GradableQuestion.from_question(question) for question in quiz.questions.all()]
        assert (len(questions), quiz.partial_credit) == (6, False)
        assert quiz_questions_to_pass(points=[q.points for q in questions], pass_mark=quiz.pass_mark) == 4
        right = {q.id: q.correct_choice_ids for q in questions}
        four = quiz_grade(questions=questions, answers=dict(list(right.items())[:4]))
        three = quiz_grade(questions=questions, answers=dict(list(right.items())[2:5]))
        assert (four.passes(quiz.pass_mark), three.passes(quiz.pass_mark)) == (True, False)


def test_true_false_questions_are_not_all_false(db):
    _load_content()

    answers = [
        question.choices.get(is_correct=True).text
        for question in Question.objects.filter(kind=Question.Kind.TRUE_FALSE)
    ]
    assert len(answers) >= 5
    assert {"True", "False"} == set(answers)


def test_the_correct_choice_is_not_usually_the_longest(db):
    _load_content()

    longest = 0
    singles = Question.objects.filter(kind=Question.Kind.SINGLE).prefetch_related("choices")
    for question in singles:
        choices = list(question.choices.all())
        if max(choices, key=lambda c: len(c.text)).is_correct:
            longest += 1
    assert longest <= len(singles) * 0.6


def test_first_lesson_of_the_distinctions_course_is_the_only_preview_and_cites_the_1987_credo(db):
    _load_content()

    lessons = Lesson.objects.filter(module__course__slug="sales-leadership-distinctions")
    first = lessons.get(module__position=0, position=0)
    assert first.is_preview
    assert "science of reaction" in first.body and "1987" in first.body
    assert list(lessons.filter(is_preview=True)) == [first]


def test_the_distinctions_course_does_not_pose_as_the_book(db):
    _load_content()

    course = Course.objects.get(slug="sales-leadership-distinctions")
    assert course.title != "Sales Leadership: Distinctions with a Difference"
    assert "not the book" in course.description


def test_the_author_and_the_book_are_named_only_where_the_seed_supports_it(db):
    _load_content()

    texts = [(c.slug, c.title + c.summary + c.description) for c in Course.objects.all()]
    texts += [(lesson.title, lesson.title + lesson.body) for lesson in Lesson.objects.all()]
    texts += [(f"challenge {c.number}", c.body) for c in Challenge.objects.all()]
    named = {where for where, text in texts if "Fredin" in text or "Distinctions with a Difference" in text}
    assert named == {"sales-leadership-distinctions", "The science of reaction and the art of action"}
    assert not [where for where, text in texts if "official" in text.lower()]


def test_challenges_course_has_a_preview_lesson_explaining_how_the_challenges_work(db):
    _load_content()

    lesson = Lesson.objects.get(module__course__slug="25-sales-leader-challenges", module__position=0, position=0)
    assert lesson.kind == Lesson.Kind.ARTICLE
    assert lesson.is_preview
    assert "commit" in lesson.body.lower() and "report back" in lesson.body.lower()


def test_daily_thoughts_open_one_each_weekday_in_six_themes_of_five(db):
    _load_content()

    course = Course.objects.get(slug="daily-2-minute-thoughts")
    assert course.drip_mode == Course.DripMode.WEEKDAYS
    assert "each weekday" in course.description
    modules = list(course.modules.order_by("position"))
    assert len(modules) >= 6
    assert "selling" in modules[5].title.lower()
    unlocks = []
    for module in modules:
        lessons = list(module.lessons.order_by("position"))
        assert len(lessons) == 5
        for lesson in lessons:
            assert lesson.kind == Lesson.Kind.DAILY_THOUGHT
            assert 160 <= lesson.word_count <= 300, lesson.title
            assert "**Try it today:**" in lesson.body
            # Unlocking skips weekends, so the next thought may be three days away.
            assert not WEEKDAYS.search(lesson.body) and "tomorrow" not in lesson.body.lower(), lesson.title
            assert lesson.weekday is None
        unlocks += [lesson.unlock_after for lesson in lessons]
    assert unlocks == list(range(len(unlocks)))


def test_quickies_are_scripts_of_130_to_160_words_with_placeholder_videos(db):
    _load_content()

    lessons = list(
        Lesson.objects.filter(module__course__slug="sales-quickies").order_by("module__position", "position")
    )
    assert len(lessons) >= 8
    for lesson in lessons:
        assert lesson.kind == Lesson.Kind.QUICKIE
        assert 130 <= lesson.word_count <= 160, lesson.title
        assert lesson.body.count("\n\n") >= 2, "a hook, the idea and a call to action"
        assert lesson.video_url.startswith("https://videos.example.com/quickies/placeholder/")
        assert 50 <= lesson.duration_seconds <= 65
    assert [lesson.is_preview for lesson in lessons] == [True] + [False] * (len(lessons) - 1)
    assert len({lesson.video_url for lesson in lessons}) == len(lessons)
    assert "placeholder" in Course.objects.get(slug="sales-quickies").description


def test_each_quickie_is_built_on_one_tip_technique_quote_or_cliche():
    with pytest.raises(ValueError, match="one of"):
        quickies._quickie(slug="x", title="X", idea="anecdote", hook="h", point="p", action="a")
    assert len(quickies.QUICKIES.lessons) >= 8


def test_all_four_courses_are_published_with_a_date_and_a_description(db):
    _load_content()

    courses = Course.objects.all()
    assert {course.slug for course in courses} == set(SLUGS)
    for course in courses:
        assert course.status == Course.Status.PUBLISHED
        assert course.published_at is not None
        assert course.summary and course.description
    drip = dict(courses.values_list("slug", "drip_mode"))
    assert drip == {slug: "weekdays" if slug == "daily-2-minute-thoughts" else "none" for slug in SLUGS}


# --- Loading -------------------------------------------------------------------------------------


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


def test_a_course_that_exists_is_never_added_to_even_when_pieces_were_deleted(db):
    content_load()
    Challenge.objects.filter(course__slug="25-sales-leader-challenges", number=7).delete()
    Lesson.objects.filter(module__course__slug="sales-leadership-distinctions", module__position=2).delete()
    before = _snapshot()

    created = content_load()

    assert created == dict.fromkeys(KINDS, 0)
    assert _snapshot() == before
    assert not Challenge.objects.filter(number=7).exists()


def test_an_installation_with_an_earlier_version_of_a_course_keeps_it_unmixed(db):
    old = Course.objects.create(slug="sales-leadership-distinctions", title="Earlier version", status="published")
    module = Module.objects.create(course=old, title="The only module", position=0)
    Lesson.objects.create(module=module, title="The only lesson", body="Old text.", position=0)

    created = content_load()

    assert created["courses"] == 3
    assert list(old.modules.values_list("title", flat=True)) == ["The only module"]
    assert list(Lesson.objects.filter(module__course=old).values_list("title", flat=True)) == ["The only lesson"]
    assert Course.objects.filter(status=Course.Status.PUBLISHED).count() == 4


def test_a_deleted_course_is_created_again_whole(db):
    content_load()
    Course.objects.filter(slug="sales-quickies").delete()

    created = content_load()

    assert created["courses"] == 1
    assert created["lessons"] == len(quickies.QUICKIES.lessons)
    assert Course.objects.get(slug="sales-quickies").status == Course.Status.PUBLISHED


def test_verbose_run_says_which_courses_were_left_as_they_are(db):
    content_load()
    Course.objects.filter(slug="sales-quickies").delete()
    out = StringIO()

    call_command("load_content", verbosity=2, stdout=out)

    assert "sales-leadership-distinctions: already there, left as it is" in out.getvalue()
    assert "sales-quickies: created" in out.getvalue()


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
                        title="L", kind="article", body="b", quiz=QuizSpec(title="Q", questions=(bad_question,))
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


def test_second_run_costs_one_query(db, django_assert_num_queries):
    content_load()

    # One SELECT, inside the savepoint that the atomic block opens in the test's transaction.
    with django_assert_num_queries(3):
        content_load()


def test_the_check_costs_a_fixed_handful_of_queries(db, django_assert_max_num_queries):
    content_load()

    with django_assert_max_num_queries(8):
        content_check(slugs=SLUGS)


def test_every_spec_course_is_checked_by_the_command(db):
    assert [course.slug for course in COURSES] == SLUGS
