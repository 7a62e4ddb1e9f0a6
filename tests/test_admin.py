"""The instructor admin: scoping to taught courses, one-page course authoring, reordering, validation."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.forms import CheckboxInput
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from courses.models import Challenge, Course, Module
from lessons.models import Choice, Lesson, Question, Quiz

from .factories import (
    ChallengeFactory,
    ChoiceFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
    question_with_choices,
)

COURSE_ADD = "/admin/courses/course/add/"
COURSE_LIST = "/admin/courses/course/"


def course_url(course, view="change"):
    return f"/admin/courses/course/{course.pk}/{view}/"


def make_instructor(email):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def instructor(db):
    return make_instructor("coach@example.com")


@pytest.fixture
def instructor_client(client, instructor):
    client.force_login(instructor)
    return client


@pytest.fixture
def own_course(instructor):
    course = CourseFactory(title="Coaching your team", instructors=[instructor], status=Course.Status.DRAFT)
    module = ModuleFactory(course=course, title="Own module", position=1)
    lesson = LessonFactory(module=module, title="Own lesson", position=1)
    quiz = QuizFactory(lesson=lesson, title="Own quiz")
    question_with_choices(quiz=quiz)
    ChallengeFactory(course=course, title="Own challenge", number=1)
    return course


@pytest.fixture
def other_course(db):
    other = make_instructor("rival@example.com")
    course = CourseFactory(title="Secret course", instructors=[other])
    module = ModuleFactory(course=course, title="Secret module", position=1)
    lesson = LessonFactory(module=module, title="Secret lesson", position=1)
    quiz = QuizFactory(lesson=lesson, title="Secret quiz")
    question = question_with_choices(quiz=quiz)
    question.text = "Secret question?"
    question.save()
    ChallengeFactory(course=course, title="Secret challenge", number=1)
    return course


def form_data(response) -> dict:
    """What a browser posts back for the admin page in `response` when nothing is changed."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif value is None:
                data[bound.html_name] = ""
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)

    def add_formset(formset):
        add(formset.management_form)
        for form in formset.forms:
            add(form)
            for nested in getattr(form, "nested_formsets", []):  # django-nested-admin's rows under a row
                add_formset(nested)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add_formset(inline.formset)
    return data


