"""A course as one JSON file, to move it between installations; and "duplicate as draft".

The file (format version 1, documented in docs/course-format.md):

    {"format": "courseplatform.course", "version": 1, "exported_at": "...",
     "course": {<COURSE_FIELDS>,
                "modules": [{<MODULE_FIELDS>, "lessons": [{<LESSON_FIELDS>, "quiz": null | {<QUIZ_FIELDS>,
                    "questions": [{<QUESTION_FIELDS>, "choices": [{<CHOICE_FIELDS>}]}]}}]}],
                "challenges": [{<CHALLENGE_FIELDS>}]}}

Lists are in order (positions are not stored: the order is the position). Learners, enrolments,
instructors, status and dates never travel. An import always creates a new draft course.
"""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from courseplatform.errors import ApplicationError
from lessons.models import Choice, Lesson, Question, Quiz, validate_question_choices

from .models import Challenge, Course, Module

M = TypeVar("M", bound=models.Model)

FORMAT = "courseplatform.course"
FORMAT_VERSION = 1

COURSE_FIELDS = ("slug", "title", "summary", "description", "level", "drip_mode")
MODULE_FIELDS = ("title", "summary")
LESSON_FIELDS = (
    "title",
    "kind",
    "body",
    "video_url",
    "duration_seconds",
    "is_preview",
    "unlock_after",
    "weekday",
)
QUIZ_FIELDS = (
    "title",
    "pass_mark",
    "max_attempts",
    "time_limit_seconds",
    "shuffle_questions",
    "shuffle_choices",
    "partial_credit",
)
QUESTION_FIELDS = ("text", "kind", "points", "explanation")
CHOICE_FIELDS = ("text", "is_correct", "feedback")
CHALLENGE_FIELDS = ("title", "body", "reflection_question", "report_question", "suggested_days")


def _values(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def course_export(*, course: Course) -> dict:
    """The course's content as the version-1 file (a dict ready for json.dumps). Five queries."""
    modules = course.modules.order_by("position").prefetch_related(
        models.Prefetch("lessons", queryset=Lesson.objects.order_by("position").select_related("quiz")),
        models.Prefetch(
            "lessons__quiz__questions",
            queryset=Question.objects.order_by("position").prefetch_related(
                models.Prefetch("choices", queryset=Choice.objects.order_by("position"))
            ),
        ),
    )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "course": {
            **_values(course, COURSE_FIELDS),
            "modules": [
                {
                    **_values(module, MODULE_FIELDS),
                    "lessons": [_lesson_export(lesson) for lesson in module.lessons.all()],
                }
                for module in modules
            ],
            "challenges": [_values(challenge, CHALLENGE_FIELDS) for challenge in course.challenges.order_by("number")],
        },
    }


def _lesson_export(lesson: Lesson) -> dict:
    try:
        quiz = lesson.quiz
    except Quiz.DoesNotExist:
        return {**_values(lesson, LESSON_FIELDS), "quiz": None}
    questions = [
        {
            **_values(question, QUESTION_FIELDS),
            "choices": [_values(choice, CHOICE_FIELDS) for choice in question.choices.all()],
        }
        for question in quiz.questions.all()
    ]
    return {**_values(lesson, LESSON_FIELDS), "quiz": {**_values(quiz, QUIZ_FIELDS), "questions": questions}}


