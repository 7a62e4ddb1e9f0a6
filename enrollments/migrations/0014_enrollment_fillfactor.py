"""Room on every enrolment page for its rows' activity updates, so that they stay HOT updates.

With no index on last_activity_at (0013) an activity update can be HOT, but only when the new
row version fits on the row's own page. Pages filled to 100% have no room: 3,000 random
enrolments updated once each on the scale-1 data gave 2 HOT updates (and 2 again on a second
pass); laid out at fillfactor 90, 3,000 of 3,000 and then 20,000 of 20,000, the table 11% larger.

PostgreSQL only (SQLite has no fillfactor). ALTER TABLE ... SET (fillfactor) takes a SHARE UPDATE
EXCLUSIVE lock (reads and writes go on) and rewrites nothing: it applies to pages filled from now
on, so an existing table gains the room as its rows move (or at once with a rewrite at a quiet
time, which this migration does not do).
"""

from django.db import migrations

TABLE = "enrollments_enrollment"


def _fillfactor(schema_editor, value):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(TABLE)
    if value is None:
        schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")
    else:
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {int(value)})")


def forwards(apps, schema_editor):
    _fillfactor(schema_editor, 90)


def backwards(apps, schema_editor):
    _fillfactor(schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0013_enrollment_activity_hot")]

    operations = [migrations.RunPython(forwards, backwards)]
