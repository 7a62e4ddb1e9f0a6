"""Recording a learner's activity becomes a HOT update (no index entries written), and two indexes
that repeated the start of another go.

- enrollment_status_activity (status, last_activity_at) made every UPDATE of last_activity_at (each
  quiz submission, a lesson completion once a minute) write an entry into every index of the
  table. Replaced by (course_id, status), which serves the admin dashboard's counts per course and
  the status filters, and starts with course_id, so the foreign key's own index goes too.
- The attempts' index on enrollment_id is the start of the unique (enrollment_id, quiz_id, number).

Only indexes change, built and dropped CONCURRENTLY on PostgreSQL so that the tables stay
writable (hence a non-atomic migration). The foreign keys are left as they are: Django's
AlterField would drop and re-add them, re-checking every row, for a change of index only.
"""

from django.db import migrations, models

NEW = ("enrollment_course_status", "enrollments_enrollment", ("course_id", "status"))
OLD = (
    ("enrollment_status_activity", "enrollments_enrollment", ("status", "last_activity_at")),
    ("enrollments_enrollment_course_id_c54c9325", "enrollments_enrollment", ("course_id",)),
    ("enrollments_quizattempt_enrollment_id_a4d6434d", "enrollments_quizattempt", ("enrollment_id",)),
)


def _create(schema_editor, name, table, columns):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX{concurrently} {quote(name)} ON {quote(table)} ({', '.join(quote(c) for c in columns)})"
    )


def _drop(schema_editor, name):
    concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX{concurrently} {schema_editor.quote_name(name)}")


def forwards(apps, schema_editor):
    _create(schema_editor, *NEW)  # before the old ones go: the course's reads always have an index
    for name, _table, _columns in OLD:
        _drop(schema_editor, name)


def backwards(apps, schema_editor):
    for index in OLD:
        _create(schema_editor, *index)
    _drop(schema_editor, NEW[0])


class Migration(migrations.Migration):
    atomic = False  # CREATE / DROP INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("courses", "0003_weekday_drip_and_report_question"),
        ("enrollments", "0012_email_change_notice"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.RemoveIndex(model_name="enrollment", name="enrollment_status_activity"),
                migrations.AlterField(
                    model_name="enrollment",
                    name="course",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.PROTECT,
                        related_name="enrollments",
                        to="courses.course",
                    ),
                ),
                migrations.AlterField(
                    model_name="quizattempt",
                    name="enrollment",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="quiz_attempts",
                        to="enrollments.enrollment",
                    ),
                ),
                migrations.AddIndex(
                    model_name="enrollment",
                    index=models.Index(fields=["course", "status"], name="enrollment_course_status"),
                ),
            ],
        ),
    ]
