"""How enrolments and attempts are stored on PostgreSQL (enrollments migrations 0013-0015): recording
activity is a HOT update, the course's enrolments are found through (course_id, status), pages keep
room for updates, attempts' JSON is compressed with lz4."""

import pytest
from django.db import connection
from django.utils import timezone

from enrollments.models import Enrollment, QuizAttempt
from enrollments.services import enrollment_activity_record, enrollment_cancel, enrollment_create
from lessons.attempt_rows import enrollment_touch_locked

from .factories import CourseFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage"),
]


def _updates() -> tuple[int, int]:
    """The enrolment table's updates and HOT updates so far in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relid = %s::regclass",
            [Enrollment._meta.db_table],
        )
        return cursor.fetchone()


def _updates_during(action) -> tuple[int, int]:
    before = _updates()
    action()
    after = _updates()
    return after[0] - before[0], after[1] - before[1]


@pytest.fixture
def enrollment():
    enrollment, _ = enrollment_create(user=UserFactory(), course=CourseFactory())
    return enrollment


def test_the_quiz_submissions_lock_records_activity_as_a_hot_update(enrollment):
    touch = lambda: enrollment_touch_locked(now=timezone.now(), pk=enrollment.pk)  # noqa: E731
    assert _updates_during(touch) == (1, 1)


def test_a_lesson_completion_records_activity_as_a_hot_update(enrollment):
    assert _updates_during(lambda: enrollment_activity_record(enrollment=enrollment)) == (1, 1)


def test_a_status_change_is_not_a_hot_update(enrollment):
    # status is indexed: the counters above can tell the two kinds apart
    assert _updates_during(lambda: enrollment_cancel(enrollment=enrollment)) == (1, 0)


def test_a_courses_enrolments_by_status_are_read_through_an_index(enrollment):
    query = Enrollment.objects.filter(course_id=enrollment.course_id, status=Enrollment.Status.COMPLETED).values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test's few rows would be read in one page
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "enrollment_course_status" in plan
    assert "course_id =" in plan and "status)::text = 'completed'" in plan, plan


def test_enrolment_pages_keep_room_for_activity_updates():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [Enrollment._meta.db_table])
        assert cursor.fetchone()[0] == ["fillfactor=90"]


def test_an_attempts_json_is_compressed_with_lz4():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attcompression FROM pg_attribute WHERE attrelid = %s::regclass AND attcompression <> ''",
            [QuizAttempt._meta.db_table],
        )
        assert dict(cursor.fetchall()) == {"answers": "l", "results": "l", "order": "l"}
