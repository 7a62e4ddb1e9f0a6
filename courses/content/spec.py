"""Plain, frozen shapes for course content. The loader turns them into rows.

Positions are not written here: a module, lesson, question or choice takes its 0-based place in
its parent's tuple, and a challenge is numbered from 1 in the order it is listed.
"""

import inspect
from dataclasses import dataclass


def md(text: str) -> str:
    """Markdown written indented inside Python code, with the indentation and outer blank lines removed."""
    return inspect.cleandoc(text)


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str
    explanation: str
    choices: tuple[tuple[str, bool], ...]
    points: int = 1


def true_false(text: str, *, answer: bool, explanation: str) -> QuestionSpec:
    """A true/false question: exactly the two choices "True" and "False", in that order."""
    return QuestionSpec(
        text=text, kind="true_false", explanation=explanation, choices=(("True", answer), ("False", not answer))
    )


@dataclass(frozen=True)
class QuizSpec:
    title: str
    questions: tuple[QuestionSpec, ...]
    pass_mark: int = 70
    max_attempts: int | None = 3


@dataclass(frozen=True)
class LessonSpec:
    title: str
    kind: str
    body: str
    duration_seconds: int
    is_preview: bool = False
    unlock_after: int = 0
    video_url: str = ""
    quiz: QuizSpec | None = None


@dataclass(frozen=True)
class ModuleSpec:
    title: str
    summary: str
    lessons: tuple[LessonSpec, ...]


@dataclass(frozen=True)
class ChallengeSpec:
    title: str
    body: str
    reflection_question: str
    suggested_days: int


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    description: str
    level: str
    drip_mode: str
    modules: tuple[ModuleSpec, ...]
    challenges: tuple[ChallengeSpec, ...] = ()
