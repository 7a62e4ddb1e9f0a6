"""Create the platform's own course content: whatever is missing, and never change a row that exists.

Rows are found by natural keys: a course by slug, a module by (course, position), a lesson by
(module, position), a quiz by lesson, a question by (quiz, position), a choice by (question, position)
and a challenge by (course, number). Anything found is left exactly as it is, because an instructor may
have edited it in the admin since it was loaded.
"""

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.models import Challenge, Course, Module
from courses.services import course_publish
from lessons.models import Choice, Lesson, Question, Quiz, validate_question_choices, words_count

from . import COURSES
from .spec import CourseSpec, LessonSpec, QuizSpec

KINDS = ("courses", "modules", "lessons", "quizzes", "questions", "choices", "challenges")


def content_validate(*, courses: Sequence[CourseSpec]) -> None:
    """Raise ValidationError if any of the content could not be loaded as written."""
    slugs = [course.slug for course in courses]
    if len(slugs) != len(set(slugs)):
        raise ValidationError("Two courses share a slug.")
    for course in courses:
        if course.drip_mode not in Course.DripMode.values:
            raise ValidationError(f"{course.slug}: unknown drip mode {course.drip_mode!r}.")
        if not any(module.lessons for module in course.modules):
            raise ValidationError(f"{course.slug}: a course needs at least one lesson before it can be published.")
        for module in course.modules:
            for lesson in module.lessons:
                where = f"{course.slug} / {lesson.title}"
                try:
                    Lesson(
                        kind=lesson.kind, video_url=lesson.video_url, duration_seconds=lesson.duration_seconds
                    ).clean()
                except ValidationError as exc:
                    raise ValidationError(f"{where}: {' '.join(exc.messages)}") from exc
                if lesson.weekday is not None and lesson.weekday not in Lesson.Weekday.values:
                    raise ValidationError(f"{where}: weekday is 0 (Monday) to 6 (Sunday), not {lesson.weekday}.")
                for question in lesson.quiz.questions if lesson.quiz else ():
                    pairs = [(c.text, c.correct) for c in question.choice_specs]
                    try:
                        validate_question_choices(kind=question.kind, choices=pairs)
                    except ValidationError as exc:
                        raise ValidationError(f"{where} / {question.text}: {' '.join(exc.messages)}") from exc


def content_totals(*, courses: Sequence[CourseSpec] = COURSES) -> dict[str, int]:
    """How many objects of each kind the content describes."""
    totals = Counter({kind: 0 for kind in KINDS})
    for course in courses:
        totals["courses"] += 1
        totals["challenges"] += len(course.challenges)
        for module in course.modules:
            totals["modules"] += 1
            for lesson in module.lessons:
                totals["lessons"] += 1
                if lesson.quiz:
                    totals["quizzes"] += 1
                    totals["questions"] += len(lesson.quiz.questions)
                    totals["choices"] += sum(len(question.choices) for question in lesson.quiz.questions)
    return dict(totals)


@transaction.atomic
def content_load(*, courses: Sequence[CourseSpec] = COURSES, stdout: TextIO | None = None) -> dict[str, int]:
    """Create whatever part of the content is missing; return how many objects of each kind were created."""
    content_validate(courses=courses)
    loader = _Loader(slugs=[course.slug for course in courses])
    new_courses = []
    for spec in courses:
        before = loader.created.total()
        course_id, is_new = loader.course(spec)
        if is_new:
            new_courses.append(course_id)
        if stdout is not None and loader.created.total() > before:
            stdout.write(f"{spec.slug}: created {loader.created.total() - before} objects\n")
    loader.flush()
    # Only a course created in this run is published; an existing one keeps whatever status it was given.
    for course in Course.objects.filter(pk__in=new_courses):
        course_publish(course=course)
    return {kind: loader.created[kind] for kind in KINDS}


