"""Course insights for instructors: aggregate reads only, a fixed number of queries whatever the
number of learners (the admin's insights page and its CSV).

The cohort is the course's enrolments made in the chosen date range; every figure is about it.
The key numbers, enrolments per week and commitments are read live (grouped counts of the
cohort's enrolments and challenge responses). What needs every learner's lessons, attempts and
answers (the funnel, quizzes, most missed questions, where learners stop) is counted ahead per
day of enrolment by `course_insights_count` (InsightCount rows; a beat task recounts the courses
with activity every INSIGHTS_COUNT_SECONDS, and the page has a button to count now); the page
adds up the days of its range and says when they were counted. On a course of 100,000 learners
reading them live took seconds (docs/benchmarks.md).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest, TruncDate, TruncWeek
from django.utils import timezone

from courses.models import Challenge, Course
from lessons.models import Choice, Lesson, Question, Quiz, QuizAnswer

from .models import (
    ChallengeResponse,
    Enrollment,
    InsightCount,
    InsightsCounted,
    LessonCompletion,
    QuizAttempt,
)

# A lesson's place in the course as one number (module position, then lesson position).
ORDER_STEP = 100_000


@dataclass
class MissedQuestion:
    question_id: int
    text: str
    quiz_title: str
    missed: int
    answered: int
    wrong_choice: str = ""
    wrong_choice_count: int = 0


@dataclass
class Insights:
    course: Course
    start: date
    end: date
    enrolled: int = 0
    active_7: int = 0
    active_30: int = 0
    completed: int = 0
    weeks: list[tuple[date, int]] = field(default_factory=list)
    funnel: list[tuple[Lesson, int]] = field(default_factory=list)
    quizzes: list[tuple[Quiz, int, int, int]] = field(default_factory=list)  # quiz, took it, passed, at first try
    missed: list[MissedQuestion] = field(default_factory=list)
    commitments: list[tuple[Challenge, int, int, int, int]] = field(default_factory=list)  # kept, missed, overdue, open
    stops: list[tuple[Lesson | None, int]] = field(default_factory=list)  # last lesson done (None: none), learners
    counted_at: datetime | None = None  # when the counted figures were counted (None: never)

    @property
    def drop_off(self) -> tuple[Lesson, int] | None:
        """Where most active learners who started stop: the last lesson they completed, and how many."""
        started = [(lesson, n) for lesson, n in self.stops if lesson is not None]
        return max(started, key=lambda stop: stop[1], default=None)


def default_range(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(weeks=12), today


def in_cohort(*, course: Course, start: date, end: date, through: str = "") -> Q:
    """The course's enrolments made from `start` to `end` (both days included), reached through
    `through` (e.g. "enrollment__" from a completion): a join, which the planner handles far better
    than an IN (subquery) on large tables."""
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return Q(**{f"{through}course": course, f"{through}enrolled_at__gte": since, f"{through}enrolled_at__lt": until})


def cohort(*, course: Course, start: date, end: date) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(in_cohort(course=course, start=start, end=end))


def course_insights(*, course: Course, start: date, end: date) -> Insights:
    """Every figure of the insights page in ten queries, however many learners the course has."""
    now = timezone.now()
    enrollments = cohort(course=course, start=start, end=end)
    insights = Insights(course=course, start=start, end=end)
    totals = enrollments.aggregate(
        enrolled=Count("pk"),
        active_7=Count("pk", filter=Q(last_activity_at__gte=now - timedelta(days=7))),
        active_30=Count("pk", filter=Q(last_activity_at__gte=now - timedelta(days=30))),
        completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)),
    )
    insights.enrolled, insights.completed = totals["enrolled"], totals["completed"]
    insights.active_7, insights.active_30 = totals["active_7"], totals["active_30"]
    insights.weeks = _weeks(enrollments, start, end)
    counted = InsightsCounted.objects.filter(course=course).values_list("counted_at", flat=True).first()
    insights.counted_at = counted
    counts: dict[str, dict[int, int]] = defaultdict(dict)
    for kind, key, n in (
        InsightCount.objects.filter(course=course, enrolled_on__gte=start, enrolled_on__lte=end)
        .values("kind", "key")
        .annotate(n=Sum("count"))
        .values_list("kind", "key", "n")
    ):
        counts[kind][key] = n
    lessons = list(
        Lesson.objects.filter(module__course=course).select_related("module").order_by("module__position", "position")
    )
    reached = counts[InsightCount.Kind.LESSON_COMPLETED]
    insights.funnel = [(lesson, reached.get(lesson.pk, 0)) for lesson in lessons]
    insights.quizzes = _quizzes(course, counts)
    insights.missed = _missed_questions(counts)
    through = in_cohort(course=course, start=start, end=end, through="enrollment__")
    insights.commitments = _commitments(course, through, today=timezone.localdate())
    insights.stops = _stops(counts[InsightCount.Kind.STOP], lessons)
    return insights


def _weeks(enrollments: QuerySet[Enrollment], start: date, end: date) -> list[tuple[date, int]]:
    counted = {
        row["week"].date() if isinstance(row["week"], datetime) else row["week"]: row["n"]
        for row in enrollments.annotate(week=TruncWeek("enrolled_at")).values("week").annotate(n=Count("pk"))
    }
    monday = start - timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append((monday, counted.get(monday, 0)))
        monday += timedelta(weeks=1)
    return weeks


def _quizzes(course: Course, counts: dict[str, dict[int, int]]) -> list[tuple[Quiz, int, int, int]]:
    quizzes = Quiz.objects.filter(lesson__module__course=course).order_by(
        "lesson__module__position", "lesson__position"
    )
    kinds = (InsightCount.Kind.QUIZ_TAKEN, InsightCount.Kind.QUIZ_PASSED, InsightCount.Kind.QUIZ_FIRST_TRY)
    took, passed, first = (counts[kind] for kind in kinds)
    return [(quiz, took.get(quiz.pk, 0), passed.get(quiz.pk, 0), first.get(quiz.pk, 0)) for quiz in quizzes]


def _commitments(course: Course, through: Q, *, today: date):
    unreported = Q(outcome="")
    counts = {
        row["challenge_id"]: row
        for row in ChallengeResponse.objects.filter(through)
        .values("challenge_id")
        .annotate(
            kept=Count("pk", filter=Q(outcome=ChallengeResponse.Outcome.KEPT)),
            missed=Count("pk", filter=Q(outcome=ChallengeResponse.Outcome.MISSED)),
            overdue=Count("pk", filter=unreported & Q(due_on__lt=today)),
            open=Count("pk", filter=unreported & Q(due_on__gte=today)),
        )
    }
    empty = {"kept": 0, "missed": 0, "overdue": 0, "open": 0}
    rows = []
    for challenge in Challenge.objects.filter(course=course).order_by("number"):
        row = counts.get(challenge.pk, empty)
        rows.append((challenge, row["kept"], row["missed"], row["overdue"], row["open"]))
    return rows


def _stops(stops: dict[int, int], lessons: list[Lesson]) -> list[tuple[Lesson | None, int]]:
    """Active learners grouped by the furthest lesson they completed (None: none yet), in course order."""
    rows: list[tuple[Lesson | None, int]] = [(None, stops[0])] if stops.get(0) else []
    return rows + [(lesson, stops[lesson.pk]) for lesson in lessons if stops.get(lesson.pk)]


def _missed_questions(counts: dict[str, dict[int, int]]) -> list[MissedQuestion]:
    """The five questions most often answered wrong, each with its most chosen wrong choice. Two queries."""
    answered, missed_counts = counts[InsightCount.Kind.QUESTION_ANSWERED], counts[InsightCount.Kind.QUESTION_MISSED]
    ranked = sorted(
        (question_id for question_id, n in missed_counts.items() if n), key=lambda q: (-missed_counts[q], q)
    )
    top = ranked[:5]
    if not top:
        return []
    questions = {q.pk: q for q in Question.objects.filter(pk__in=top).select_related("quiz")}
    wrong = counts[InsightCount.Kind.WRONG_CHOICE]
    best: dict[int, tuple[int, str]] = {}  # question: (times picked, text) of its most picked wrong choice
    for choice_id, question_id, text in (
        Choice.objects.filter(question_id__in=top).order_by("pk").values_list("pk", "question_id", "text")
    ):
        if wrong.get(choice_id, 0) > best.get(question_id, (0, ""))[0]:
            best[question_id] = (wrong[choice_id], text)
    missed = []
    for question_id in top:
        question = questions.get(question_id)
        if question is None:
            continue  # deleted since it was counted
        n, text = best.get(question_id, (0, ""))
        missed.append(
            MissedQuestion(
                question_id=question_id,
                text=question.text,
                quiz_title=question.quiz.title,
                missed=missed_counts[question_id],
                answered=answered.get(question_id, 0),
                wrong_choice=text,
                wrong_choice_count=n,
            )
        )
    return missed


# --- Counting ahead ---------------------------------------------------------------------------


def _day(through: str = ""):
    """The day of enrolment, in the site's time zone (the page's date range is in days)."""
    return TruncDate(f"{through}enrolled_at", tzinfo=timezone.get_default_timezone())


def _furthest(course: Course, lessons: list[Lesson]) -> list[InsightCount]:
    """Active learners per day of enrolment and furthest lesson completed (key 0: none yet)."""
    furthest = (
        Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE)
        .annotate(
            day=_day(),
            last=Max(
                F("lesson_completions__lesson__module__position") * ORDER_STEP
                + F("lesson_completions__lesson__position")
            ),
        )
        .values("day", "last")
    )
    inner, params = furthest.query.sql_with_params()
    with connection.cursor() as cursor:
        # Grouping by an aggregate needs a derived table; plain SQL that every database reads.
        sql = f"SELECT furthest.day, furthest.last, COUNT(*) FROM ({inner}) AS furthest GROUP BY 1, 2"  # noqa: S608  # Django's own SQL, bound parameters
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_place = {lesson.module.position * ORDER_STEP + lesson.position: lesson.pk for lesson in lessons}
    counts: dict[tuple[date, int], int] = defaultdict(int)
    for day, last, n in rows:
        if isinstance(day, str):  # SQLite hands the day back as text from the derived table
            day = date.fromisoformat(day)
        key = 0 if last is None else by_place.get(last)
        if key is not None:
            counts[(day, key)] += n
    return [
        InsightCount(course=course, enrolled_on=day, kind=InsightCount.Kind.STOP, key=key, count=n)
        for (day, key), n in counts.items()
    ]


def course_insights_count(*, course: Course) -> InsightsCounted:
    """Count the course's figures per day of enrolment (InsightCount rows) from every learner's
    rows, replacing the previous count. Grouped reads, then one short transaction."""
    now = timezone.now()
    kind = InsightCount.Kind
    rows: list[InsightCount] = []

    def add(queryset, **kinds: str) -> None:
        for row in queryset:
            rows.extend(
                InsightCount(course=course, enrolled_on=row["day"], kind=kinds[name], key=row["key"], count=row[name])
                for name in kinds
                if row[name]
            )

    add(
        LessonCompletion.objects.filter(enrollment__course=course)
        .values(day=_day("enrollment__"), key=F("lesson_id"))
        .annotate(n=Count("pk")),
        n=kind.LESSON_COMPLETED,
    )
    add(
        QuizAttempt.objects.filter(enrollment__course=course, submitted_at__isnull=False)
        .values(day=_day("enrollment__"), key=F("quiz_id"))
        .annotate(
            taken=Count("enrollment_id", distinct=True),
            passed_count=Count("enrollment_id", filter=Q(passed=True), distinct=True),
            first_try=Count("enrollment_id", filter=Q(passed=True, number=1), distinct=True),
        ),
        taken=kind.QUIZ_TAKEN,
        passed_count=kind.QUIZ_PASSED,
        first_try=kind.QUIZ_FIRST_TRY,
    )
    answers = QuizAnswer.objects.filter(attempt__enrollment__course=course)
    add(
        answers.filter(index=0)
        .values(day=_day("attempt__enrollment__"), key=F("question_id"))
        .annotate(answered=Count("pk"), missed=Count("pk", filter=Q(correct=False))),
        answered=kind.QUESTION_ANSWERED,
        missed=kind.QUESTION_MISSED,
    )
    add(
        answers.filter(choice_correct=False, choice__isnull=False)
        .values(day=_day("attempt__enrollment__"), key=F("choice_id"))
        .annotate(n=Count("pk")),
        n=kind.WRONG_CHOICE,
    )
    lessons = list(Lesson.objects.filter(module__course=course).select_related("module"))
    rows += _furthest(course, lessons)
    with transaction.atomic():
        # The row lock makes two counts of one course take turns.
        counted, _ = InsightsCounted.objects.update_or_create(course=course, defaults={"counted_at": now})
        InsightCount.objects.filter(course=course).delete()
        InsightCount.objects.bulk_create(rows, batch_size=5000)
    return counted


def courses_insights_due(*, now: datetime) -> QuerySet[Course]:
    """Courses whose counts are older than INSIGHTS_COUNT_SECONDS and whose learners did something
    since (enrolled, were active, completed or cancelled), or which were never counted.

    The latest of those times per course comes from one pass over the enrolments, grouped by
    course. No index holds the four times (an index on the activity time would make every recorded
    activity write index entries), so the EXISTS per course with the four times ORed that this
    replaces scanned enrolments course by course: 166-227 ms at scale 1 against 13-18 ms now,
    230-369 ms against 86-91 ms at scale 10 (docs/benchmarks.md, "Insights beat").
    """
    stale = now - timedelta(seconds=settings.INSIGHTS_COUNT_SECONDS)
    counted = dict(InsightsCounted.objects.values_list("course_id", "counted_at"))
    enrolled_at = F("enrolled_at")
    latest = Greatest(
        enrolled_at,  # never empty; the others default to it (SQLite's MAX(...) is NULL with any NULL)
        Coalesce("last_activity_at", enrolled_at),
        Coalesce("completed_at", enrolled_at),
        Coalesce("cancelled_at", enrolled_at),
    )
    changes = (
        Enrollment.objects.order_by().values("course").annotate(latest=Max(latest)).values_list("course", "latest")
    )
    due = [
        course_id
        for course_id, changed_at in changes
        if (counted_at := counted.get(course_id)) is None or (counted_at < stale and changed_at >= counted_at)
    ]
    return Course.objects.filter(pk__in=due).order_by("pk")


def learner_progress_rows(*, course: Course, start: date, end: date):
    """One row per learner of the cohort for the CSV: counts done, read in one query, streamed."""
    lessons_total = Lesson.objects.filter(module__course=course).count()
    quizzes_total = Quiz.objects.filter(lesson__module__course=course).count()
    challenges_total = Challenge.objects.filter(course=course).count()
    items_total = lessons_total + quizzes_total + challenges_total

    def count(queryset, column: str):
        rows = queryset.order_by().values("enrollment").annotate(n=Count(column, distinct=True)).values("n")
        return Subquery(rows, output_field=IntegerField())

    enrollments = (
        cohort(course=course, start=start, end=end)
        .select_related("user")
        .annotate(
            lessons_done=count(LessonCompletion.objects.filter(enrollment=OuterRef("pk")), "lesson"),
            quizzes_passed=count(QuizAttempt.objects.filter(enrollment=OuterRef("pk"), passed=True), "quiz"),
            challenges_answered=count(ChallengeResponse.objects.filter(enrollment=OuterRef("pk")), "challenge"),
            has_certificate=Exists(Enrollment.objects.filter(pk=OuterRef("pk"), certificate__isnull=False)),
        )
        .order_by("enrolled_at", "pk")
    )
    yield [
        "email",
        "name",
        "enrolled_at",
        "status",
        "lessons_done",
        "quizzes_passed",
        "challenges_answered",
        "percent",
        "last_activity_at",
    ]
    for enrollment in enrollments.iterator(chunk_size=2000):
        lessons_done = enrollment.lessons_done or 0
        quizzes_passed = enrollment.quizzes_passed or 0
        challenges = enrollment.challenges_answered or 0
        done = lessons_done + quizzes_passed + challenges
        yield [
            enrollment.user.email,
            enrollment.user.name,
            enrollment.enrolled_at.isoformat(),
            enrollment.status,
            lessons_done,
            quizzes_passed,
            challenges,
            done * 100 // items_total if items_total else 0,
            enrollment.last_activity_at.isoformat() if enrollment.last_activity_at else "",
        ]
