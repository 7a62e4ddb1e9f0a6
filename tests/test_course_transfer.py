"""Course files (export / import between installations) and "duplicate as draft"."""

import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from courseplatform.errors import ApplicationError
from courses.models import Course
from courses.transfer import FORMAT_VERSION, course_duplicate, course_export, course_import
from enrollments.models import Enrollment
from lessons.models import Lesson, Question

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def content(exported: dict) -> dict:
    """A course file's content, without what an import may change (the slug)."""
    course = dict(exported["course"])
    course.pop("slug")
    return course


@pytest.fixture
def demo_courses():
    call_command("load_content", stdout=io.StringIO())
    return list(Course.objects.order_by("pk"))


def test_every_demo_course_survives_an_export_import_round_trip(demo_courses):
    for course in demo_courses:
        exported = json.loads(json.dumps(course_export(course=course)))  # through the file's text form

        imported = course_import(data=exported)

        assert imported.pk != course.pk and imported.status == Course.Status.DRAFT
        assert content(course_export(course=imported)) == content(exported)
        assert exported["version"] == FORMAT_VERSION


def test_the_file_carries_the_whole_outline(demo_courses):
    course = Course.objects.get(slug="sales-leadership-distinctions")

    exported = course_export(course=course)["course"]

    lessons = [lesson for module in exported["modules"] for lesson in module["lessons"]]
    assert len(lessons) == Lesson.objects.filter(module__course=course).count()
    questions = [q for lesson in lessons if lesson["quiz"] for q in lesson["quiz"]["questions"]]
    assert len(questions) == Question.objects.filter(quiz__lesson__module__course=course).count()
    assert all(question["choices"] for question in questions)


def test_an_import_keeps_a_free_slug_and_renames_a_taken_one(demo_courses):
    exported = course_export(course=demo_courses[0])
    first = course_import(data=exported)
    second = course_import(data=exported)

    assert first.slug == f"{demo_courses[0].slug}-2"
    assert second.slug == f"{demo_courses[0].slug}-3"


def test_a_file_from_a_newer_version_is_refused_with_a_clear_error(demo_courses):
    exported = course_export(course=demo_courses[0])
    exported["version"] = FORMAT_VERSION + 1
    before = Course.objects.count()

    with pytest.raises(ApplicationError) as refused:
        course_import(data=exported)

    assert refused.value.code == "newer_format"
    assert (
        f"version {FORMAT_VERSION + 1}" in refused.value.message and "Update this installation" in refused.value.message
    )
    assert Course.objects.count() == before


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda c: c["modules"][0]["lessons"][0].update(title=""), "modules[0].lessons[0].title"),
        (lambda c: c["modules"][0].update(lessons="nope"), "modules[0].lessons"),
        (lambda c: c["challenges"].append({"title": "No body"}), "challenges["),
    ],
)
def test_an_invalid_file_names_the_place_and_keeps_nothing(demo_courses, break_it, where):
    exported = course_export(course=Course.objects.get(slug="25-sales-leader-challenges"))
    break_it(exported["course"])
    before = (Course.objects.count(), Lesson.objects.count())

    with pytest.raises(ApplicationError) as refused:
        course_import(data=exported)

    assert where in refused.value.message
    assert (Course.objects.count(), Lesson.objects.count()) == before


def test_a_quiz_question_with_two_right_answers_is_refused(demo_courses):
    exported = course_export(course=Course.objects.get(slug="sales-leadership-distinctions"))
    quiz = next(
        lesson["quiz"] for module in exported["course"]["modules"] for lesson in module["lessons"] if lesson["quiz"]
    )
    question = next(q for q in quiz["questions"] if q["kind"] == "single")
    for choice in question["choices"]:
        choice["is_correct"] = True

    with pytest.raises(ApplicationError, match=r"questions\[\d+\]"):
        course_import(data=exported)


def test_duplicate_is_a_draft_copy_without_learners(demo_courses):
    original = Course.objects.get(slug="sales-quickies")
    instructor = UserFactory(is_staff=True)
    Enrollment.objects.create(user=UserFactory(), course=original, enrolled_at=timezone.now())

    copy = course_duplicate(course=original, instructor=instructor)

    assert (copy.title, copy.status) == ("Sales Quickies (copy)", Course.Status.DRAFT)
    assert copy.slug != original.slug
    assert list(copy.instructors.all()) == [instructor]
    assert not copy.enrollments.exists()
    assert content(course_export(course=copy)) == {**content(course_export(course=original)), "title": copy.title}


# --- In the admin -----------------------------------------------------------------------------


@pytest.fixture
def instructor():
    user = UserFactory(email="coach@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def own(demo_courses, instructor):
    course = Course.objects.get(slug="sales-quickies")
    course.instructors.set([instructor])
    return course


def test_admin_export_downloads_the_file_and_only_for_your_courses(client, instructor, own, demo_courses):
    client.force_login(instructor)

    response = client.get(f"/admin/courses/course/{own.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sales-quickies.course.json"'
    assert content(json.loads(response.content)) == content(course_export(course=own))
    other = Course.objects.exclude(pk=own.pk).first()
    assert client.get(f"/admin/courses/course/{other.pk}/export/").status_code == 404


def test_admin_import_creates_a_draft_you_teach_and_logs_it(client, instructor, own):
    client.force_login(instructor)
    upload = io.BytesIO(json.dumps(course_export(course=own)).encode())
    upload.name = "sales-quickies.course.json"

    response = client.post("/admin/courses/course/import/", {"file": upload})

    imported = Course.objects.get(slug="sales-quickies-2")
    assert response.status_code == 302 and response["Location"].endswith(f"/{imported.pk}/change/")
    assert list(imported.instructors.all()) == [instructor]
    assert LogEntry.objects.get(object_id=str(imported.pk)).is_addition()


def test_admin_import_shows_the_newer_version_error_next_to_the_file(client, instructor, own):
    client.force_login(instructor)
    exported = course_export(course=own)
    exported["version"] = 99
    upload = io.BytesIO(json.dumps(exported).encode())
    upload.name = "future.course.json"

    response = client.post("/admin/courses/course/import/", {"file": upload})

    assert response.status_code == 200
    assert "format version 99" in " ".join(response.context["form"].errors["file"])
    not_json = io.BytesIO(b"\x89PNG")
    not_json.name = "picture.png"
    assert "not a JSON file" in str(client.post("/admin/courses/course/import/", {"file": not_json}).content)


def test_admin_duplicate_button_and_action(client, instructor, own):
    client.force_login(instructor)

    response = client.post(f"/admin/courses/course/{own.pk}/duplicate/")
    client.post("/admin/courses/course/", {"action": "duplicate", "_selected_action": [own.pk]})

    copies = Course.objects.filter(title="Sales Quickies (copy)")
    assert copies.count() == 2
    assert response["Location"].endswith(f"/{copies.order_by('pk').first().pk}/change/")
    assert all(list(copy.instructors.all()) == [instructor] for copy in copies)
    other = Course.objects.exclude(instructors=instructor).first()
    assert client.post(f"/admin/courses/course/{other.pk}/duplicate/").status_code == 404
    assert client.get(f"/admin/courses/course/{own.pk}/duplicate/").status_code == 405
