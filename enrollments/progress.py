"""Progress of an enrolment, computed from rows already loaded (no queries of its own)."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .plans import CoursePlan


@dataclass(frozen=True)
class NextItem:
    kind: str  # "lesson", "quiz" or "challenge"
    id: int
    title: str


@dataclass(frozen=True)
class Progress:
    lessons_done: int
    lessons_total: int
    quizzes_passed: int
    quizzes_total: int
    challenges_answered: int
    challenges_total: int
    next: NextItem | None = None

    @property
    def items_done(self) -> int:
        return self.lessons_done + self.quizzes_passed + self.challenges_answered

    @property
    def items_total(self) -> int:
        return self.lessons_total + self.quizzes_total + self.challenges_total

    @property
    def percent(self) -> int:
        if self.items_total == 0:
            return 0
        # Floor, so 100 means everything is really done.
        return self.items_done * 100 // self.items_total

    @property
    def is_complete(self) -> bool:
        return self.items_total > 0 and self.items_done == self.items_total


def progress_compute(*, plan: "CoursePlan", completed_lesson_ids, passed_quiz_ids, answered_challenge_ids) -> Progress:
    """Progress through a course's plan (enrollments.plans), given what the learner has done."""
    lessons_done = quizzes_total = quizzes_passed = 0
    next_item = None
    for lesson in plan.lessons:
        if lesson.id in completed_lesson_ids:
            lessons_done += 1
        elif next_item is None:
            next_item = NextItem("lesson", lesson.id, lesson.title)
        if lesson.quiz_id is not None:
            quizzes_total += 1
            if lesson.quiz_id in passed_quiz_ids:
                quizzes_passed += 1
            elif next_item is None:
                next_item = NextItem("quiz", lesson.quiz_id, lesson.quiz_title)
    answered = 0
    for challenge in plan.challenges:
        if challenge.id in answered_challenge_ids:
            answered += 1
        elif next_item is None:
            next_item = NextItem("challenge", challenge.id, f"{challenge.number}. {challenge.title}")
    return Progress(
        lessons_done=lessons_done,
        lessons_total=len(plan.lessons),
        quizzes_passed=quizzes_passed,
        quizzes_total=quizzes_total,
        challenges_answered=answered,
        challenges_total=len(plan.challenges),
        next=next_item,
    )
