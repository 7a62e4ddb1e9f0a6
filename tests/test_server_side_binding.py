"""DATABASE_SERVER_SIDE_BINDING: psycopg's server-side binding and prepared statements on PostgreSQL.

The setting is wired as Django and psycopg read it (a statement is prepared on its connection once
it ran the threshold's number of times), and the project's plain-SQL reads answer the same with
either binding, prepared or not.
"""

import datetime as dt
import runpy
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import Model
from django.utils import timezone
from knox.models import AuthToken

from accounts.authentication import token_with_user_get
from enrollments.access import lesson_progress_read
from enrollments.insights import _furthest
from enrollments.models import ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt
from enrollments.outline import outline_lesson_states
from enrollments.selectors import enrollment_page_get, enrollment_progress_attach
from lessons.attempt_rows import attempts_state_get, enrollment_touch_locked
from lessons.models import Lesson
from teams.models import TeamEnrollmentOutcome, TeamMembership
from teams.selectors import team_progress

from .conftest import statements_bound
from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory
from .teams_helpers import team_with_members

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side binding is PostgreSQL's"),
]

BASE_SETTINGS = Path(__file__).resolve().parent.parent / "courseplatform" / "settings" / "base.py"


def _database_settings(monkeypatch, **environment) -> dict:
    """DATABASES["default"] as courseplatform/settings/base.py makes it from this environment."""
    monkeypatch.delenv("DATABASE_SERVER_SIDE_BINDING", raising=False)
    monkeypatch.delenv("DATABASE_PREPARE_THRESHOLD", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))["DATABASES"]["default"]


def _prepared_after(options: dict, runs: int) -> list[str]:
    """The statements prepared on a new connection made with these OPTIONS (to the test database)
    after it ran the outline's enrolment read `runs` times."""
    from enrollments.outline import _enrollment_and_done_sql

    wrapper = type(connections["default"])
    other = wrapper({**connection.settings_dict, "OPTIONS": options}, alias="binding_check")
    try:
        with other.cursor() as cursor:
            for _ in range(runs):
                cursor.execute(_enrollment_and_done_sql(other), [1, 1, "active", "completed"])
                cursor.fetchall()
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [statement for (statement,) in cursor.fetchall()]
    finally:
        other.close()


def test_on_by_default_a_statement_is_prepared_once_it_ran_five_times(monkeypatch):
    options = _database_settings(monkeypatch)["OPTIONS"]

    assert options == {"server_side_binding": True, "prepare_threshold": 5}
    assert _prepared_after(options, 5) == []
    [prepared] = _prepared_after(options, 6)
    assert "enrollments_enrollment" in prepared
    assert "$4" in prepared  # the values were bound on the server


def test_off_statements_are_never_prepared(monkeypatch):
    options = _database_settings(monkeypatch, DATABASE_SERVER_SIDE_BINDING="false").get("OPTIONS", {})

    assert "server_side_binding" not in options
    assert _prepared_after(options, 8) == []


def test_threshold_none_binds_on_the_server_and_prepares_nothing(monkeypatch):
    environment = {"DATABASE_SERVER_SIDE_BINDING": "true", "DATABASE_PREPARE_THRESHOLD": "none"}
    options = _database_settings(monkeypatch, **environment)["OPTIONS"]

    assert options == {"server_side_binding": True, "prepare_threshold": None}
    assert _prepared_after(options, 8) == []


# --- the plain-SQL reads answer the same with either binding ---------------------------------------


def _plain(value):
    """Model instances as their loaded field values (a model's == compares only primary keys)."""
    if isinstance(value, Model):
        return (type(value).__name__, {k: _plain(v) for k, v in vars(value).items() if not k.startswith("_")})
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def _each_binding(read):
    """What `read()` returns with client-side binding, with server-side binding (first run, which
    prepares every statement) and again (running them prepared)."""
    answers = []
    with statements_bound("client", None):
        answers.append(_plain(read()))
    with statements_bound("server", 0):
        answers.append(_plain(read()))
        answers.append(_plain(read()))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] > 0, "nothing was prepared: the connection was not switched"
    return answers