def management(prefix: str, total: int, initial: int = 0) -> dict:
    """The management form of an inline formset that the page adds with JavaScript (rows of a new row)."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def all_formsets(formsets):
    for formset in formsets:
        yield formset
        for form in formset.forms:
            yield from all_formsets(getattr(form, "nested_formsets", []))


def page_errors(response) -> list[str]:
    """Every error message on an admin form page (main form, rows and inline non-form errors)."""
    assert response.status_code == 200
    errors = [str(message) for message in response.context["adminform"].form.errors.get("__all__", [])]
    errors += [str(message) for messages in response.context["adminform"].form.errors.values() for message in messages]
    for formset in all_formsets(inline.formset for inline in response.context["inline_admin_formsets"]):
        errors += [str(message) for message in formset.non_form_errors()]
        for form in formset.forms:
            errors += [str(message) for messages in form.errors.values() for message in messages]
    return errors


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Who sees what -------------------------------------------------------------------------


def test_migration_gives_instructors_every_content_permission(db):
    group = Group.objects.get(name="Instructors")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    models = {"courses": ["course", "module", "challenge"], "lessons": ["lesson", "quiz", "question", "choice"]}
    expected = {
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in ("add", "change", "delete", "view")
    }
    # Learner support: instructors open and help their learners' enrolments, never add or delete them.
    expected |= {("enrollments", "view_enrollment"), ("enrollments", "change_enrollment")}
    assert codenames == expected


def test_instructor_sees_only_the_courses_they_teach(instructor_client, own_course, other_course):
    response = instructor_client.get(COURSE_LIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [own_course]
    assert "Secret course" not in response.content.decode()


def test_superuser_sees_every_course(admin_client, own_course, other_course):
    response = admin_client.get(COURSE_LIST)

    assert set(response.context["cl"].result_list) == {own_course, other_course}


@pytest.mark.parametrize(
    ("url", "own", "secret"),
    [
        ("/admin/courses/module/", "Own module", "Secret module"),
        ("/admin/lessons/lesson/", "Own lesson", "Secret lesson"),
        ("/admin/lessons/quiz/", "Own quiz", "Secret quiz"),
        ("/admin/lessons/question/", "Question", "Secret question?"),
        ("/admin/courses/challenge/", "Own challenge", "Secret challenge"),
    ],
)
def test_instructor_lists_only_content_of_their_courses(instructor_client, own_course, other_course, url, own, secret):
    page = instructor_client.get(url).content.decode()

    assert own in page
    assert secret not in page
    assert "Secret course" not in page  # not even in the course filter


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_another_instructors_course_is_not_found(instructor_client, other_course, view):
    assert instructor_client.get(course_url(other_course, view)).status_code == 404


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (Module, "course"),
        (Lesson, "module__course"),
        (Quiz, "lesson__module__course"),
        (Question, "quiz__lesson__module__course"),
        (Challenge, "course"),
    ],
)
def test_another_instructors_content_is_not_found(instructor_client, other_course, model, lookup):
    obj = model.objects.get(**{lookup: other_course})
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"

    assert instructor_client.get(url).status_code == 404


def test_instructor_cannot_post_changes_to_another_instructors_course(admin_client, instructor_client, other_course):
    data = form_data(admin_client.get(course_url(other_course)))
    data["title"] = "Taken over"

    response = instructor_client.post(course_url(other_course), data)

    assert response.status_code == 404
    other_course.refresh_from_db()
    assert other_course.title == "Secret course"


EMPTY_QUIZ_INLINES = {
    f"{prefix}-{key}": 0 for prefix in ("questions", "choices") for key in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.mark.parametrize(
    ("url", "field", "data"),
    [
        ("/admin/courses/module/add/", "course", {"title": "Sneaky"}),
        (
            "/admin/courses/challenge/add/",
            "course",
            {"title": "Sneaky", "body": "b", "reflection_question": "r", "suggested_days": 7},
        ),
        (
            "/admin/lessons/lesson/add/",
            "module",
            {"title": "Sneaky", "kind": "article", "duration_seconds": 60, "unlock_after": 0},
        ),
        ("/admin/lessons/quiz/add/", "lesson", {"title": "Sneaky", "pass_mark": 50, **EMPTY_QUIZ_INLINES}),
    ],
)
def test_instructor_cannot_pick_another_instructors_content_as_parent(
    instructor_client, own_course, other_course, url, field, data
):
    module = other_course.modules.get()
    target = {
        "course": other_course,
        "module": module,
        "lesson": LessonFactory(module=module, title="Quizless"),
    }[field]
    counts = {model: model.objects.count() for model in (Module, Challenge, Lesson, Quiz)}

    response = instructor_client.post(url, {**data, field: target.pk})

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors[field])
    assert {model: model.objects.count() for model in (Module, Challenge, Lesson, Quiz)} == counts


def test_foreign_key_choices_list_only_own_content(instructor_client, own_course, other_course):
    form = instructor_client.get("/admin/lessons/lesson/add/").context["adminform"].form
    labels = [label for _value, label in form.fields["module"].choices]

    assert labels == ["---------", "Coaching your team > Own module"]


@pytest.mark.parametrize("model", [Course, Module, Lesson, Quiz, Question, Challenge])
def test_object_permissions_refuse_content_of_other_courses(instructor, own_course, other_course, model):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = instructor
    lookup = {
        Course: "pk",
        Module: "course",
        Lesson: "module__course",
        Quiz: "lesson__module__course",
        Question: "quiz__lesson__module__course",
        Challenge: "course",
    }[model]
    own = model.objects.get(**{lookup: own_course.pk})
    foreign = model.objects.get(**{lookup: other_course.pk})

    for check in (
        model_admin.has_view_permission,
        model_admin.has_change_permission,
        model_admin.has_delete_permission,
    ):
        assert check(request, own) is True
        assert check(request, foreign) is False


def test_staff_user_outside_the_group_cannot_open_the_course_admin(client, own_course):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True))

    assert client.get(COURSE_LIST).status_code == 403


# --- One page authors a whole course ---------------------------------------------------------


def new_course_data(instructor_client) -> dict:
    data = form_data(instructor_client.get(COURSE_ADD))
    data.update({"title": "Leading a sales team", "slug": "leading-a-sales-team", "summary": "From rep to leader."})
    return data


def module_rows(data: dict, *titles: str, start: int = 0) -> None:
    """New module rows (from index `start`), each with an empty lesson formset under it."""
    data["modules-TOTAL_FORMS"] = str(start + len(titles))
    for index, title in enumerate(titles, start=start):
        data.update({f"modules-{index}-title": title, f"modules-{index}-position": str(index)})
        data.update(management(f"modules-{index}-lessons", 0))


def lesson_rows(data: dict, module_index: int, *lessons: dict, start: int = 0) -> None:
    """New lesson rows under a module row; each lesson gets an empty quiz formset."""
    prefix = f"modules-{module_index}-lessons"
    data.update(management(prefix, start + len(lessons), start))
    for index, lesson in enumerate(lessons, start=start):
        row = {"kind": "article", "duration_seconds": "120", "unlock_after": "0", "position": str(index), **lesson}
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
        data.update(management(f"{prefix}-{index}-quiz", 0))


def quiz_rows(data: dict, lesson_prefix: str, title: str, questions: list[tuple[str, str, list[tuple[str, bool]]]]):
    """A new quiz under a lesson row, with its questions and their choices."""
    quiz = f"{lesson_prefix}-quiz"
    data.update(management(quiz, 1))
    data.update({f"{quiz}-0-title": title, f"{quiz}-0-pass_mark": "70", f"{quiz}-0-max_attempts": "3"})
    data.update(management(f"{quiz}-0-questions", len(questions)))
    for q_index, (text, kind, choices) in enumerate(questions):
        question = f"{quiz}-0-questions-{q_index}"
        data.update({f"{question}-text": text, f"{question}-kind": kind, f"{question}-points": "1"})
        data[f"{question}-position"] = str(q_index)
        data.update(management(f"{question}-choices", len(choices)))
        for c_index, (choice, correct) in enumerate(choices):
            data.update({f"{question}-choices-{c_index}-text": choice, f"{question}-choices-{c_index}-position": ""})
            if correct:
                data[f"{question}-choices-{c_index}-is_correct"] = "on"


def test_one_submit_creates_and_publishes_a_course_with_modules_lessons_and_a_quiz(instructor_client, instructor):
    data = new_course_data(instructor_client)
    data["status"] = "published"
    module_rows(data, "Week 1: from seller to leader", "Week 2: coaching")
    lesson_rows(data, 0, {"title": "Why leaders act"}, {"title": "Your first week", "kind": "daily_thought"})
    lesson_rows(
        data, 1, {"title": "The coaching conversation", "kind": "video", "video_url": "https://v.example.com/1"}
    )
    quiz_rows(
        data,
        "modules-0-lessons-0",
        "Check: act or react",
        [
            ("Leaders…", "single", [("act", True), ("react", False)]),
            ("Managers react.", "true_false", [("True", True), ("False", False)]),
        ],
    )
    data.update(management("challenges", 1))
    data.update(
        {
            "challenges-0-title": "Ask your team",
            "challenges-0-body": "Ask each report what they need from you.",
            "challenges-0-reflection_question": "What surprised you?",
            "challenges-0-suggested_days": "7",
            "challenges-0-number": "0",
        }
    )

    response = instructor_client.post(COURSE_ADD, data)

    assert response.status_code == 302, page_errors(response)
    course = Course.objects.get(slug="leading-a-sales-team")
    assert course.status == Course.Status.PUBLISHED and course.published_at is not None
    assert list(course.instructors.all()) == [instructor]
    assert list(course.modules.values_list("title", "position")) == [
        ("Week 1: from seller to leader", 1),
        ("Week 2: coaching", 2),
    ]
    lessons = Lesson.objects.filter(module__course=course).order_by("module__position", "position")
    assert [(lesson.module.position, lesson.position, lesson.title) for lesson in lessons] == [
        (1, 1, "Why leaders act"),
        (1, 2, "Your first week"),
        (2, 1, "The coaching conversation"),
    ]
    quiz = Quiz.objects.get(lesson__title="Why leaders act")
    assert [
        (question.position, question.text, [(c.text, c.is_correct) for c in question.choices.order_by("position")])
        for question in quiz.questions.order_by("position")
    ] == [
        (1, "Leaders…", [("act", True), ("react", False)]),
        (2, "Managers react.", [("True", True), ("False", False)]),
    ]
    assert list(course.challenges.values_list("number", "title")) == [(1, "Ask your team")]


def test_publishing_a_new_course_without_a_lesson_is_an_error_next_to_the_status(instructor_client):
    data = new_course_data(instructor_client)
    data["status"] = "published"
    module_rows(data, "An empty week")

    response = instructor_client.post(COURSE_ADD, data)

    status_errors = response.context["adminform"].form.errors.get("status", [])
    assert any("at least one lesson" in error for error in status_errors), page_errors(response)
    assert not Course.objects.exists()


def test_lessons_of_a_module_being_deleted_do_not_count_for_publishing(instructor_client, own_course):
    data = form_data(instructor_client.get(course_url(own_course)))
    data.update({"status": "published", "modules-0-DELETE": "on"})

    response = instructor_client.post(course_url(own_course), data)

    assert any("at least one lesson" in error for error in response.context["adminform"].form.errors["status"])
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.DRAFT
    assert own_course.modules.exists()


def test_change_page_adds_lessons_to_saved_and_new_modules(instructor_client, own_course):
    data = form_data(instructor_client.get(course_url(own_course)))
    lesson_rows(data, 0, {"title": "Second lesson"}, start=1)
    data["modules-0-lessons-1-module"] = data["modules-0-lessons-0-module"]
    module_rows(data, "Week 2", start=1)
    lesson_rows(data, 1, {"title": "First lesson of week 2"})

    response = instructor_client.post(course_url(own_course), data)

    assert response.status_code == 302, page_errors(response)
    lessons = Lesson.objects.filter(module__course=own_course).order_by("module__position", "position")
    assert [(lesson.module.title, lesson.position, lesson.title) for lesson in lessons] == [
        ("Own module", 1, "Own lesson"),
        ("Own module", 2, "Second lesson"),
        ("Week 2", 1, "First lesson of week 2"),
    ]


def test_lessons_under_an_empty_new_module_row_are_an_error_not_lost(instructor_client):
    data = new_course_data(instructor_client)
    module_rows(data, "")
    lesson_rows(data, 0, {"title": "Orphan"})

    response = instructor_client.post(COURSE_ADD, data)

    assert response.status_code == 200
    assert page_errors(response)
    assert not Course.objects.exists()


def test_instructor_adding_a_course_becomes_its_instructor(instructor_client, instructor):
    response = instructor_client.post(COURSE_ADD, new_course_data(instructor_client))

    assert response.status_code == 302
    assert list(Course.objects.get().instructors.all()) == [instructor]
    assert "instructors" not in instructor_client.get(COURSE_ADD).context["adminform"].form.fields


def test_a_forged_row_id_from_another_instructors_course_is_rejected(instructor_client, own_course, other_course):
    secret = Lesson.objects.get(module__course=other_course)
    data = form_data(instructor_client.get(course_url(own_course)))
    data.update({"modules-0-lessons-0-id": str(secret.pk), "modules-0-lessons-0-title": "Stolen"})

    response = instructor_client.post(course_url(own_course), data)

    assert response.status_code == 200
    assert page_errors(response)
    secret.refresh_from_db()
    assert (secret.title, secret.module.course) == ("Secret lesson", other_course)


# --- Reordering (what nested-admin's drag and drop posts) ----------------------------------------


@pytest.fixture
def two_of_everything(own_course):
    """A course with modules, lessons (in one module) and challenges at positions 1 and 2."""
    second = ModuleFactory(course=own_course, title="Second module", position=2)
    LessonFactory(module=own_course.modules.get(position=1), title="Second lesson", position=2)
    ChallengeFactory(course=own_course, title="Second challenge", number=2)
    return own_course, second


def test_swapping_two_modules_saves(instructor_client, two_of_everything):
    course, _second = two_of_everything
    data = form_data(instructor_client.get(course_url(course)))
    assert (data["modules-0-title"], data["modules-1-title"]) == ("Own module", "Second module")
    data["modules-0-position"], data["modules-1-position"] = "1", "0"  # the browser numbers from 0

    response = instructor_client.post(course_url(course), data)

    assert response.status_code == 302, page_errors(response)
    assert list(course.modules.values_list("title", "position")) == [("Second module", 1), ("Own module", 2)]


def test_swapping_lessons_and_challenges_saves(instructor_client, two_of_everything):
    course, _second = two_of_everything
    data = form_data(instructor_client.get(course_url(course)))
    data["modules-0-lessons-0-position"], data["modules-0-lessons-1-position"] = "1", "0"
    data["challenges-0-number"], data["challenges-1-number"] = "1", "0"

    response = instructor_client.post(course_url(course), data)

    assert response.status_code == 302, page_errors(response)
    module = course.modules.get(position=1)
    assert list(module.lessons.values_list("title", "position")) == [("Second lesson", 1), ("Own lesson", 2)]
    assert list(course.challenges.values_list("number", "title")) == [(1, "Second challenge"), (2, "Own challenge")]


def rename_rows(data: dict, old: str, new: str) -> dict:
    """Move a row's inputs (and those of the rows nested under it) from prefix `old` to `new`."""
    return {(new + name[len(old) :] if name.startswith(old) else name): value for name, value in data.items()}


