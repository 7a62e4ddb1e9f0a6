"""Course insights for instructors: aggregate reads only, a fixed number of queries whatever the
number of learners (the admin's insights page and its CSV).

The cohort is the course's enrolments made in the chosen date range; every figure is about it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from courses.models import Challenge, Course
from lessons.models import Choice, Lesson, Question, Quiz, QuizAnswer

from .models import ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt

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
    lessons = list(
        Lesson.objects.filter(module__course=course)
        .select_related("module")
        .annotate(place=F("module__position") * ORDER_STEP + F("position"))
        .order_by("module__position", "position")
    )
    through = in_cohort(course=course, start=start, end=end, through="enrollment__")
    reached = dict(
        LessonCompletion.objects.filter(through)
        .values("lesson_id")
        .annotate(n=Count("pk"))
        .values_list("lesson_id", "n")
    )
    insights.funnel = [(lesson, reached.get(lesson.pk, 0)) for lesson in lessons]
    insights.quizzes = _quizzes(course, through)
    insights.missed = _missed_questions(
        course, in_cohort(course=course, start=start, end=end, through="attempt__enrollment__")
    )
    insights.commitments = _commitments(course, through, today=timezone.localdate())
    insights.stops = _stops(enrollments, lessons)
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


def _quizzes(course: Course, through: Q) -> list[tuple[Quiz, int, int, int]]:
    counts = {
        row["quiz_id"]: row
        for row in QuizAttempt.objects.filter(through, submitted_at__isnull=False)
        .values("quiz_id")
        .annotate(
            took=Count("enrollment_id", distinct=True),
            passed_count=Count("enrollment_id", filter=Q(passed=True), distinct=True),
            first_try=Count("enrollment_id", filter=Q(passed=True, number=1), distinct=True),
        )
    }
    quizzes = Quiz.objects.filter(lesson__module__course=course).order_by(
        "lesson__module__position", "lesson__position"
    )
    empty = {"took": 0, "passed_count": 0, "first_try": 0}
    return [
        (
            quiz,
            counts.get(quiz.pk, empty)["took"],
            counts.get(quiz.pk, empty)["passed_count"],
            counts.get(quiz.pk, empty)["first_try"],
        )
        for quiz in quizzes
    ]


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


def _stops(enrollments: QuerySet[Enrollment], lessons: list) -> list[tuple[Lesson | None, int]]:
    """Active learners grouped by the furthest lesson they completed (None: none yet)."""
    furthest = (
        enrollments.filter(status=Enrollment.Status.ACTIVE)
        .annotate(
            last=Max(
                F("lesson_completions__lesson__module__position") * ORDER_STEP
                + F("lesson_completions__lesson__position")
            )
        )
        .values("last")
    )
    inner, params = furthest.query.sql_with_params()
    with connection.cursor() as cursor:
        # Grouping by an aggregate needs a derived table; plain SQL that every database reads.
        sql = f"SELECT furthest.last, COUNT(*) FROM ({inner}) AS furthest GROUP BY furthest.last"  # noqa: S608  # Django's own SQL, bound parameters
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_place = {lesson.place: lesson for lesson in lessons}
    stops = [(by_place.get(last) if last is not None else None, n) for last, n in rows]
    order = {lesson.pk: index for index, lesson in enumerate(lessons)}
    return sorted(stops, key=lambda stop: -1 if stop[0] is None else order.get(stop[0].pk, 0))


def _missed_questions(course: Course, through: Q) -> list[MissedQuestion]:
    """The five questions most often answered wrong, each with its most chosen wrong choice: two
    grouped counts of the answer rows (lessons.models.QuizAnswer), then the texts. Four queries."""
    answers = QuizAnswer.objects.filter(through)
    top = list(
        answers.filter(index=0)
        .values("question_id")
        .annotate(missed=Count("pk", filter=Q(correct=False)), answered=Count("pk"))
        .filter(missed__gt=0)
        .order_by("-missed", "question_id")
        .values_list("question_id", "missed", "answered")[:5]
    )
    if not top:
        return []
    wrong = (
        answers.filter(question_id__in=[question_id for question_id, _m, _a in top], choice_correct=False)
        .exclude(choice=None)
        .values("question_id", "choice_id")
        .annotate(n=Count("pk"))
        .values_list("question_id", "choice_id", "n")
    )
    best: dict[int, tuple[int, int]] = {}
    for question_id, choice_id, n in wrong.order_by("question_id", "-n", "choice_id"):
        best.setdefault(question_id, (choice_id, n))  # the most chosen; on a tie, the older choice
    questions = {q.pk: q for q in Question.objects.filter(pk__in=[t[0] for t in top]).select_related("quiz")}
    choice_texts = dict(Choice.objects.filter(pk__in=[c for c, _n in best.values()]).values_list("pk", "text"))
    missed = []
    for question_id, missed_count, answered in top:
        question = questions.get(question_id)
        if question is None:
            continue  # deleted since
        choice_id, n = best.get(question_id, (0, 0))
        missed.append(
            MissedQuestion(
                question_id=question_id,
                text=question.text,
                quiz_title=question.quiz.title,
                missed=missed_count,
                answered=answered,
                wrong_choice=choice_texts.get(choice_id, ""),
                wrong_choice_count=n,
            )
        )
    return missed


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
