#!/usr/bin/env bash
# `make bench`: the weekly digest for BENCH_LEARNERS (default 100,000) generated learners,
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
  for pidfile in "$WORK"/worker.pid "$WORK"/sink.pid; do
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

echo "bench: $LEARNERS learners; PostgreSQL database $DB_NAME, Redis $REDIS_URL; report -> $OUTPUT"
admin "SELECT 1" || { echo "bench: PostgreSQL does not answer at $PG_URL" >&2; exit 2; }
flush_redis || { echo "bench: Redis does not answer at $REDIS_URL" >&2; exit 2; }
trap cleanup INT TERM EXIT
admin "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
admin "CREATE DATABASE $DB_NAME"
$PY -m bench.run