def test_dragging_a_lesson_to_another_module_saves(instructor_client, two_of_everything):
    course, second = two_of_everything
    LessonFactory(module=second, title="Already there", position=1)
    data = form_data(instructor_client.get(course_url(course)))
    assert data["modules-0-lessons-0-title"] == "Own lesson"  # with its quiz nested under it
    # What the page posts after dragging "Own lesson" to the top of the second module.
    data = rename_rows(data, "modules-1-lessons-0-", "modules-1-lessons-1-")
    data = rename_rows(data, "modules-0-lessons-0-", "modules-1-lessons-0-")
    data = rename_rows(data, "modules-0-lessons-1-", "modules-0-lessons-0-")
    data.update(management("modules-0-lessons", 1, 1))
    data.update(management("modules-1-lessons", 2, 2))
    data.update({"modules-0-lessons-0-position": "0", "modules-1-lessons-0-position": "0"})
    data.update({"modules-1-lessons-1-position": "1", "modules-1-lessons-0-module": str(second.pk)})

    response = instructor_client.post(course_url(course), data)

    assert response.status_code == 302, page_errors(response)
    assert list(second.lessons.values_list("title", "position")) == [("Own lesson", 1), ("Already there", 2)]
    assert list(course.modules.get(position=1).lessons.values_list("title", "position")) == [("Second lesson", 1)]
    assert Quiz.objects.get(lesson__title="Own lesson").questions.exists()  # the quiz moved with its lesson