@transaction.atomic
def course_import(*, data: Any, instructor=None, title: str | None = None) -> Course:
    """Create a draft course from a course file (a parsed dict); the file's slug is kept if free.

    Every row is validated like the admin validates it; the first problem is raised as an
    ApplicationError naming where it is (e.g. `modules[0].lessons[2].title`), and nothing is kept.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ApplicationError("This is not a course file (its `format` is not courseplatform.course).", field="file")
    version = data.get("version")
    if not isinstance(version, int):
        raise ApplicationError("The course file has no format version.", field="file")
    if version > FORMAT_VERSION:
        raise ApplicationError(
            f"This course file has format version {version}, from a newer installation; this one reads "
            f"version {FORMAT_VERSION} and older. Update this installation, then import again.",
            field="file",
            code="newer_format",
        )
    source = _mapping(data.get("course"), "course")
    course = Course(**_fields(source, COURSE_FIELDS, "course"), status=Course.Status.DRAFT)
    if title:
        course.title = title
    course.slug = _free_slug(course.slug or "imported-course")
    _save(course, "course")
    if instructor is not None and not instructor.is_superuser:
        course.instructors.add(instructor)
    for m_index, module_data in enumerate(_list(source.get("modules"), "course.modules")):
        where = f"modules[{m_index}]"
        module_data = _mapping(module_data, where)
        module = _save(Module(course=course, position=m_index + 1, **_fields(module_data, MODULE_FIELDS, where)), where)
        for l_index, lesson_data in enumerate(_list(module_data.get("lessons"), f"{where}.lessons")):
            _lesson_import(module, l_index, _mapping(lesson_data, f"{where}.lessons[{l_index}]"), where)
    for c_index, challenge_data in enumerate(_list(source.get("challenges"), "course.challenges")):
        where = f"challenges[{c_index}]"
        fields = _fields(_mapping(challenge_data, where), CHALLENGE_FIELDS, where)
        _save(Challenge(course=course, number=c_index + 1, **fields), where)
    return course


def course_duplicate(*, course: Course, instructor=None) -> Course:
    """A draft copy of the course's content (modules, lessons, quizzes, challenges; no learners)."""
    title = f"{course.title[:190]} (copy)"
    return course_import(data=course_export(course=course), instructor=instructor, title=title)


def _lesson_import(module: Module, index: int, data: dict, module_where: str) -> None:
    where = f"{module_where}.lessons[{index}]"
    lesson = _save(Lesson(module=module, position=index + 1, **_fields(data, LESSON_FIELDS, where)), where)
    if data.get("quiz") is None:
        return
    quiz_where = f"{where}.quiz"
    quiz_data = _mapping(data["quiz"], quiz_where)
    quiz = _save(Quiz(lesson=lesson, **_fields(quiz_data, QUIZ_FIELDS, quiz_where)), quiz_where)
    for q_index, question_data in enumerate(_list(quiz_data.get("questions"), f"{quiz_where}.questions")):
        q_where = f"{quiz_where}.questions[{q_index}]"
        question_data = _mapping(question_data, q_where)
        question = _save(
            Question(quiz=quiz, position=q_index + 1, **_fields(question_data, QUESTION_FIELDS, q_where)), q_where
        )
        choices = [
            _fields(_mapping(choice, f"{q_where}.choices[{c_index}]"), CHOICE_FIELDS, f"{q_where}.choices[{c_index}]")
            for c_index, choice in enumerate(_list(question_data.get("choices"), f"{q_where}.choices"))
        ]
        try:
            validate_question_choices(
                kind=question.kind, choices=[(c.get("text", ""), bool(c.get("is_correct"))) for c in choices]
            )
        except ValidationError as error:
            raise ApplicationError(f"{q_where}: {error.messages[0]}", field=q_where) from None
        for c_index, fields in enumerate(choices):
            _save(Choice(question=question, position=c_index + 1, **fields), f"{q_where}.choices[{c_index}]")


def _mapping(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise ApplicationError(f"{where}: expected an object.", field=where)
    return value


def _list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApplicationError(f"{where}: expected a list.", field=where)
    return value


def _fields(data: dict, allowed: tuple[str, ...], where: str) -> dict:
    """The allowed fields present in `data` (missing ones take the model's default)."""
    return {name: data[name] for name in allowed if name in data}


def _save(obj: M, where: str) -> M:
    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        name = where if field == "__all__" else f"{where}.{field}"
        raise ApplicationError(f"{name}: {messages[0]}", field=name) from None
    obj.save()
    return obj


def _free_slug(slug: str) -> str:
    candidate, n = slug, 1
    while Course.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{slug[:70]}-{n}"
    return candidate
