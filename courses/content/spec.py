"""Plain, frozen shapes for course content. The loader turns them into rows.

Positions are not written here: a module, lesson, question or choice takes its 0-based place in
its parent's tuple, and a challenge is numbered from 1 in the order it is listed. Choices are
written in any order (put the correct one wherever reads best): quizzes shuffle them per attempt
unless `shuffle_choices=False`; true/false questions always show True, then False.
"""

import inspect
from dataclasses import dataclass


def md(text: str) -> str:
    """Markdown written indented inside Python code, with the indentation and outer blank lines removed."""
    return inspect.cleandoc(text)


@dataclass(frozen=True)
class ChoiceSpec:
    """One choice; `feedback` says why it is right or not (shown once the answers are earned)."""

    text: str
    correct: bool = False
    feedback: str = ""


def choice(text: str, *, correct: bool = False, feedback: str = "") -> ChoiceSpec:
    return ChoiceSpec(text=text, correct=correct, feedback=feedback)


@dataclass(frozen=True)
class QuestionSpec:
    """A question. `choices` are ChoiceSpecs, or plain (text, is_correct) pairs without feedback."""

    text: str
    kind: str
    explanation: str
    choices: tuple[ChoiceSpec | tuple[str, bool], ...]
    points: int = 1

    @property
    def choice_specs(self) -> tuple[ChoiceSpec, ...]:
        return tuple(c if isinstance(c, ChoiceSpec) else ChoiceSpec(text=c[0], correct=c[1]) for c in self.choices)


def true_false(
    text: str, *, answer: bool, explanation: str, true_feedback: str = "", false_feedback: str = ""
) -> QuestionSpec:
    """A true/false question: exactly the two choices "True" and "False", in that order."""
    return QuestionSpec(
        text=text,
        kind="true_false",
        explanation=explanation,
        choices=(
            ChoiceSpec(text="True", correct=answer, feedback=true_feedback),
            ChoiceSpec(text="False", correct=not answer, feedback=false_feedback),
        ),
    )


@dataclass(frozen=True)
class QuizSpec:
    """A quiz. `partial_credit`: multiple-choice questions score right minus wrong choices (floored at 0)."""

    title: str
    questions: tuple[QuestionSpec, ...]
    pass_mark: int = 70
    max_attempts: int | None = 3
    shuffle_choices: bool = True
    shuffle_questions: bool = False
    partial_credit: bool = False


@dataclass(frozen=True)
class LessonSpec:
    """A lesson. Leave `duration_seconds` out to have it computed from the words (videos and
    quickies give theirs). `unlock_after` counts days, weekdays or weeks by the course's drip mode;
    `weekday` (0 Monday .. 6 Sunday) ties the lesson to the first such day on or after that."""

    title: str
    kind: str
    body: str
    duration_seconds: int | None = None
    is_preview: bool = False
    unlock_after: int = 0
    weekday: int | None = None
    video_url: str = ""
    quiz: QuizSpec | None = None


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    summary: str
    lessons: tuple[LessonSpec, ...]


@dataclass(frozen=True)
class ChallengeSpec:
    """A challenge: `reflection_question` is answered before committing (it looks ahead),
    `report_question` when reporting kept or missed (it looks back)."""

    title: str
    body: str
    reflection_question: str
    suggested_days: int
    report_question: str = ""


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    description: str
    level: str
    drip_mode: str  # none, daily, weekdays or weekly
    modules: tuple[ModuleSpec, ...]
    challenges: tuple[ChallengeSpec, ...] = ()