def test_deleting_a_module_and_moving_another_into_its_place_saves(instructor_client, two_of_everything):
    course, _second = two_of_everything
    data = form_data(instructor_client.get(course_url(course)))
    data["modules-0-DELETE"] = "on"
    data["modules-1-position"] = "0"

    response = instructor_client.post(course_url(course), data)

    assert response.status_code == 302, page_errors(response)
    assert list(course.modules.values_list("title", "position")) == [("Second module", 1)]
    assert not Lesson.objects.filter(module__course=course).exists()  # the lessons went with their module


def test_new_rows_without_a_position_are_appended(instructor_client, two_of_everything):
    course, second = two_of_everything
    data = form_data(instructor_client.get(course_url(course)))
    module_rows(data, "Third module", start=2)
    data["modules-2-position"] = ""
    data.update(management("challenges", 3, 2))
    data.update(
        {
            "challenges-2-title": "Third challenge",
            "challenges-2-body": "b",
            "challenges-2-reflection_question": "r",
            "challenges-2-suggested_days": "3",
        }
    )
    lesson_rows(data, 1, {"title": "First of the second", "position": ""})

    response = instructor_client.post(course_url(course), data)

    assert response.status_code == 302, page_errors(response)
    assert course.modules.get(title="Third module").position == 3
    assert course.challenges.get(title="Third challenge").number == 3
    assert second.lessons.get().position == 1