class _Loader:
    """Remembers which natural keys exist, creates the rest and batches the leaf rows (choices, challenges)."""

    def __init__(self, *, slugs: list[str]) -> None:
        self.created: Counter[str] = Counter()
        self.courses = dict(Course.objects.filter(slug__in=slugs).order_by().values_list("slug", "id"))
        ids = list(self.courses.values())
        # An empty id list makes Django skip the query entirely, so a first run costs one SELECT here.
        self.modules = _by_key(Module.objects.filter(course_id__in=ids), "course_id", "position")
        self.lessons = _by_key(Lesson.objects.filter(module__course_id__in=ids), "module_id", "position")
        self.quizzes = dict(
            Quiz.objects.filter(lesson__module__course_id__in=ids).order_by().values_list("lesson_id", "id")
        )
        self.questions = _by_key(
            Question.objects.filter(quiz__lesson__module__course_id__in=ids), "quiz_id", "position"
        )
        self.choices = set(
            Choice.objects.filter(question__quiz__lesson__module__course_id__in=ids)
            .order_by()
            .values_list("question_id", "position")
        )
        self.challenges = set(Challenge.objects.filter(course_id__in=ids).order_by().values_list("course_id", "number"))
        self.new_choices: list[Choice] = []
        self.new_challenges: list[Challenge] = []

    def course(self, spec: CourseSpec) -> tuple[int, bool]:
        course_id = self.courses.get(spec.slug)
        is_new = course_id is None
        if course_id is None:
            # Created as a draft and published once its lessons exist, through the service that checks that.
            course_id = Course.objects.create(
                slug=spec.slug,
                title=spec.title,
                summary=spec.summary,
                description=spec.description,
                level=spec.level,
                drip_mode=spec.drip_mode,
                status=Course.Status.DRAFT,
            ).pk
            self.created["courses"] += 1
        for position, module in enumerate(spec.modules):
            module_id = self.modules.get((course_id, position))
            if module_id is None:
                module_id = Module.objects.create(
                    course_id=course_id, title=module.title, summary=module.summary, position=position
                ).pk
                self.created["modules"] += 1
            for lesson_position, lesson in enumerate(module.lessons):
                self.lesson(module_id, lesson_position, lesson)
        for number, challenge in enumerate(spec.challenges, start=1):
            if (course_id, number) not in self.challenges:
                self.new_challenges.append(
                    Challenge(
                        course_id=course_id,
                        number=number,
                        title=challenge.title,
                        body=challenge.body,
                        reflection_question=challenge.reflection_question,
                        report_question=challenge.report_question,
                        suggested_days=challenge.suggested_days,
                    )
                )
                self.created["challenges"] += 1
        return course_id, is_new

    def lesson(self, module_id: int, position: int, spec: LessonSpec) -> None:
        lesson_id = self.lessons.get((module_id, position))
        if lesson_id is None:
            lesson_id = Lesson.objects.create(
                module_id=module_id,
                position=position,
                title=spec.title,
                kind=spec.kind,
                body=spec.body,
                word_count=words_count(spec.body),
                video_url=spec.video_url,
                duration_seconds=spec.duration_seconds,
                is_preview=spec.is_preview,
                unlock_after=spec.unlock_after,
                weekday=spec.weekday,
            ).pk
            self.created["lessons"] += 1
        if spec.quiz is not None:
            self.quiz(lesson_id, spec.quiz)

    def quiz(self, lesson_id: int, spec: QuizSpec) -> None:
        quiz_id = self.quizzes.get(lesson_id)
        if quiz_id is None:
            quiz_id = Quiz.objects.create(
                lesson_id=lesson_id,
                title=spec.title,
                pass_mark=spec.pass_mark,
                max_attempts=spec.max_attempts,
                shuffle_choices=spec.shuffle_choices,
                shuffle_questions=spec.shuffle_questions,
                partial_credit=spec.partial_credit,
            ).pk
            self.created["quizzes"] += 1
        for position, question in enumerate(spec.questions):
            question_id = self.questions.get((quiz_id, position))
            if question_id is None:
                question_id = Question.objects.create(
                    quiz_id=quiz_id,
                    position=position,
                    text=question.text,
                    kind=question.kind,
                    points=question.points,
                    explanation=question.explanation,
                ).pk
                self.created["questions"] += 1
            for choice_position, choice in enumerate(question.choice_specs):
                if (question_id, choice_position) not in self.choices:
                    self.new_choices.append(
                        Choice(
                            question_id=question_id,
                            position=choice_position,
                            text=choice.text,
                            is_correct=choice.correct,
                            feedback=choice.feedback,
                        )
                    )
                    self.created["choices"] += 1

    def flush(self) -> None:
        """Insert the batched choices and challenges (already counted in `created`)."""
        Choice.objects.bulk_create(self.new_choices)
        Challenge.objects.bulk_create(self.new_challenges)


def _by_key(queryset, parent_field: str, position_field: str) -> dict[tuple[int, int], int]:
    """Map (parent id, position) to id; no ordering, so the model's default ordering adds no joins."""
    return {
        (parent, position): pk
        for pk, parent, position in queryset.order_by().values_list("id", parent_field, position_field)
    }
