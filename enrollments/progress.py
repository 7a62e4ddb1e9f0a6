"""Progress of an enrolment, computed from rows already loaded (no queries of its own)."""

from dataclasses import dataclass


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


def progress_compute(*, modules, challenges, completed_lesson_ids, passed_quiz_ids, answered_challenge_ids) -> Progress:
    """Progress through ordered modules (with .lessons and lesson.quiz loaded) and challenges."""
    lessons_total = quizzes_total = lessons_done = quizzes_passed = 0
    next_item = None
    for module in modules:
        for lesson in module.lessons.all():
            lessons_total += 1
            if lesson.id in completed_lesson_ids:
                lessons_done += 1
            elif next_item is None:
                next_item = NextItem("lesson", lesson.id, lesson.title)
            quiz = getattr(lesson, "quiz", None)
            if quiz is not None:
                quizzes_total += 1
                if quiz.id in passed_quiz_ids:
                    quizzes_passed += 1
                elif next_item is None:
                    next_item = NextItem("quiz", quiz.id, quiz.title)
    answered = 0
    for challenge in challenges:
        if challenge.id in answered_challenge_ids:
            answered += 1
        elif next_item is None:
            next_item = NextItem("challenge", challenge.id, f"{challenge.number}. {challenge.title}")
    return Progress(
        lessons_done=lessons_done,
        lessons_total=lessons_total,
        quizzes_passed=quizzes_passed,
        quizzes_total=quizzes_total,
        challenges_answered=answered,
        challenges_total=len(challenges),
        next=next_item,
    )