def test_two_rows_posted_with_one_position_keep_the_page_order(instructor_client, two_of_everything):
    course, _second = two_of_everything
    data = form_data(instructor_client.get(course_url(course)))
    data["modules-0-position"] = data["modules-1-position"] = "0"

    response = instructor_client.post(course_url(course), data)

    assert response.status_code == 302, page_errors(response)
    assert list(course.modules.values_list("title", "position")) == [("Own module", 1), ("Second module", 2)]


def test_stand_alone_pages_put_new_and_moved_rows_last(instructor_client, two_of_everything):
    course, second = two_of_everything
    response = instructor_client.post("/admin/courses/module/add/", {"course": course.pk, "title": "Appendix"})
    assert response.status_code == 302
    assert course.modules.get(title="Appendix").position == 3

    lesson = Lesson.objects.get(title="Own lesson")  # position 1, as is the lesson already in `second`
    LessonFactory(module=second, position=1)
    url = f"/admin/lessons/lesson/{lesson.pk}/change/"
    data = form_data(instructor_client.get(url))
    data["module"] = str(second.pk)

    response = instructor_client.post(url, data)

    assert response.status_code == 302, page_errors(response)
    lesson.refresh_from_db()
    assert (lesson.module, lesson.position) == (second, 2)


def test_swapping_questions_and_choices_on_the_quiz_page_saves(instructor_client, own_course):
    quiz = Quiz.objects.get(lesson__module__course=own_course)
    first = quiz.questions.get()
    second = question_with_choices(quiz=quiz, correct=(1,))
    url = f"/admin/lessons/quiz/{quiz.pk}/change/"
    data = form_data(instructor_client.get(url))
    data["questions-0-position"], data["questions-1-position"] = "1", "0"
    first_choices = list(first.choices.order_by("position"))
    data["questions-0-choices-0-position"], data["questions-0-choices-1-position"] = "1", "0"

    response = instructor_client.post(url, data)

    assert response.status_code == 302, page_errors(response)
    assert list(quiz.questions.order_by("position")) == [second, first]
    assert list(first.choices.order_by("position"))[:2] == [first_choices[1], first_choices[0]]


def test_deleting_a_question_on_the_quiz_page_takes_its_choices_along(instructor_client, own_course):
    quiz = Quiz.objects.get(lesson__module__course=own_course)
    kept = question_with_choices(quiz=quiz, correct=(2,))
    url = f"/admin/lessons/quiz/{quiz.pk}/change/"
    data = form_data(instructor_client.get(url))
    data["questions-0-DELETE"] = "on"

    response = instructor_client.post(url, data)

    assert response.status_code == 302, page_errors(response)
    assert list(quiz.questions.all()) == [kept]
    assert Choice.objects.filter(question__quiz=quiz).count() == 3


# --- Invalid content is a form error, never a 500 ----------------------------------------------


def test_question_with_two_correct_single_choice_answers_is_rejected(instructor_client, own_course):
    question = Question.objects.get(quiz__lesson__module__course=own_course)
    url = f"/admin/lessons/question/{question.pk}/change/"
    data = form_data(instructor_client.get(url))
    data["choices-0-is_correct"] = data["choices-1-is_correct"] = "on"

    response = instructor_client.post(url, data)

    assert any("exactly one correct choice" in error for error in page_errors(response))
    assert question.choices.filter(is_correct=True).count() == 1


