"""The content rules, checked over what is in the database (the loaded content, with any edits made since).

`content_check` returns one line per broken rule; an empty list means every rule is met. The rules:

- quizzes: the correct choices do not sit at the same positions in every question; every choice has
  feedback saying why it is right or not; a pass mark under 100% can be reached with a question wrong;
- durations: a lesson's stated duration is within 25% of the time its words take (read, or for a video
  said aloud), and a computed one is counted from the current words;
- challenges: a reflection question and a report-back question, and a window of 1 to 7 days;
- weekday drip: a lesson names a weekday only when it is tied to that weekday;
- no two items (course descriptions, lessons, quizzes, challenges) share a run of 12 or more words.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from courses.models import Challenge, Course
from lessons.models import Lesson, Question, reading_seconds, words_count

DURATION_TOLERANCE = 0.25
SPEAKING_WORDS_PER_MINUTE = 150
MAX_CHALLENGE_DAYS = 7
SHARED_RUN_WORDS = 12
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAY_NAMES) + r")s?\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


@dataclass(frozen=True)
class Item:
    """A piece of text that must not repeat another: where it is and what it says."""

    where: str
    text: str


def content_check(*, slugs: Sequence[str]) -> list[str]:
    """Every broken content rule in the courses with these slugs, one line each (empty: all met)."""
    courses = {course.slug: course for course in _courses(slugs)}
    problems = [f"{slug}: not loaded" for slug in slugs if slug not in courses]
    items: list[Item] = []
    for slug in slugs:
        course = courses.get(slug)
        if course is None:
            continue
        items.append(Item(f"{slug}: description", course.description))
        for module in course.modules.all():
            for lesson in module.lessons.all():
                where = f"{slug} / {lesson.title}"
                problems += lesson_problems(lesson, where=where, drip_mode=course.drip_mode)
                items.append(Item(where, lesson.body))
                quiz = getattr(lesson, "quiz", None)
                if quiz is not None:
                    problems += quiz_problems(quiz, where=f"{where} / {quiz.title}")
                    items.append(Item(f"{where} / {quiz.title}", _quiz_text(quiz)))
        for challenge in course.challenges.all():
            where = f"{slug} / challenge {challenge.number}"
            problems += challenge_problems(challenge, where=where)
            items.append(
                Item(where, "\n".join((challenge.body, challenge.reflection_question, challenge.report_question)))
            )
    problems += shared_runs(items)
    return problems


def _courses(slugs: Sequence[str]) -> Iterable[Course]:
    lessons = Lesson.objects.select_related("quiz").prefetch_related(
        Prefetch("quiz__questions", queryset=Question.objects.prefetch_related("choices"))
    )
    return Course.objects.filter(slug__in=slugs).prefetch_related(
        Prefetch("modules__lessons", queryset=lessons), "challenges"
    )


def quiz_problems(quiz, *, where: str) -> list[str]:
    problems = []
    questions = list(quiz.questions.all())
    placements = [frozenset(c.position for c in q.choices.all() if c.is_correct) for q in questions]
    if len(questions) >= 2 and len(set(placements)) == 1:
        problems.append(f"{where}: the correct choice is at the same position in every question")
    for question in questions:
        missing = [c.position for c in question.choices.all() if not c.feedback.strip()]
        if missing:
            problems.append(f"{where} / {question.text[:60]}: no feedback on choice(s) at {missing}")
    total = sum(q.points for q in questions)
    if questions and quiz.pass_mark < 100:
        best_with_one_wrong = (total - min(q.points for q in questions)) * 100 // total
        if best_with_one_wrong < quiz.pass_mark:
            problems.append(
                f"{where}: a pass mark of {quiz.pass_mark}% needs every question right ({len(questions)} questions); "
                "lower it, or set it to 100% so the quiz says so"
            )
    return problems


def lesson_problems(lesson: Lesson, *, where: str, drip_mode: str) -> list[str]:
    problems = []
    words = words_count(lesson.body)
    if lesson.word_count != words:
        problems.append(f"{where}: stored word count {lesson.word_count}, the body has {words}")
    if lesson.duration_seconds is not None and words:
        spoken = lesson.kind in (Lesson.Kind.VIDEO, Lesson.Kind.QUICKIE)
        expected = spoken_seconds(words) if spoken else reading_seconds(words)
        if abs(lesson.duration_seconds - expected) > DURATION_TOLERANCE * expected:
            how = "said aloud" if spoken else "read"
            problems.append(
                f"{where}: duration {lesson.duration_seconds}s, but its {words} words take about {expected}s {how}"
            )
    if drip_mode != Course.DripMode.NONE:
        tied = WEEKDAY_NAMES[lesson.weekday].lower() if lesson.weekday is not None else None
        named = {match.group(1).lower() for match in _WEEKDAY.finditer(lesson.body + " " + lesson.title)}
        if named - {tied}:
            problems.append(f"{where}: names {', '.join(sorted(named - {tied}))} but is not tied to that weekday")
    return problems


def challenge_problems(challenge: Challenge, *, where: str) -> list[str]:
    problems = []
    if not challenge.reflection_question.strip().endswith("?"):
        problems.append(f"{where}: no reflection question")
    if not challenge.report_question.strip().endswith("?"):
        problems.append(f"{where}: no report-back question")
    if not 1 <= challenge.suggested_days <= MAX_CHALLENGE_DAYS:
        problems.append(f"{where}: a window of {challenge.suggested_days} days (at most {MAX_CHALLENGE_DAYS})")
    return problems


def spoken_seconds(words: int) -> int:
    """How long `words` take to say aloud."""
    return max(1, round(words * 60 / SPEAKING_WORDS_PER_MINUTE))


def shared_runs(items: Sequence[Item], *, size: int = SHARED_RUN_WORDS) -> list[str]:
    """Pairs of items sharing a run of `size` or more words (case, punctuation and Markdown ignored)."""
    first_seen: dict[tuple[str, ...], int] = {}
    pairs: dict[tuple[int, int], tuple[str, ...]] = {}
    for index, item in enumerate(items):
        words = _words(item.text)
        for start in range(len(words) - size + 1):
            run = tuple(words[start : start + size])
            owner = first_seen.setdefault(run, index)
            if owner != index:
                pairs.setdefault((owner, index), run)
    return [f'{items[a].where} and {items[b].where} share the words "{" ".join(run)}"' for (a, b), run in pairs.items()]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def _quiz_text(quiz) -> str:
    parts = []
    for question in quiz.questions.all():
        parts += [question.text, question.explanation]
        for choice in question.choices.all():
            parts += [choice.text, choice.feedback]
    return "\n".join(parts)
