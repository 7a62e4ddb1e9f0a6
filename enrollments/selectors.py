from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, cast

from django.conf import settings
from django.db import connection, connections, router
from django.db.models import DateTimeField, QuerySet

from courses.models import Course
from lessons.models import Question, Quiz

from .models import (
    Certificate,
    ChallengeResponse,
    EmailLog,
    Enrollment,
    LessonCompletion,
    QuizAttempt,
    QuizExtraAttempts,
)
from .plans import CoursePlan, course_content_prefetches, course_plans_get
from .progress import Progress, progress_compute

__all__ = ["course_content_prefetches"]  # imported from here by the email code


def _with_progress_data(qs: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    """The enrolment with its course and certificate; what the learner has done comes from
    enrollment_progress_attach (one query for a whole page), the course's plan from the shared
    cache (enrollments.plans)."""
    return qs.select_related("course", "certificate")


def _done_ids_sql(count: int) -> str:
    """(enrolment id, kind, item id) rows: 0 a completed lesson, 1 a passed quiz, 2 an answered challenge."""
    quote = connection.ops.quote_name
    ids = ", ".join(["%s"] * count)
    # A completion is unique per lesson; a quiz may be passed and a challenge answered many times.
    parts = [
        (LessonCompletion, "", "0", "lesson_id", ""),
        (QuizAttempt, "DISTINCT ", "1", "quiz_id", f" AND {quote('passed')}"),
        (ChallengeResponse, "DISTINCT ", "2", "challenge_id", ""),
    ]
    selects = []
    for model, distinct, kind, column, extra in parts:
        # Table and column names from the models, the ids bound as parameters.
        what = f"{distinct}{quote('enrollment_id')}, {kind}, {quote(column)} FROM {quote(model._meta.db_table)}"
        selects.append(f"SELECT {what} WHERE {quote('enrollment_id')} IN ({ids}){extra}")
    return " UNION ALL ".join(selects)


def _done_ids_load(enrollment_ids: list[int]) -> dict[int, tuple[set[int], set[int], set[int]]]:
    """(completed lesson ids, passed quiz ids, answered challenge ids) per enrolment, in one query.

    Plain rows from plain SQL: a learner with ten enrolments has hundreds of completions, and
    building a model instance for each through prefetch_related was most of the enrolment list's
    time; compiling the ORM's union of three querysets was a third of what was left.
    """
    done: dict[int, tuple[set[int], set[int], set[int]]] = {pk: (set(), set(), set()) for pk in enrollment_ids}
    if not enrollment_ids:
        return done
    with connection.cursor() as cursor:
        cursor.execute(_done_ids_sql(len(enrollment_ids)), enrollment_ids * 3)
        for enrollment_id, kind, item_id in cursor.fetchall():
            done[enrollment_id][kind].add(item_id)
    return done


def enrollment_progress_attach(enrollments: Sequence[Enrollment]) -> Sequence[Enrollment]:
    """Attach what progress needs to a page of enrolments: their courses' plans in one cache round
    trip, what the learner has done in one query (else a few per enrolment)."""
    plans = course_plans_get(e.course_id for e in enrollments)
    done = _done_ids_load([e.pk for e in enrollments])
    for enrollment in enrollments:
        enrollment.course_plan = plans[enrollment.course_id]  # type: ignore[attr-defined]
        enrollment.done_ids = done[enrollment.pk]  # type: ignore[attr-defined]
    return enrollments


def enrollment_list_for_user(*, user) -> QuerySet[Enrollment]:
    """The user's own enrolments (never anyone else's), newest first, ready for progress."""
    return _with_progress_data(Enrollment.objects.filter(user=user)).order_by("-enrolled_at", "-id")


# --- The enrolment list: one page in one statement, compiled once per process ----------------


class EnrollmentListRow(NamedTuple):
    """What the enrolment list shows of one enrolment, and what its progress needs.

    The times are aware datetimes, or (`utc_text`) already the text DRF writes for them in UTC. The
    done ids are text, as the database wrote them (CoursePlan.progress_by_text reads them so).
    """

    id: int
    course_id: int
    course_slug: str
    course_title: str
    status: str
    source: str
    enrolled_at: datetime | str
    last_activity_at: datetime | str | None
    completed_at: datetime | str | None
    cancelled_at: datetime | str | None
    certificate_code: str | None
    certificate_issued_at: datetime | str | None
    done_ids: tuple[set[str], set[str], set[str]]  # completed lessons, passed quizzes, answered challenges


@dataclass(frozen=True)
class EnrollmentListPage:
    count: int  # all of the learner's enrolments, not only this page's
    rows: list[EnrollmentListRow]


@dataclass(frozen=True)
class _PageRead:
    sql: str
    converters: list[tuple[int, list, Any]]  # (column, converter functions, expression)


_page_reads: dict[tuple[str, bool], _PageRead] = {}

# (model, field) of the page's columns in EnrollmentListRow's order, up to the certificate's.
_PAGE_COLUMNS = (
    (Enrollment, "id"),
    (Enrollment, "course"),
    (Course, "slug"),
    (Course, "title"),
    (Enrollment, "status"),
    (Enrollment, "source"),
    (Enrollment, "enrolled_at"),
    (Enrollment, "last_activity_at"),
    (Enrollment, "completed_at"),
    (Enrollment, "cancelled_at"),
    (Certificate, "code"),
    (Certificate, "issued_at"),
)
_ID, _ENROLLED_AT = 0, 6  # positions in _PAGE_COLUMNS


def _utc_iso_text(column: str) -> str:
    """PostgreSQL: a UTC timestamp (without zone) as DRF's DateTimeField writes it in UTC: Python's
    isoformat (the microseconds only when there are some) with "Z" for the zone."""
    # One to_char, its microseconds dropped when they are all zeros: 1.4% fewer of PostgreSQL's
    # instructions for the enrolment list than a second to_char behind a date_trunc comparison.
    return f"""replace(to_char({column}, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '.000000Z', 'Z')"""


def _page_read_compile(alias: str, utc_text: bool) -> _PageRead:
    """The page's SQL and its columns' converters, built from the models once per process and database.

    One statement answers the whole list: the page of enrolments (newest first) with their course and
    certificate, the number of all the learner's enrolments (a window over the same rows, so no COUNT
    query on any page), and what the learner has done in each enrolment of the page (completed
    lessons, passed quizzes, answered challenges) as comma-separated ids. Reading this through the ORM
    (select_related, only(), a model instance per row) and a second query for the done items was
    over half of the enrolment list's CPU.
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = {Enrollment: "e", Course: "c", Certificate: "t"}
    postgresql = connection.vendor == "postgresql"
    # PostgreSQL: timestamps read as UTC without a zone. psycopg's loading of a timestamptz in the
    # connection's zone (through Django's loader, in Python) cost about 18,000 instructions a value,
    # as much as the rest of the query's reading together.
    in_utc = postgresql and settings.USE_TZ

    def col(model, name: str) -> str:
        return f"{tables[model]}.{quote(model._meta.get_field(name).column)}"

    def is_datetime(model, name: str) -> bool:
        return isinstance(model._meta.get_field(name), DateTimeField)

    names = [f"c{pos}" for pos in range(len(_PAGE_COLUMNS))]
    inner = ", ".join(
        f"({col(model, name)} AT TIME ZONE 'UTC') AS {n}"
        if in_utc and is_datetime(model, name)
        else f"{col(model, name)} AS {n}"
        for (model, name), n in zip(_PAGE_COLUMNS, names, strict=True)
    )
    # Table and column names from the models; the user, the page size and the offset bound as parameters.
    enrollment_id, course_id = col(Enrollment, "id"), col(Enrollment, "course")
    page = (
        f"SELECT {inner}, COUNT(*) OVER () AS total"  # noqa: S608
        f" FROM {quote(Enrollment._meta.db_table)} e"
        f" INNER JOIN {quote(Course._meta.db_table)} c ON c.{quote(Course._meta.pk.column)} = {course_id}"
        f" LEFT OUTER JOIN {quote(Certificate._meta.db_table)} t ON {col(Certificate, 'enrollment')} = {enrollment_id}"
        f" WHERE {col(Enrollment, 'user')} = %s"
        f" ORDER BY {col(Enrollment, 'enrolled_at')} DESC, {enrollment_id} DESC LIMIT %s OFFSET %s"
    )

    def ids(model, name: str, *, where: str = "") -> str:
        column = f"d.{quote(model._meta.get_field(name).column)}"
        # SQLite's GROUP_CONCAT is comma-separated too.
        agg = f"STRING_AGG(CAST({column} AS text), ',')" if postgresql else f"GROUP_CONCAT({column})"
        owner = f"d.{quote(model._meta.get_field('enrollment').column)}"
        return f"(SELECT {agg} FROM {quote(model._meta.db_table)} d WHERE {owner} = p.{names[_ID]}{where})"  # noqa: S608

    # A quiz may be passed and a challenge answered more than once: the ids are read into sets
    # (_text_ids), so a repeat is harmless and no DISTINCT is needed. A DISTINCT aggregate sorts each
    # enrolment's rows: it was 7% of PostgreSQL's instructions for a page of 10 enrolments.
    passed = quote(QuizAttempt._meta.get_field("passed").column)
    done = [
        ids(LessonCompletion, "lesson"),
        ids(QuizAttempt, "quiz", where=f" AND d.{passed}"),
        ids(ChallengeResponse, "challenge"),
    ]
    outer = [
        _utc_iso_text(f"p.{n}") if utc_text and is_datetime(model, name) else f"p.{n}"
        for (model, name), n in zip(_PAGE_COLUMNS, names, strict=True)
    ]
    sql = (
        f"SELECT {', '.join(outer)}, p.total, {', '.join(done)}"  # noqa: S608
        f" FROM ({page}) p ORDER BY p.{names[_ENROLLED_AT]} DESC, p.{names[_ID]} DESC"
    )
    converters = []
    for pos, (model, name) in enumerate(_PAGE_COLUMNS):
        expression = cast(Any, model._meta.get_field(name)).get_col(tables[model])
        if in_utc and is_datetime(model, name):
            functions: list = [] if utc_text else [_utc_aware]
        else:
            functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if functions:
            converters.append((pos, functions, expression))
    return _PageRead(sql, converters)


def _utc_aware(value, expression, connection):
    return None if value is None else value.replace(tzinfo=UTC)


def _text_ids(joined: str | None) -> set[str]:
    return set(joined.split(",")) if joined else set()


# Beyond this the offset no longer fits the database's integers: no learner has that many enrolments.
_OFFSET_MAX = 2**62


def enrollment_page_get(*, user, limit: int, offset: int, utc_text: bool = False) -> EnrollmentListPage:
    """A page of the user's own enrolments (never anyone else's), newest first, with what progress
    needs, and the number of all their enrolments: one query.

    `utc_text`: on PostgreSQL, the times come as the text DRF writes for them in UTC (the caller says
    when that is the answer's format); else, and on other databases, as aware datetimes. An offset
    past the last enrolment gives no rows and a count of 0.
    """
    if offset >= _OFFSET_MAX:
        return EnrollmentListPage(0, [])
    alias = router.db_for_read(Enrollment)
    connection = connections[alias]
    key = (alias, utc_text and connection.vendor == "postgresql" and settings.USE_TZ)
    compiled = _page_reads.get(key)
    if compiled is None:
        compiled = _page_reads[key] = _page_read_compile(*key)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, [user.pk, limit, offset])
        fetched = cursor.fetchall()
    if not fetched:
        return EnrollmentListPage(0, [])
    split = len(_PAGE_COLUMNS)
    converters = compiled.converters
    rows = []
    for raw in fetched:
        values = list(raw[:split])
        for pos, functions, expression in converters:
            for convert in functions:
                values[pos] = convert(values[pos], expression, connection)
        lessons, quizzes, challenges = raw[split + 1 :]
        done = (_text_ids(lessons), _text_ids(quizzes), _text_ids(challenges))
        rows.append(EnrollmentListRow(*values, done))  # type: ignore[call-arg]
    return EnrollmentListPage(fetched[0][split], rows)


def enrollment_get_for_user(*, user, enrollment_id: int) -> Enrollment:
    """One of the user's enrolments; Enrollment.DoesNotExist for anyone else's."""
    return enrollment_list_for_user(user=user).get(pk=enrollment_id)


def enrollment_progress(*, enrollment: Enrollment) -> Progress:
    """Progress of an enrolment: no queries after enrollment_progress_attach, one query and one
    cache round trip without it."""
    if not hasattr(enrollment, "done_ids"):
        enrollment_progress_attach([enrollment])
    plan: CoursePlan = cast(Any, enrollment).course_plan
    lesson_ids, quiz_ids, challenge_ids = cast(Any, enrollment).done_ids
    return progress_compute(
        plan=plan, completed_lesson_ids=lesson_ids, passed_quiz_ids=quiz_ids, answered_challenge_ids=challenge_ids
    )


def enrollment_progress_fresh(*, enrollment_id: int) -> tuple[Enrollment, Progress]:
    """Reload an enrolment with its progress data (for services deciding on completion)."""
    enrollment = _with_progress_data(Enrollment.objects.filter(pk=enrollment_id)).get()
    return enrollment, enrollment_progress(enrollment=enrollment)


def certificate_get_by_code(*, code: str) -> Certificate:
    return Certificate.objects.select_related("course").get(code=code)


def challenge_response_list_for_user(*, user, challenge_id: int) -> QuerySet[ChallengeResponse]:
    """The user's own responses to one challenge, newest first."""
    return ChallengeResponse.objects.filter(enrollment__user=user, challenge_id=challenge_id).select_related(
        "enrollment", "challenge"
    )


# --- Learner support (instructors, from the admin) ---------------------------------------------


@dataclass
class AttemptView:
    attempt: QuizAttempt
    answers: list[tuple[str, list[str], bool | None]]  # (question, chosen choices, answered correctly)


@dataclass
class LearnerSupport:
    learner: Any
    enrollments: list[tuple[Enrollment, Progress]]
    attempts: list[AttemptView]
    responses: list[ChallengeResponse]
    emails: list[EmailLog]
    extra_attempts: list[QuizExtraAttempts]
    limited_quizzes: list[Quiz] = field(default_factory=list)  # quizzes an extra attempt can be granted at


def enrollments_taught_by(*, user) -> QuerySet[Enrollment]:
    """Enrolments in the courses `user` teaches (every enrolment for a superuser)."""
    enrollments = Enrollment.objects.all()
    return enrollments if user.is_superuser else enrollments.filter(course__instructors=user)


def learner_support_get(*, instructor, learner) -> LearnerSupport:
    """What an instructor sees of one learner: only enrolments in courses they teach, with progress,
    graded attempts and their answers, challenge responses, and the emails the platform sent."""
    enrollments = list(
        _with_progress_data(enrollments_taught_by(user=instructor).filter(user=learner)).order_by("-enrolled_at")
    )
    enrollment_progress_attach(enrollments)
    ids = [enrollment.pk for enrollment in enrollments]
    attempts = list(
        QuizAttempt.objects.filter(enrollment_id__in=ids)
        .select_related("quiz__lesson__module__course")
        .order_by("-started_at", "-id")
    )
    questions = Question.objects.filter(quiz_id__in={a.quiz_id for a in attempts}).prefetch_related("choices")
    question_by_id = {question.pk: question for question in questions}
    course_ids = [enrollment.course_id for enrollment in enrollments]
    return LearnerSupport(
        learner=learner,
        enrollments=[(enrollment, enrollment_progress(enrollment=enrollment)) for enrollment in enrollments],
        attempts=[AttemptView(attempt, _answers_read(attempt, question_by_id)) for attempt in attempts],
        responses=list(ChallengeResponse.objects.filter(enrollment_id__in=ids).select_related("challenge__course")),
        emails=list(EmailLog.objects.filter(user=learner).order_by("-created_at", "-id")[:100]) if ids else [],
        extra_attempts=list(QuizExtraAttempts.objects.filter(enrollment_id__in=ids).select_related("quiz")),
        limited_quizzes=list(
            Quiz.objects.filter(lesson__module__course_id__in=course_ids, max_attempts__isnull=False)
            .select_related("lesson__module__course")
            .order_by("lesson__module__course__title", "lesson__module__position", "lesson__position")
        ),
    )


def _answers_read(attempt: QuizAttempt, question_by_id: dict) -> list[tuple[str, list[str], bool | None]]:
    """An attempt's answers as (question text, chosen choice texts, correct) in the quiz's order."""
    correct = {result.get("question"): result.get("correct") for result in attempt.results if isinstance(result, dict)}
    rows = []
    for question_id, chosen in attempt.answers.items():
        question = question_by_id.get(int(question_id))
        if question is None:
            continue  # deleted since the attempt
        texts = {choice.pk: choice.text for choice in question.choices.all()}
        rows.append(
            (question.text, [texts.get(choice, "(deleted choice)") for choice in chosen], correct.get(int(question_id)))
        )
    return rows
