"""Fixtures that run the real things: an SMTP server, Redis, Celery worker processes.

The worker processes use courseplatform.settings.e2e against the PostgreSQL test database
this session created (the tests are transactional, so what they write is committed and
visible to the worker). This process publishes to the same broker through the project's
Celery app, re-pointed from the eager test setup for the duration of a test.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from django.db import connection
from kombu import pools

from .smtp import SMTPServer, free_port

ROOT = Path(__file__).resolve().parents[2]
# A DB number of its own on the shared Redis; flushed at the start of every test.
REDIS_URL = os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/13")


def wait_for(condition: Callable[[], object], *, timeout: float, interval: float = 0.05, message: str = ""):
    """Poll until `condition()` is truthy and return its value; fail the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {message or condition}")
        time.sleep(interval)


@pytest.fixture
def e2e_db(transactional_db) -> str:
    """The name of the test database, which the worker processes are pointed at."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "end-to-end email tests need PostgreSQL: a worker process cannot share the SQLite test "
            "database (set DATABASE_URL=postgres://...; CI does)"
        )
    return connection.settings_dict["NAME"]


@pytest.fixture
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_broker() -> str:
    """The shared Redis, on a DB number of its own, emptied. Fails (never skips) if Redis is down."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"end-to-end tests need Redis at {REDIS_URL} (E2E_REDIS_URL): {exc}")
    client.flushdb()
    client.close()
    return REDIS_URL


class PrivateRedis:
    """A redis-server of the test's own on a free port, that it can stop and start again."""

    def __init__(self, log: Path):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("the Redis outage test needs the redis-server binary on PATH")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # No persistence: a restart loses every queued task, as an unconfigured Redis does.
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                assert self.process.poll() is None, f"redis-server exited: {self.log.read_text()[-2000:]}"
                return False

        wait_for(answers, timeout=10, message="the private redis-server to answer")
        client.close()

    def busy(self) -> int:
        """Messages queued or delivered to a worker and not yet acknowledged (kombu's Redis keys)."""
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        try:
            return client.llen("celery") + client.hlen("unacked")
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path / "redis.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def publish_to():
    """Point this process's Celery app at a real broker (not eager) until the test ends."""
    from courseplatform.celery import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}

    def drop_connections() -> None:
        pools.reset()  # closes and forgets every kombu connection and producer pool
        app._pool = None
        app.amqp._producer_pool = None

    def point(url: str) -> None:
        drop_connections()
        app.conf.update(broker_url=url, task_always_eager=False)

    yield point
    drop_connections()
    app.conf.update(saved)


class Worker:
    """One `celery worker` process group (the main process and its prefork children)."""

    def __init__(self, *, db_name: str, broker_url: str, smtp_url: str, log: Path, concurrency: int = 2):
        self.log = log
        self.concurrency = concurrency
        env = {k: v for k, v in os.environ.items() if k not in {"EMAIL_BACKEND", "VAR_DIR"}}
        env.update(
            DJANGO_SETTINGS_MODULE="courseplatform.settings.e2e",
            E2E_DATABASE_NAME=db_name,
            CELERY_BROKER_URL=broker_url,
            CELERY_TASK_ALWAYS_EAGER="false",
            EMAIL_URL=smtp_url,
        )
        command = [
            sys.executable, "-m", "celery", "-A", "courseplatform", "worker",
            "-P", "prefork", "--concurrency", str(concurrency), "--loglevel", "INFO",
            "-n", f"e2e-{uuid.uuid4().hex[:8]}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self.started_at = time.monotonic()
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.pgid = self.process.pid  # a session of its own: the group holds the pool's children too

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_text()[-chars:]

    def wait_ready(self, timeout: float = 30) -> float:
        """Wait for the worker to consume; return how long it took to start."""

        def ready() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"the celery worker exited with {self.process.returncode}:\n{self.log_tail()}")
            return " ready." in self.log_text()

        wait_for(ready, timeout=timeout, interval=0.1, message="the celery worker to start")
        return time.monotonic() - self.started_at

    def kill(self) -> None:
        """SIGKILL to the main process and its children at once, like a crashed machine."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._wait_group_gone()

    def stop(self) -> None:
        """Teardown. The test is over and nothing is left to finish: a warm shutdown would cost ~3 s."""
        self.kill()

    def _signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, sig)

    def _wait_group_gone(self, timeout: float = 5) -> None:
        # Orphaned pool children die with their database connections; zombies hold neither.
        deadline = time.monotonic() + timeout
        while _live_processes_in_group(self.pgid) and time.monotonic() < deadline:
            time.sleep(0.05)


def _live_processes_in_group(pgid: int) -> int:
    """Processes of the group that are not zombies (Linux /proc; elsewhere ask the kernel)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return 0
        return 1
    live = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            live += 1
    return live


@pytest.fixture
def start_worker(e2e_db, smtp, tmp_path):
    """start_worker(broker_url) -> a ready Worker; every worker is stopped when the test ends."""
    workers: list[Worker] = []

    def start(broker_url: str, *, concurrency: int = 2, wait: bool = True) -> Worker:
        log = tmp_path / f"worker-{len(workers) + 1}.log"
        worker = Worker(db_name=e2e_db, broker_url=broker_url, smtp_url=smtp.url, log=log, concurrency=concurrency)
        workers.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()
