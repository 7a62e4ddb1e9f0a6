"""The project's Celery app, plus per-task measurements for the benchmark's worker.

    celery -A bench.celery_app worker --concurrency 2

Each worker process counts the SQL queries of every task with a connection execute
wrapper and appends one JSON line per task (queries, emails, seconds, RSS, and the CPU of
the task's PostgreSQL backend) to $BENCH_TASK_LOG_DIR/tasks-<pid>.jsonl. Nothing else
changes: the tasks are the project's.

Celery's Django fixup closes the database connection before and after every task (unless
CELERY_DB_REUSE_MAX is set), so each task has a backend of its own; its CPU is read here,
before the fixup's handler (connected later, at worker start) closes it.
"""

import json
import os
import time

from celery.signals import task_postrun, task_prerun
from django.db import connection

from bench.proc import cpu_seconds, status_kb
from courseplatform.celery import app

__all__ = ["app"]

_state: dict = {}


def _count(execute, sql, params, many, context):
    _state["queries"] += 1
    return execute(sql, params, many, context)


@task_prerun.connect
def _started(task_id=None, task=None, args=None, **kwargs):
    _state.update(queries=0, started=time.perf_counter(), emails=len(args[0]) if args else 0)
    connection.execute_wrappers.append(_count)


@task_postrun.connect
def _finished(task_id=None, task=None, retval=None, **kwargs):
    if _count in connection.execute_wrappers:
        connection.execute_wrappers.remove(_count)
    backend_pid = backend_cpu = None
    if connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
            backend_cpu = cpu_seconds(backend_pid)
    memory = status_kb(os.getpid())
    line = {
        "task": task.name,
        "pid": os.getpid(),
        "queries": _state.get("queries", 0),
        "emails": _state.get("emails", 0),
        "seconds": round(time.perf_counter() - _state.get("started", time.perf_counter()), 4),
        "result": retval if isinstance(retval, dict) else None,
        "backend_pid": backend_pid,
        "backend_cpu": backend_cpu,  # the backend's CPU so far (it may serve several tasks)
        "rss_kb": memory.get("VmRSS"),
        "hwm_kb": memory.get("VmHWM"),
    }
    folder = os.environ.get("BENCH_TASK_LOG_DIR")
    if folder:
        with open(os.path.join(folder, f"tasks-{os.getpid()}.jsonl"), "a") as f:
            f.write(json.dumps(line) + "\n")
