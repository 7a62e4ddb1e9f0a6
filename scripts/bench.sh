#!/usr/bin/env bash
# `make bench`: three parts, BENCH_PARTS="email api insights" by default.
#
# api: gunicorn on PostgreSQL loaded by `manage.py generate_data --scale $BENCH_API_SCALE` (1 by
# default), wrk and hey pinned to the other core; see bench/api.py for its settings. Appends its
# results to docs/benchmarks.md. Needs Debian's wrk and hey (installed here if missing, as root).
#
# insights: the admin's insights page of one course with BENCH_INSIGHTS_ENROLMENTS (100,000) learners,
# timed in-process (bench/insights.py); appends its results to docs/benchmarks.md.
#
# email: the weekly digest for BENCH_LEARNERS (default 100,000) generated learners,
# sent by a real Celery worker (prefork, 2 processes) to an SMTP sink on loopback, and the
# same digests in one process through locmem as the floor. Writes docs/benchmarks.md.
#
# Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_PG_URL, BENCH_REDIS_URL). Creates and drops
# its own database, flushes its own Redis database, and stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

LEARNERS=${BENCH_LEARNERS:-100000}
PG_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${BENCH_DB_NAME:-courseplatform_bench}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}
WORK=var/bench
if [ "$LEARNERS" = 100000 ]; then
  OUTPUT=${BENCH_OUTPUT:-docs/benchmarks.md}
else
  OUTPUT=${BENCH_OUTPUT:-$WORK/benchmarks-$LEARNERS.md}
fi

export DJANGO_SETTINGS_MODULE=courseplatform.settings.bench
export DATABASE_URL="$PG_URL/$DB_NAME"
export CELERY_BROKER_URL="$REDIS_URL"
export BENCH_LEARNERS="$LEARNERS" BENCH_OUTPUT="$OUTPUT" BENCH_WORK_DIR="$WORK"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1
mkdir -p "$WORK"

admin() {  # run SQL on the maintenance database, without the bench database existing
  $PY - "$PG_URL/postgres" "$1" <<'PYEOF'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=5) as conn:
    conn.execute(sys.argv[2])
PYEOF
}
flush_redis() {
  $PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=5).flushdb()" "$REDIS_URL"
}

cleanup() {
  trap - INT TERM EXIT
  # bench/run.py stops the worker and the sink it starts; if it was killed, stop them here by the
  # process-group ids it recorded.
  for pidfile in "$WORK"/worker.pid "$WORK"/sink.pid "$WORK"/gunicorn.pid; do
    if [ -f "$pidfile" ]; then
      kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
      sleep 2
      kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    fi
  done
  if [ -z "${BENCH_KEEP_DB:-}" ]; then
    admin "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" || true
  fi
  flush_redis || true
}

PARTS=${BENCH_PARTS:-email api insights}
API_DB_NAME=${BENCH_API_DB_NAME:-courseplatform_bench_api}
INSIGHTS_DB_NAME=${BENCH_INSIGHTS_DB_NAME:-courseplatform_bench_insights}

insights_part() {
  if [ -z "${BENCH_KEEP_DB:-}" ]; then
    admin "DROP DATABASE IF EXISTS $INSIGHTS_DB_NAME WITH (FORCE)"
  fi
  admin "CREATE DATABASE $INSIGHTS_DB_NAME" 2>/dev/null || echo "bench: reusing database $INSIGHTS_DB_NAME (BENCH_KEEP_DB)"
  DATABASE_URL="$PG_URL/$INSIGHTS_DB_NAME" $PY manage.py migrate --verbosity 0
  DATABASE_URL="$PG_URL/$INSIGHTS_DB_NAME" $PY -m bench.insights
  if [ -z "${BENCH_KEEP_DB:-}" ]; then
    admin "DROP DATABASE IF EXISTS $INSIGHTS_DB_NAME WITH (FORCE)" || true
  fi
}

api_part() {
  for tool in wrk hey; do
    if ! command -v "$tool" >/dev/null; then
      echo "bench: installing Debian's $tool"
      apt-get install -y -q "$tool" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; }
    fi
  done
  if [ -z "${BENCH_KEEP_DB:-}" ]; then
    admin "DROP DATABASE IF EXISTS $API_DB_NAME WITH (FORCE)"
  fi
  admin "CREATE DATABASE $API_DB_NAME" 2>/dev/null || echo "bench: reusing database $API_DB_NAME (BENCH_KEEP_DB)"
  # The shared cache of production (CACHE_URL=redis://...), emptied first.
  export CACHE_URL=${BENCH_API_CACHE_URL:-redis://127.0.0.1:6379/12}
  $PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=5).flushdb()" "$CACHE_URL"
  DATABASE_URL="$PG_URL/$API_DB_NAME" $PY manage.py migrate --verbosity 0
  DATABASE_URL="$PG_URL/$API_DB_NAME" $PY -m bench.api
  if [ -z "${BENCH_KEEP_DB:-}" ]; then
    admin "DROP DATABASE IF EXISTS $API_DB_NAME WITH (FORCE)" || true
  fi
}

case " $PARTS " in
  *" api "*) ;;
  *) API_SKIP=1 ;;
esac
case " $PARTS " in
  *" insights "*) ;;
  *) INSIGHTS_SKIP=1 ;;
esac
case " $PARTS " in
  *" email "*) ;;
  *)
    admin "SELECT 1" || { echo "bench: PostgreSQL does not answer at $PG_URL" >&2; exit 2; }
    trap 'kill -TERM -- "-$(cat "$WORK/gunicorn.pid" 2>/dev/null)" 2>/dev/null || true' INT TERM EXIT
    [ -n "${API_SKIP:-}" ] || api_part
    [ -n "${INSIGHTS_SKIP:-}" ] || insights_part
    exit 0
    ;;
esac

echo "bench: $LEARNERS learners; PostgreSQL database $DB_NAME, Redis $REDIS_URL; report -> $OUTPUT"
admin "SELECT 1" || { echo "bench: PostgreSQL does not answer at $PG_URL" >&2; exit 2; }
flush_redis || { echo "bench: Redis does not answer at $REDIS_URL" >&2; exit 2; }
trap cleanup INT TERM EXIT
admin "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
admin "CREATE DATABASE $DB_NAME"
$PY -m bench.run
[ -n "${API_SKIP:-}" ] || api_part
[ -n "${INSIGHTS_SKIP:-}" ] || insights_part
