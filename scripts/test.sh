#!/usr/bin/env bash
# Runs the whole suite. PostgreSQL when DATABASE_URL is set or a local server answers,
# SQLite otherwise; the first line says which.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
LOCAL_PG=postgres://postgres@127.0.0.1:5432/courseplatform

if [ -z "${DATABASE_URL:-}" ] && $PY - <<'PYEOF' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
PYEOF
then
  export DATABASE_URL=$LOCAL_PG
fi

case "${DATABASE_URL:-}" in
  postgres*) echo "Tests run on PostgreSQL (${DATABASE_URL%%\?*})" ;;
  "") echo "Tests run on SQLite (no DATABASE_URL and no PostgreSQL answering on 127.0.0.1:5432)" ;;
  *) echo "Tests run on ${DATABASE_URL%%:*}" ;;
esac
exec $PY -m pytest "$@"