def new_question(data: dict, prefix: str, text: str, kind: str, choices: list[tuple[str, bool]]) -> None:
    data.update({f"{prefix}-text": text, f"{prefix}-kind": kind, f"{prefix}-points": "1", f"{prefix}-position": ""})
    data.update(management(f"{prefix}-choices", len(choices)))
    for index, (text_, correct) in enumerate(choices):
        data[f"{prefix}-choices-{index}-text"] = text_
        if correct:
            data[f"{prefix}-choices-{index}-is_correct"] = "on"


def test_quiz_page_rejects_a_new_single_choice_question_with_two_correct_answers(instructor_client, own_course):
    quiz = Quiz.objects.get(lesson__module__course=own_course)
    url = f"/admin/lessons/quiz/{quiz.pk}/change/"
    data = form_data(instructor_client.get(url))
    data.update(management("questions", 2, 1))
    new_question(data, "questions-1", "Who acts first?", "single", [("The leader", True), ("The manager", True)])

    response = instructor_client.post(url, data)

    errors = page_errors(response)
    assert any(error.startswith("A single-choice") for error in errors), errors
    assert quiz.questions.count() == 1
    assert Choice.objects.filter(question__quiz=quiz).count() == 3


def test_quiz_page_authors_a_question_with_its_choices_in_one_submit(instructor_client, own_course):
    quiz = Quiz.objects.get(lesson__module__course=own_course)
    url = f"/admin/lessons/quiz/{quiz.pk}/change/"
    data = form_data(instructor_client.get(url))
    data.update(management("questions", 2, 1))
    new_question(data, "questions-1", "Leaders act, managers…?", "true_false", [("React", True), ("Act too", False)])

    response = instructor_client.post(url, data)

    assert response.status_code == 302, page_errors(response)
    question = quiz.questions.get(text="Leaders act, managers…?")
    assert question.position == 2
    assert list(question.choices.order_by("position").values_list("text", "is_correct", "position")) == [
        ("React", True, 1),
        ("Act too", False, 2),
    ]


def test_changing_a_questions_kind_rechecks_its_saved_choices(instructor_client, own_course):
    question = Question.objects.get(quiz__lesson__module__course=own_course)  # 3 choices, one correct
    url = f"/admin/lessons/question/{question.pk}/change/"
    data = form_data(instructor_client.get(url))
    data["kind"] = "true_false"

    response = instructor_client.post(url, data)

    assert any("exactly two choices" in error for error in page_errors(response))
    question.refresh_from_db()
    assert question.kind == Question.Kind.SINGLE


def test_pass_mark_above_100_is_rejected(instructor_client, own_course):
    quiz = Quiz.objects.get(lesson__module__course=own_course)
    url = f"/admin/lessons/quiz/{quiz.pk}/change/"
    data = form_data(instructor_client.get(url))
    data["pass_mark"] = "150"

    response = instructor_client.post(url, data)

    assert "pass_mark" in response.context["adminform"].form.errors
    assert any("less than or equal to 100" in error for error in page_errors(response))
    quiz.refresh_from_db()
    assert quiz.pass_mark == 50


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"modules-0-lessons-0-kind": "video", "modules-0-lessons-0-video_url": ""}, "needs a video URL"),
        ({"modules-0-lessons-0-duration_seconds": "0"}, "greater than or equal to 1"),
        ({"challenges-0-suggested_days": "0"}, "greater than or equal to 1"),
        ({"modules-0-lessons-0-unlock_after": "-1"}, "greater than or equal to 0"),
        ({"modules-0-lessons-0-quiz-0-pass_mark": "101"}, "less than or equal to 100"),
    ],
)
def test_invalid_course_content_is_a_form_error(instructor_client, own_course, changes, message):
    data = form_data(instructor_client.get(course_url(own_course)))
    data.update(changes)

    response = instructor_client.post(course_url(own_course), data)

    assert any(message in error for error in page_errors(response)), page_errors(response)
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.DRAFT
    assert Lesson.objects.filter(module__course=own_course).count() == 1


def test_publishing_a_course_without_lessons_from_the_form_is_a_form_error(instructor_client, instructor):
    empty = CourseFactory(title="Empty course", instructors=[instructor], status=Course.Status.DRAFT)
    data = form_data(instructor_client.get(course_url(empty)))
    data["status"] = "published"

    response = instructor_client.post(course_url(empty), data)

    assert "status" in response.context["adminform"].form.errors
    assert any("at least one lesson" in error for error in page_errors(response))
    empty.refresh_from_db()
    assert empty.status == Course.Status.DRAFT


def test_publishing_while_deleting_the_last_lesson_is_a_form_error(instructor_client, own_course):
    data = form_data(instructor_client.get(course_url(own_course)))
    data.update({"status": "published", "modules-0-lessons-0-DELETE": "on"})

    response = instructor_client.post(course_url(own_course), data)

    assert any("at least one lesson" in error for error in response.context["adminform"].form.errors["status"])
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.DRAFT
    assert Lesson.objects.filter(module__course=own_course).exists()


