"""A quiz submission's reads and writes as plain SQL, written once from the models' names.

A submission is a short locked transaction: the learner's enrolment (locked, its activity
recorded, read for the access check), what their attempts at the quiz say (last number, passed,
open attempt, extra attempts granted), then the attempt and its answer rows. Building these
statements through the ORM on every request cost more CPU than everything else the request did;
the SQL only depends on the models, so it is put together here once per database vendor from
their table and column names, every value a bound parameter, and the values are prepared by the
model fields themselves (`get_db_prep_save`), as the ORM would. PostgreSQL and SQLite.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model

from enrollments.access import db_datetime
from enrollments.models import Enrollment, QuizAttempt, QuizExtraAttempts

from .models import QuizAnswer

OPEN_STATUSES = (Enrollment.Status.ACTIVE.value, Enrollment.Status.COMPLETED.value)
# The enrolment fields the access check reads (enrollments.access), returned by the lock, in the
# model's order (Model.from_db takes them so).
_ENROLLMENT_FIELDS = tuple(
    f.attname
    for f in Enrollment._meta.concrete_fields
    if f.attname in {"id", "user_id", "course_id", "status", "enrolled_at", "timezone", "last_activity_at"}
)
_ENROLLMENT_DATETIMES = tuple(i for i, name in enumerate(_ENROLLMENT_FIELDS) if name.endswith("_at"))
_ANSWER_FIELDS = ("attempt_id", "question_id", "choice_id", "index", "correct", "choice_correct")


def _db():
    """The default database's connection object: `django.db.connection` is a proxy that looks it up
    again on every attribute read, a cost the statements below paid two dozen times a submission."""
    return connections[DEFAULT_DB_ALIAS]


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[Model]) -> str:
    return _q(model._meta.db_table)


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):  # pragma: no cover - only concrete fields are asked for
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _column(model: type[Model], name: str) -> str:
    return _q(_field(model, name).column)


@cache
def _enrollment_touch_sql(vendor: str, by_pk: bool) -> str:
    where = (
        f"{_q('id')} = %s"
        if by_pk
        else f"{_q('user_id')} = %s AND {_q('course_id')} = %s AND {_q('status')} IN (%s, %s)"
    )
    returning = ", ".join(_q(name) for name in _ENROLLMENT_FIELDS)
    return f"UPDATE {_table(Enrollment)} SET {_q('last_activity_at')} = %s WHERE {where} RETURNING {returning}"  # noqa: S608


def enrollment_touch_locked(*, now: datetime, user_id=None, course_id=None, pk=None) -> Enrollment | None:
    """Inside a transaction: lock the learner's open (active or completed) enrolment in the course,
    or the enrolment `pk`, for the rest of the transaction and set its last activity to `now`, in one
    UPDATE. Returns it with the fields the access check reads (the others deferred), or None.

    The UPDATE's row lock serialises this learner's attempts at the course's quizzes like
    SELECT ... FOR UPDATE did, and it is the activity record that followed every submission.
    """
    if pk is not None:
        params = [now, pk]
    elif user_id is None:
        return None
    else:
        params = [now, user_id, course_id, *OPEN_STATUSES]
    db = _db()
    params[0] = _field(Enrollment, "last_activity_at").get_db_prep_save(now, db)
    with db.cursor() as cursor:
        cursor.execute(_enrollment_touch_sql(db.vendor, pk is not None), params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index in _ENROLLMENT_DATETIMES:
        values[index] = None if values[index] is None else db_datetime(values[index])
    return Enrollment.from_db(db.alias, _ENROLLMENT_FIELDS, values)


@dataclass(frozen=True)
class AttemptsState:
    """What one enrolment's attempts at one quiz say, read under the enrolment's lock."""

    last_number: int  # 0: no attempt yet
    open_attempt_id: int | None  # the newest attempt when it is not submitted yet
    passed: bool  # any attempt passed
    extra_attempts: int  # granted by an instructor on top of the quiz's limit


@cache
def _attempts_state_sql(vendor: str) -> str:
    attempts, extra = _table(QuizAttempt), _table(QuizExtraAttempts)
    mine = f"{_q('enrollment_id')} = %s AND {_q('quiz_id')} = %s"
    newest = f"FROM {attempts} WHERE {mine} ORDER BY {_q('number')} DESC LIMIT 1"
    # The two reads of the newest attempt are one probe each of the (enrolment, quiz, number)
    # unique index, however many attempts there are.
    return (
        f"SELECT (SELECT {_q('number')} {newest}), "  # noqa: S608
        f"(SELECT CASE WHEN {_q('submitted_at')} IS NULL THEN {_q('id')} END {newest}), "
        f"EXISTS(SELECT 1 FROM {attempts} WHERE {mine} AND {_q('passed')} = %s), "
        f"(SELECT {_q('extra')} FROM {extra} WHERE {mine})"
    )


def attempts_state_get(*, enrollment_id: int, quiz_id: int) -> AttemptsState:
    """One read of what the enrolment's attempts at the quiz say, after locking the enrolment (a
    statement of its own, so that it sees every attempt committed before the lock was granted).

    The open attempt is looked for in the newest only: attempts are made under that lock, and only
    when no attempt is open (lessons.services), so an open attempt is always the newest.
    """
    mine = [enrollment_id, quiz_id]
    db = _db()
    with db.cursor() as cursor:
        cursor.execute(_attempts_state_sql(db.vendor), [*mine, *mine, *mine, True, *mine])
        last, open_id, passed, extra = cursor.fetchone()
    return AttemptsState(last or 0, open_id, bool(passed), extra or 0)


_ANSWER_COLUMNS = ("question_id", "choice_id", "index", "correct", "choice_correct")  # and attempt_id


def _attempt_fields():
    return [f for f in QuizAttempt._meta.concrete_fields if not f.primary_key]


@lru_cache(maxsize=64)
def _insert_sql(vendor: str, model: type[Model], names: tuple[str, ...], rows: int, returning: bool) -> str:
    columns = ", ".join(_column(model, name) for name in names)
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    sql = f"INSERT INTO {_table(model)} ({columns}) VALUES {', '.join([one] * rows)}"  # noqa: S608
    if returning:
        sql += f" RETURNING {_q(model._meta.pk.column)}"
    return sql


def _answer_values_sql(names: tuple[str, ...]) -> str:
    """PostgreSQL: the answer rows' columns from one jsonb parameter, an array of rows (`answer`,
    each an array of values in the order of `names`). One parameter the standard library's C
    encoder writes, where an array per column made psycopg walk every value in Python."""
    fields = [_field(QuizAnswer, name) for name in names]
    return ", ".join(f"(answer->>{index})::{field.db_type(connection)}" for index, field in enumerate(fields))


@cache
def _attempt_with_answers_sql(vendor: str) -> str:
    """PostgreSQL: the attempt and its answer rows in one statement (the rows take the attempt's
    id from the attempt's INSERT)."""
    attempt_columns = ", ".join(_q(f.column) for f in _attempt_fields())
    values = ", ".join(["%s"] * len(_attempt_fields()))
    answer_columns = ", ".join(_column(QuizAnswer, name) for name in _ANSWER_COLUMNS)
    pk = _q(QuizAttempt._meta.pk.column)
    return (
        f"WITH attempt AS (INSERT INTO {_table(QuizAttempt)} ({attempt_columns}) VALUES ({values}) RETURNING {pk}), "  # noqa: S608
        f"answers AS (INSERT INTO {_table(QuizAnswer)} ({_q('attempt_id')}, {answer_columns}) "
        f"SELECT attempt.{pk}, {_answer_values_sql(_ANSWER_COLUMNS)} FROM attempt, jsonb_array_elements(%s) AS answer) "
        f"SELECT {pk} FROM attempt"
    )


def quiz_attempt_insert(attempt: QuizAttempt, *, answer_rows: list[tuple]) -> None:
    """INSERT a new attempt and its answer rows (tuples of lessons.models.quiz_answer_values) and set
    its pk: `attempt.save(force_insert=True)` (no signals are connected to attempts) and
    `quiz_answer_rows_insert`, without building the statements each time; on PostgreSQL one
    statement for both."""
    db = _db()
    fields = _attempt_fields()
    params = [f.get_db_prep_save(getattr(attempt, f.attname), db) for f in fields]
    with db.cursor() as cursor:
        if db.vendor == "postgresql" and answer_rows:
            cursor.execute(
                _attempt_with_answers_sql(db.vendor),
                [*params, db.ops.adapt_json_value(answer_rows, None)],
            )
            pk = cursor.fetchone()[0]
            answer_rows = []
        elif db.features.can_return_columns_from_insert:
            names = tuple(f.attname for f in fields)
            cursor.execute(_insert_sql(db.vendor, QuizAttempt, names, 1, True), params)
            pk = cursor.fetchone()[0]
        else:  # pragma: no cover - PostgreSQL and SQLite 3.35+ return it
            names = tuple(f.attname for f in fields)
            cursor.execute(_insert_sql(db.vendor, QuizAttempt, names, 1, False), params)
            pk = db.ops.last_insert_id(cursor, QuizAttempt._meta.db_table, QuizAttempt._meta.pk.column)
    attempt.pk = pk
    attempt._state.adding = False
    attempt._state.db = db.alias
    quiz_answer_rows_insert(attempt_id=pk, rows=answer_rows)


@cache
def _answer_rows_insert_sql(vendor: str) -> str:
    columns = ", ".join(_column(QuizAnswer, name) for name in _ANSWER_FIELDS)
    return (
        f"INSERT INTO {_table(QuizAnswer)} ({columns}) "  # noqa: S608
        f"SELECT {_answer_values_sql(_ANSWER_FIELDS)} FROM jsonb_array_elements(%s) AS answer"
    )


def quiz_answer_rows_insert(*, attempt_id: int, rows: list[tuple]) -> None:
    """INSERT an attempt's answer rows (tuples of lessons.models.quiz_answer_values) in one
    statement: on PostgreSQL one jsonb parameter however many rows, elsewhere in as few statements
    as the database takes parameters for."""
    if not rows:
        return
    # Ids, small integers, booleans and None: values every backend takes as they are.
    rows = [(attempt_id, *row) for row in rows]
    db = _db()
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(_answer_rows_insert_sql(db.vendor), [db.ops.adapt_json_value(rows, None)])
            return
        fields = [_field(QuizAnswer, name) for name in _ANSWER_FIELDS]
        size = max(1, db.ops.bulk_batch_size(fields, rows))
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = [value for row in batch for value in row]
            cursor.execute(_insert_sql(db.vendor, QuizAnswer, _ANSWER_FIELDS, len(batch), False), params)
