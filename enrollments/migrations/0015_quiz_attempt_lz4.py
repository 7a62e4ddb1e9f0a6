"""An attempt's JSON columns compressed with lz4 instead of pglz, where the server has lz4.

A graded attempt's row (10 questions: results ~2.3 kB as jsonb) is over PostgreSQL's 2 kB TOAST
threshold, so every submission compresses `results` in the INSERT: pglz cost ~170,000
instructions of the backend, lz4 a fraction of it (quiz submission 3.59M -> 3.44M backend
instructions, callgrind). The row stays inline (1,460 bytes with pglz, 1,532 with lz4).

Only the column's setting changes (no rewrite; existing values stay pglz and are read as they
are). PostgreSQL 14+ built with lz4; on a server without it, or on SQLite, nothing changes.
"""

from django.db import NotSupportedError, migrations, transaction

TABLE = "enrollments_quizattempt"
COLUMNS = ("answers", "results", "order")


def _compression(schema_editor, method):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    alter = ", ".join(f"ALTER COLUMN {quote(column)} SET COMPRESSION {method}" for column in COLUMNS)
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(f"ALTER TABLE {quote(TABLE)} {alter}")
    except NotSupportedError:  # a server built without lz4: pglz stays
        pass


def forwards(apps, schema_editor):
    _compression(schema_editor, "lz4")


def backwards(apps, schema_editor):
    _compression(schema_editor, "DEFAULT")  # default_toast_compression, as before


class Migration(migrations.Migration):
    dependencies = [("enrollments", "0014_enrollment_fillfactor")]

    operations = [migrations.RunPython(forwards, backwards)]