def test_publishing_from_the_change_form_goes_through_the_service(instructor_client, own_course):
    data = form_data(instructor_client.get(course_url(own_course)))
    data["status"] = "published"

    response = instructor_client.post(course_url(own_course), data)

    assert response.status_code == 302, page_errors(response)
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.PUBLISHED
    assert own_course.published_at is not None


def test_user_with_an_address_differing_only_in_case_is_rejected(admin_client, instructor):
    data = {"email": "COACH@example.com", "usable_password": "true"}
    data["password1"] = data["password2"] = "a-long-unusual-passphrase-42"

    response = admin_client.post("/admin/accounts/user/add/", data)

    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="coach@example.com").count() == 1


def test_superuser_adds_a_user_by_email_and_password(admin_client):
    data = {"email": " New.Coach@Example.com", "usable_password": "true"}
    data["password1"] = data["password2"] = "a-long-unusual-passphrase-42"

    response = admin_client.post("/admin/accounts/user/add/", data)

    assert response.status_code == 302
    user = User.objects.get(email="new.coach@example.com")
    assert user.check_password("a-long-unusual-passphrase-42")


def test_superuser_makes_a_user_an_instructor(admin_client, own_course):
    user = UserFactory(email="new.coach@example.com")
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = form_data(admin_client.get(url))
    data.update({"is_staff": "on", "groups": [str(Group.objects.get(name="Instructors").pk)], "name": "New Coach"})

    response = admin_client.post(url, data)

    assert response.status_code == 302, page_errors(response)
    user.refresh_from_db()
    assert user.is_staff
    assert user.has_perm("courses.change_course")


def test_superuser_assigns_a_courses_instructors(admin_client, own_course, instructor):
    colleague = make_instructor("colleague@example.com")
    data = form_data(admin_client.get(course_url(own_course)))
    data["instructors"] = [str(instructor.pk), str(colleague.pk)]

    response = admin_client.post(course_url(own_course), data)

    assert response.status_code == 302, page_errors(response)
    assert set(own_course.instructors.all()) == {instructor, colleague}


def test_preferred_hour_outside_the_day_is_rejected(admin_client, instructor):
    url = f"/admin/accounts/user/{instructor.pk}/change/"
    data = form_data(admin_client.get(url))
    data["preferred_hour"] = "24"

    response = admin_client.post(url, data)

    assert "preferred_hour" in response.context["adminform"].form.errors
    instructor.refresh_from_db()
    assert instructor.preferred_hour == 8


# --- Status actions --------------------------------------------------------------------------------


def run_action(client, action, *courses):
    data = {"action": action, "_selected_action": [str(course.pk) for course in courses]}
    return client.post(COURSE_LIST, data, follow=True)


def test_publish_action_on_a_course_without_lessons_shows_an_error(instructor_client, instructor):
    empty = CourseFactory(title="Empty course", instructors=[instructor], status=Course.Status.DRAFT)

    response = run_action(instructor_client, "publish", empty)

    assert response.status_code == 200
    assert any("cannot be published before it has at least one lesson" in m for m in messages_of(response))
    empty.refresh_from_db()
    assert empty.status == Course.Status.DRAFT


def test_status_actions_go_through_the_services(instructor_client, own_course):
    response = run_action(instructor_client, "publish", own_course)
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.PUBLISHED
    assert own_course.published_at is not None
    assert "1 course published." in messages_of(response)

    run_action(instructor_client, "archive", own_course)
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.ARCHIVED

    run_action(instructor_client, "unpublish", own_course)
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.DRAFT


def test_status_action_ignores_courses_of_other_instructors(instructor_client, other_course):
    other_course.status = Course.Status.DRAFT
    other_course.save()

    run_action(instructor_client, "publish", other_course)

    other_course.refresh_from_db()
    assert other_course.status == Course.Status.DRAFT


# --- Lists ---------------------------------------------------------------------------------------------

CHANGELISTS = [
    "/admin/courses/course/?q=coach&status__exact=draft",
    "/admin/courses/module/?q=module",
    "/admin/courses/challenge/?q=challenge",
    "/admin/lessons/lesson/?q=lesson&kind__exact=article",
    "/admin/lessons/quiz/?q=quiz",
    "/admin/lessons/question/?q=question&kind__exact=single",
]


@pytest.mark.parametrize("url", [*CHANGELISTS, "/admin/accounts/user/?q=coach&is_staff__exact=1"])
def test_every_changelist_loads_with_a_search_for_a_superuser(admin_client, own_course, other_course, url):
    response = admin_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("url", CHANGELISTS)
