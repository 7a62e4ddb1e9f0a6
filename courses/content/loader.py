"""Create the platform's own courses that are missing, and never change or add to a course that exists.

A course is found by its slug. A course that exists is left exactly as it is, including any part an
instructor deleted: the instructor may have edited it in the admin since it was loaded, and an
installation that loaded an earlier version of the content keeps that version (a newer version's
lessons are not mixed into it). A missing course is created whole and published.
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
    """Create the courses that do not exist yet; return how many objects of each kind were created."""
    content_validate(courses=courses)
    existing = set(Course.objects.filter(slug__in=[spec.slug for spec in courses]).values_list("slug", flat=True))
    loader = _Loader()
    new_courses = []
    for spec in courses:
        if spec.slug in existing:
            if stdout is not None:
                stdout.write(f"{spec.slug}: already there, left as it is\n")
            continue
        before = loader.created.total()
        new_courses.append(loader.course(spec))
        if stdout is not None:
            stdout.write(f"{spec.slug}: created {loader.created.total() - before} objects\n")
    loader.flush()
    for course in Course.objects.filter(pk__in=new_courses):
        course_publish(course=course)
    return {kind: loader.created[kind] for kind in KINDS}


class _Loader:
    """Creates a course with everything in it, batching the leaf rows (choices, challenges)."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.new_choices: list[Choice] = []
        self.new_challenges: list[Challenge] = []

    def course(self, spec: CourseSpec) -> int:
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
            module_id = Module.objects.create(
                course_id=course_id, title=module.title, summary=module.summary, position=position
            ).pk
            self.created["modules"] += 1
            for lesson_position, lesson in enumerate(module.lessons):
                self.lesson(module_id, lesson_position, lesson)
        for number, challenge in enumerate(spec.challenges, start=1):
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
        return course_id

    def lesson(self, module_id: int, position: int, spec: LessonSpec) -> None:
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
