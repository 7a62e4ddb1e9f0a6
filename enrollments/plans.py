"""A course's plan: its lessons, quizzes and challenges in order, as plain data, shared-cached.

Progress walks the same plan for every learner of a course, so the plan is read from the
database once per content version (courseplatform.httpcache) rather than on every request:
a page of enrolments costs one cache round trip for its courses' plans instead of loading
their modules, lessons and challenges again.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from courseplatform.httpcache import CONTENT_VERSION_KEY, cache_key, content_version, content_version_cached
from courses.models import Challenge, Course, Module
from lessons.models import Lesson


@dataclass(frozen=True)
class PlanLesson:
    id: int
    title: str
    quiz_id: int | None
    quiz_title: str


@dataclass(frozen=True)
class PlanChallenge:
    id: int
    number: int
    title: str


@dataclass(frozen=True)
class TextIndex:
    """A plan's ids as text, for progress from done ids read as text (CoursePlan.progress_by_text)."""

    lesson_ids: frozenset[str]
    quiz_ids: frozenset[str]
    challenge_ids: frozenset[str]
    # Every item in the order progress looks for the next one: each lesson, then its quiz, then the
    # challenges by number; as (which done set holds it: 0, 1 or 2, id as text, kind, id, title).
    items: tuple[tuple[int, str, str, int, str], ...]


@dataclass(frozen=True)
class CoursePlan:
    lessons: tuple[PlanLesson, ...]  # in course order: modules, then lessons, by position
    challenges: tuple[PlanChallenge, ...]  # by number

    @cached_property
    def text_index(self) -> TextIndex:
        """Made once per plan and process (plans are kept per process, see course_plans_get)."""
        items: list[tuple[int, str, str, int, str]] = []
        for lesson in self.lessons:
            items.append((0, str(lesson.id), "lesson", lesson.id, lesson.title))
            if lesson.quiz_id is not None:
                items.append((1, str(lesson.quiz_id), "quiz", lesson.quiz_id, lesson.quiz_title))
        for challenge in self.challenges:
            items.append((2, str(challenge.id), "challenge", challenge.id, f"{challenge.number}. {challenge.title}"))
        return TextIndex(
            frozenset(key for which, key, *_ in items if which == 0),
            frozenset(key for which, key, *_ in items if which == 1),
            frozenset(key for which, key, *_ in items if which == 2),
            tuple(items),
        )

    def progress_by_text(
        self, done: tuple[set[str], set[str], set[str]]
    ) -> tuple[int, int, int, tuple[str, int, str] | None]:
        """(lessons completed, quizzes passed, challenges answered, next item as (kind, id, title) or
        None) from the done ids as text: what enrollments.progress.progress_compute finds, for the
        enrolment list, without a Python loop over every item of the plan."""
        index = self.text_index
        lessons, quizzes, challenges = done
        lessons_done = len(index.lesson_ids.intersection(lessons)) if lessons else 0
        quizzes_passed = len(index.quiz_ids.intersection(quizzes)) if quizzes else 0
        answered = len(index.challenge_ids.intersection(challenges)) if challenges else 0
        if lessons_done + quizzes_passed + answered == len(index.items):
            return lessons_done, quizzes_passed, answered, None
        for which, key, kind, item_id, title in index.items:
            if key not in done[which]:
                return lessons_done, quizzes_passed, answered, (kind, item_id, title)
        raise AssertionError("an item not done was counted as done")  # pragma: no cover

    @classmethod
    def from_course(cls, course: Course) -> "CoursePlan":
        """From a course with `course_content_prefetches()` applied (no queries of its own)."""
        lessons = []
        for module in course.modules.all():
            for lesson in module.lessons.all():
                quiz = getattr(lesson, "quiz", None)
                lessons.append(
                    PlanLesson(lesson.id, lesson.title, quiz.id if quiz else None, quiz.title if quiz else "")
                )
        challenges = sorted(course.challenges.all(), key=lambda c: c.number)
        return cls(tuple(lessons), tuple(PlanChallenge(c.id, c.number, c.title) for c in challenges))