@pytest.fixture
def history():
    """A learner in two courses (one enrolment active, one completed): lessons completed, a quiz
    passed and one failed, a challenge answered."""
    learner = UserFactory()
    now = timezone.now()
    made = []
    for i in range(2):
        course = CourseFactory(drip_mode="daily")
        module = ModuleFactory(course=course, position=0)
        lessons = [LessonFactory(module=module, position=n, unlock_after=n) for n in range(3)]
        quizzes = [QuizFactory(lesson=lesson) for lesson in lessons[:2]]
        challenge = ChallengeFactory(course=course, number=1)
        enrollment = Enrollment.objects.create(
            user=learner,
            course=course,
            enrolled_at=now - dt.timedelta(days=5 + i, microseconds=i * 1234),
            status=Enrollment.Status.COMPLETED if i else Enrollment.Status.ACTIVE,
            last_activity_at=None if i else now,
            completed_at=now if i else None,
        )
        for lesson in lessons[: 2 + i]:
            LessonCompletion.objects.create(enrollment=enrollment, lesson=lesson, completed_at=now)
        QuizAttempt.objects.create(
            enrollment=enrollment, quiz=quizzes[0], number=1, passed=True, started_at=now, submitted_at=now
        )
        QuizAttempt.objects.create(
            enrollment=enrollment, quiz=quizzes[1], number=1, passed=False, started_at=now, submitted_at=now
        )
        ChallengeResponse.objects.create(
            enrollment=enrollment, challenge=challenge, due_on=now.date() - dt.timedelta(days=i), created_at=now
        )
        made.append((course, lessons, quizzes, enrollment))
    return learner, made


def test_the_token_read_answers_the_same(history):
    learner, _ = history
    token, _ = AuthToken.objects.create(learner)

    found, *again = _each_binding(lambda: token_with_user_get(digest=token.digest))
    assert found == again[0] == again[1]
    assert found[1]["digest"] == token.digest
    assert _each_binding(lambda: token_with_user_get(digest="0" * 128)) == [None, None, None]


def test_the_outline_and_completion_reads_answer_the_same(history):
    learner, made = history
    now = timezone.now()
    for course, lessons, _, _ in made:
        states, *again = _each_binding(
            lambda c=course, ls=lessons: outline_lesson_states(course=c, user=learner, now=now, lessons=ls)
        )
        assert states == again[0] == again[1]
        assert any(completed for *_, completed in states)
        for lesson in lessons:
            read, *again = _each_binding(lambda pk=lesson.pk: lesson_progress_read(user=learner, lesson_id=pk))
            assert read == again[0] == again[1]
            assert read["enrollment"] is not None


@pytest.mark.parametrize("utc_text", [False, True])
def test_the_enrolment_list_reads_answer_the_same(history, utc_text):
    learner, made = history

    page, *again = _each_binding(lambda: enrollment_page_get(user=learner, limit=10, offset=0, utc_text=utc_text))
    assert page == again[0] == again[1]
    assert page["count"] == 2
    enrollments = [enrollment for *_, enrollment in made]
    done, *again = _each_binding(lambda: [e.done_ids for e in enrollment_progress_attach(enrollments)])
    assert done == again[0] == again[1]
    assert done[0][0]  # lessons completed


def test_the_quiz_submission_reads_answer_the_same(history):
    learner, made = history
    course, _, quizzes, enrollment = made[0]

    state, *again = _each_binding(lambda: attempts_state_get(enrollment_id=enrollment.pk, quiz_id=quizzes[0].pk))
    assert state == again[0] == again[1]
    assert state["passed"] is True
    now = timezone.now()
    touched, *again = _each_binding(lambda: enrollment_touch_locked(now=now, user_id=learner.pk, course_id=course.pk))
    assert touched == again[0] == again[1]
    assert touched[1]["last_activity_at"] == now


def test_team_progress_and_insights_answer_the_same(history):
    learner, made = history
    team, _ = team_with_members(n_members=0)
    TeamMembership.objects.create(team=team, user=learner, role="member")
    for course, *_, enrollment in made:
        TeamEnrollmentOutcome.objects.create(
            team=team, course=course, user=learner, enrollment=enrollment, result="already_enrolled"
        )
    rows, *again = _each_binding(lambda: team_progress(team=team))
    assert rows == again[0] == again[1]
    assert len(rows) == 2

    course, lessons, *_ = made[0]
    lessons = list(Lesson.objects.filter(pk__in=[lesson.pk for lesson in lessons]).select_related("module"))
    counts, *again = _each_binding(lambda: _furthest(course, lessons))
    assert counts == again[0] == again[1]
    assert counts
