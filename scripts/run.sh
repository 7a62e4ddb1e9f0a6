#!/usr/bin/env bash
# The embedded default: SQLite under var/, no services needed. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}
export DJANGO_DEBUG=${DJANGO_DEBUG:-true}
export SITE_URL=${SITE_URL:-http://127.0.0.1:$PORT}
PY=.venv/bin/python
mkdir -p var

$PY manage.py migrate --noinput -v0
$PY manage.py load_content
$PY manage.py create_demo_users
if [ "$DJANGO_DEBUG" = true ]; then
  # Simulated learners (once) so that the admin's course insights have something to show.
  $PY manage.py simulate_learners
fi

pids=()
cleanup() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped."
}
trap cleanup INT TERM EXIT

$PY manage.py runserver "127.0.0.1:$PORT" --noreload &
pids+=($!)
# The Celery worker and beat, on the embedded filesystem broker under var/broker/ unless
# CELERY_BROKER_URL says otherwise. Email goes to var/outbox/ unless EMAIL_URL is set.
.venv/bin/celery -A courseplatform worker --loglevel "${CELERY_LOG_LEVEL:-warning}" --concurrency 2 &
pids+=($!)
.venv/bin/celery -A courseplatform beat --loglevel "${CELERY_LOG_LEVEL:-warning}" &
pids+=($!)

cat <<MSG

  API docs:  http://127.0.0.1:$PORT/api/v1/docs/
  Schema:    http://127.0.0.1:$PORT/api/v1/schema/
  Catalogue: http://127.0.0.1:$PORT/api/v1/courses/
  Admin:     http://127.0.0.1:$PORT/admin/
  Outbox:    var/outbox/ (progress emails, one file per message)

  Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