def test_every_changelist_loads_with_a_search_for_an_instructor(instructor_client, own_course, other_course, url):
    response = instructor_client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def add_taught_course_with_a_quiz(instructor):
    course = CourseFactory(instructors=[instructor])
    question = QuestionFactory(quiz=QuizFactory(lesson=LessonFactory(module=ModuleFactory(course=course))))
    ChoiceFactory(question=question)
    ChallengeFactory(course=course)


@pytest.mark.parametrize("url", [url.split("?")[0] for url in CHANGELISTS])
def test_changelist_queries_do_not_grow_with_the_rows(instructor_client, instructor, url):
    add_taught_course_with_a_quiz(instructor)
    instructor_client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as one_row:
        instructor_client.get(url)
    for _ in range(4):
        add_taught_course_with_a_quiz(instructor)

    with CaptureQueriesContext(connection) as five_rows:
        response = instructor_client.get(url)

    assert response.context["cl"].result_count == 5
    assert len(five_rows) == len(one_row)


# --- The admin home and the Markdown editor -------------------------------------------------------


def test_dashboard_lists_the_instructors_courses_with_their_numbers(instructor_client, own_course, other_course):
    from django.utils import timezone

    from enrollments.models import Enrollment

    for status in (Enrollment.Status.ACTIVE, Enrollment.Status.CANCELLED):
        Enrollment.objects.create(user=UserFactory(), course=own_course, status=status, enrolled_at=timezone.now())

    response = instructor_client.get("/admin/")

    courses = {course.title: course for course in response.context["dashboard_courses"]}
    assert list(courses) == ["Coaching your team"]
    assert (courses["Coaching your team"].lesson_count, courses["Coaching your team"].learner_count) == (1, 1)
    page = response.content.decode()
    assert "Sales Leadership Courses" in page
    assert "View site" not in page


def test_dashboard_queries_do_not_grow_with_courses(instructor_client, instructor, django_assert_max_num_queries):
    CourseFactory(instructors=[instructor])
    with CaptureQueriesContext(connection) as one:
        instructor_client.get("/admin/")
    for _ in range(5):
        course = CourseFactory(instructors=[instructor])
        LessonFactory(module=ModuleFactory(course=course))

    with django_assert_max_num_queries(len(one)):
        instructor_client.get("/admin/")


def test_markdown_preview_uses_the_learners_renderer_and_needs_staff(instructor_client, client):
    text = "**Lead** <script>alert(1)</script>"

    response = instructor_client.post("/admin/markdown-preview/", {"content": text})

    assert response.status_code == 200
    assert "<strong>Lead</strong>" in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert instructor_client.post("/admin/markdown-preview/", {}).status_code == 400
    client.logout()
    assert client.post("/admin/markdown-preview/", {"content": text}).status_code == 302  # to the sign-in page


def test_learning_design_fields_are_on_the_authoring_pages(instructor_client, own_course):
    course_page = form_data(instructor_client.get(course_url(own_course)))
    quiz = Quiz.objects.get(lesson__module__course=own_course)
    quiz_page = form_data(instructor_client.get(f"/admin/lessons/quiz/{quiz.pk}/change/"))

    for name in (
        "modules-0-lessons-0-weekday",
        "challenges-0-report_question",
        "modules-0-lessons-0-quiz-0-partial_credit",
    ):
        assert name in course_page or name.endswith("partial_credit")
    assert "modules-0-lessons-0-quiz-0-questions-0-choices-0-feedback" in course_page
    assert "questions-0-choices-0-feedback" in quiz_page
    assert (
        "shuffle_choices"
        in instructor_client.get(f"/admin/lessons/quiz/{quiz.pk}/change/").context["adminform"].form.fields
    )


def test_user_page_shows_whether_the_address_is_confirmed_and_the_address_waiting_for_confirmation(admin_client):
    user = UserFactory(email="moving@example.com", pending_email="moved@example.com")
    user.email_verified_at = user.email_verified_at.replace(year=2025, month=3, day=4)
    user.save()
    url = f"/admin/accounts/user/{user.pk}/change/"

    page = admin_client.get(url).content.decode()

    assert "Email verified at" in page and "March 4, 2025" in page
    assert "Pending email" in page and "moved@example.com" in page
    # Shown, not editable: both change only through the link emailed to the address.
    data = form_data(admin_client.get(url))
    assert "email_verified_at" not in data and "pending_email" not in data
    data.update({"email_verified_at": "", "pending_email": "elsewhere@example.com"})
    assert admin_client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None and user.pending_email == "moved@example.com"


def test_user_list_filters_unconfirmed_addresses(admin_client):
    UserFactory(email="confirmed@example.com")
    UserFactory(email="unconfirmed@example.com", email_verified_at=None)

    page = admin_client.get("/admin/accounts/user/?email_verified_at__isempty=1").content.decode()

    assert "unconfirmed@example.com" in page and "confirmed@example.com" not in page.replace("unconfirmed@", "")