def _lessons_for_progress() -> QuerySet[Lesson]:
    return (
        Lesson.objects.select_related("quiz")
        .only(
            "id",
            "title",
            "position",
            "unlock_after",
            "weekday",
            "is_preview",
            "module_id",
            "quiz__id",
            "quiz__title",
            "quiz__lesson_id",
        )
        .order_by("position", "id")
    )


def course_content_prefetches(prefix: str = "") -> list[Prefetch]:
    """Ordered modules, their lessons with quizzes, and challenges: what progress walks through.

    `prefix` reaches the course from the queryset being prefetched, e.g. "course__".
    """
    return [
        Prefetch(f"{prefix}modules", queryset=Module.objects.order_by("position", "id")),
        Prefetch(f"{prefix}modules__lessons", queryset=_lessons_for_progress()),
        Prefetch(f"{prefix}challenges", queryset=Challenge.objects.only("id", "number", "title", "course_id")),
    ]


def _plans_load(course_ids: list[int]) -> dict[int, CoursePlan]:
    """Three queries (modules, lessons with quizzes, challenges), whatever the number of courses."""
    modules = (
        Module.objects.filter(course_id__in=course_ids)
        .order_by("position", "id")
        .prefetch_related(Prefetch("lessons", queryset=_lessons_for_progress()))
    )
    challenges = Challenge.objects.filter(course_id__in=course_ids).only("id", "number", "title", "course_id")
    lessons_by_course: dict[int, list[PlanLesson]] = {course_id: [] for course_id in course_ids}
    for module in modules:
        for lesson in module.lessons.all():
            quiz = getattr(lesson, "quiz", None)
            lessons_by_course[module.course_id].append(
                PlanLesson(lesson.id, lesson.title, quiz.id if quiz else None, quiz.title if quiz else "")
            )
    challenges_by_course: dict[int, list[PlanChallenge]] = {course_id: [] for course_id in course_ids}
    for challenge in challenges.order_by("number"):
        challenges_by_course[challenge.course_id].append(PlanChallenge(challenge.id, challenge.number, challenge.title))
    return {
        course_id: CoursePlan(tuple(lessons_by_course[course_id]), tuple(challenges_by_course[course_id]))
        for course_id in course_ids
    }


def _key(course_id: int) -> str:
    return cache_key("course-plan", str(course_id))


# Plans this process has already read, by course, with the content version they were read under. A
# version is never used twice (httpcache), so a plan kept here under the current version is the
# one the shared cache holds: a page of enrolments then costs one small cache read (the version)
# instead of fetching and unpickling every course's plan again.
_known: dict[int, tuple[str, CoursePlan]] = {}
_KNOWN_MAX = 5000


def _remember(version: str, plans: dict[int, CoursePlan]) -> None:
    if len(_known) + len(plans) > _KNOWN_MAX:
        _known.clear()
    for course_id, plan in plans.items():
        _known[course_id] = (version, plan)


def course_plans_get(course_ids: Iterable[int]) -> dict[int, CoursePlan]:
    """The plans of these courses: one cache round trip when this process knows them under the
    current content version, one more for those it does not, three queries for those not cached."""
    ids = sorted(set(course_ids))
    if not ids:
        return {}
    version = content_version_cached()
    plans: dict[int, CoursePlan] = {}
    if version is not None:
        for course_id in ids:
            known = _known.get(course_id)
            if known is not None and known[0] == version:
                plans[course_id] = known[1]
    wanted = [course_id for course_id in ids if course_id not in plans]
    if not wanted:
        return plans
    found = cache.get_many([CONTENT_VERSION_KEY, *map(_key, wanted)])
    version = found.get(CONTENT_VERSION_KEY)
    shared: dict[int, CoursePlan] = {}
    for course_id in wanted:
        entry = found.get(_key(course_id))
        if version is not None and entry is not None and entry[0] == version:
            shared[course_id] = entry[1]
    missing = [course_id for course_id in wanted if course_id not in shared]
    version = version or content_version()
    if missing:
        loaded = _plans_load(missing)
        cache.set_many({_key(course_id): (version, plan) for course_id, plan in loaded.items()}, 3600)
        shared.update(loaded)
    _remember(version, shared)
    plans.update(shared)
    return plans
