"""Run the weekly-digest benchmark; scripts/bench.sh sets up the services and calls this.

Phases: generate learners -> record the due digests with the real finder -> send them with a
real Celery worker (prefork, 2 processes) to an SMTP sink on loopback -> put the rows back to
pending -> the floors: the same digests in one process through locmem. Results go to
$BENCH_RESULTS (JSON) and the Markdown report to $BENCH_OUTPUT.
"""

import contextlib
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.mail import get_connection  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import proc  # noqa: E402
from bench.data import generate  # noqa: E402
from bench.report import write_report  # noqa: E402
from enrollments.emails.render import Skip, batch_data_load, email_message_build  # noqa: E402
from enrollments.emails.sending import email_batch_send, emails_pending_batches, emails_record_due  # noqa: E402
from enrollments.models import EmailLog  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", ROOT / "var" / "bench"))
KIND = EmailLog.Kind.WEEKLY_DIGEST
STALL_SECONDS = 60
SAMPLE_SECONDS = 10


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


def mb(kb: int | None) -> float | None:
    return None if kb is None else round(kb / 1024, 1)


def marks_for(total: int) -> list[int]:
    """The counts at which memory is recorded: a tenth, a half and all of it (10k/50k/100k)."""
    return sorted({max(1, total // 10), max(1, total // 2), total})


class CpuClock:
    """Machine-wide CPU utilisation over a block, from /proc/stat."""

    def __enter__(self):
        self.start, self.started = proc.machine_busy_seconds(), time.monotonic()
        return self

    def __exit__(self, *exc):
        busy = proc.machine_busy_seconds() - self.start
        self.utilisation = round(100 * busy / ((time.monotonic() - self.started) * os.cpu_count()), 1)


def postgres_pids(*, shared: bool) -> list[int]:
    """PostgreSQL processes: this script's session and autovacuum on the benchmark database, or
    (shared=True) the ones that serve no database (WAL writer, checkpointer, ...). The workers'
    sessions are counted by the workers themselves (bench/celery_app.py)."""
    sql = (
        "SELECT pid FROM pg_stat_activity WHERE datname IS NULL"
        if shared
        else "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND (pid = pg_backend_pid() OR backend_type = 'autovacuum worker')"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


def pids_named(name: str) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == name:
                        out.append(int(entry))
            except OSError:
                continue
    return out


# --- services started by this script ------------------------------------------------------


def start(name: str, argv: list[str], env: dict) -> subprocess.Popen:
    log = open(WORK / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(  # noqa: S603 - our own argv
        argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT
    )
    (WORK / f"{name}.pid").write_text(str(proc.pid))
    return proc


def stop(name: str, proc: subprocess.Popen | None, grace: float = 20) -> None:
    """SIGTERM the process group we started, then SIGKILL whatever is left of it."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    (WORK / f"{name}.pid").unlink(missing_ok=True)


def sink_status(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {what}")


# --- phases -----------------------------------------------------------------------------------


def phase_generate(learners: int, instant: datetime) -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_content", verbosity=0)
    say(f"generating {learners:,} learners (bulk_create, chunks of 5,000)")
    started = time.perf_counter()
    step = max(learners // 10, 5000)

    def progress(done: int) -> None:
        if done % step == 0 or done == learners:
            say(f"  {done:,}/{learners:,} learners")

    counts = generate(learners=learners, instant=instant, progress=progress)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    say(f"generated in {counts['seconds']} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items() if k != "zones"))
    return counts


def phase_record(learners: int, instant: datetime) -> dict:
    # Every generated learner is due at `instant`: their hour is the local hour then, and the
    # digest weekday is that day.
    settings.EMAIL_WEEKLY_DIGEST_WEEKDAY = instant.weekday()
    started = time.perf_counter()
    due = emails_record_due(now=instant, kinds=[KIND])
    seconds = time.perf_counter() - started
    pending = EmailLog.objects.filter(kind=KIND, status=EmailLog.Status.PENDING).count()
    periods = sorted({d.period for d in due})
    say(f"finder recorded {pending:,} pending digests ({', '.join(periods)}) in {seconds:.1f} s")
    if pending != learners:
        raise RuntimeError(f"expected {learners} due digests, the finder recorded {pending}")
    return {"due": len(due), "pending": pending, "periods": periods, "seconds": round(seconds, 2)}


def phase_smtp(learners: int, concurrency: int, sink_impl: str) -> dict:
    status_path = WORK / "sink.json"
    status_path.unlink(missing_ok=True)
    task_dir = WORK / "tasks"
    task_dir.mkdir(exist_ok=True)
    for old in task_dir.glob("*.jsonl"):
        old.unlink()
    env = dict(os.environ)
    sink = worker = None
    try:
        sink = start(
            "sink", [sys.executable, "-m", "bench.sink", "--status", str(status_path), "--impl", sink_impl], env
        )
        port = wait_for(lambda: sink_status(status_path).get("port"), 15, "the SMTP sink")
        say(f"SMTP sink ({sink_impl}) listening on 127.0.0.1:{port}")
        env.update(EMAIL_URL=f"smtp://127.0.0.1:{port}", BENCH_TASK_LOG_DIR=str(task_dir))
        celery = str(Path(sys.executable).with_name("celery"))
        worker = start(
            "worker",
            [
                celery,
                "-A",
                "bench.celery_app",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "warning",
                "--hostname",
                f"bench-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            env,
        )
        from courseplatform.celery import app

        def worker_answers():
            if worker.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {WORK / 'worker.log'}")
            return app.control.ping(timeout=0.5)

        wait_for(worker_answers, 60, "the Celery worker")
        kids = wait_for(lambda: (k := proc.children(worker.pid)) and len(k) >= concurrency and k, 30, "workers")
        say(f"Celery worker up: main pid {worker.pid}, {len(kids)} worker processes {kids}")
        idle = {pid: proc.status_kb(pid) for pid in kids}
        groups = {
            "workers": lambda: kids,
            "sink": lambda: [sink.pid],
            "celery_main_and_bench_script": lambda: [worker.pid, os.getpid()],
            "postgresql_script_and_autovacuum": lambda: postgres_pids(shared=False),
            "postgresql_shared": lambda: postgres_pids(shared=True),
            "redis": lambda: pids_named("redis-server"),
        }
        total_cpu, interval_cpu = proc.CpuAccount(groups), proc.CpuAccount(groups)

        from enrollments.tasks import enqueue_pending_emails

        marks = marks_for(learners)
        samples: dict[int, dict] = {}
        series: list[dict] = []
        say(f"enqueueing {learners:,} digests; timing until the sink has received the last one")
        t0 = time.time()
        enqueued = enqueue_pending_emails()
        enqueue_seconds = time.time() - t0
        say(f"  enqueue_pending_emails() published {enqueued:,} in {enqueue_seconds:.1f} s")
        last_count, last_change = 0, time.monotonic()
        previous = {"at": t0, "count": 0}

        def sample(count: int, at: float) -> dict:
            interval = max(at - previous["at"], 0.001)
            point = _sample(at - t0, count, (count - previous["count"]) / interval, interval_cpu.take(), interval)
            series.append(point)
            previous.update(at=at, count=count)
            return point

        while True:
            count = sink_status(status_path).get("count", 0)
            now = time.monotonic()
            for mark in marks:
                if count >= mark and mark not in samples:
                    samples[mark] = {pid: proc.status_kb(pid) for pid in kids}
            if count != last_count:
                last_count, last_change = count, now
            if count >= learners:
                break
            if now - last_change > STALL_SECONDS:
                raise RuntimeError(f"no email received for {STALL_SECONDS} s at {count}/{learners}")
            if time.time() - previous["at"] >= SAMPLE_SECONDS:
                say(_progress_line(sample(count, time.time()), learners, kids))
            time.sleep(0.05)
        status = sink_status(status_path)
        wall = status["last"] - t0
        sample(status["count"], status["last"])
        cpu_total = {k: round(v, 1) for k, v in total_cpu.take().items()}
        # The rows are marked sent after the message is handed over: wait for the last marks.
        wait_for(
            lambda: not EmailLog.objects.filter(kind=KIND, status=EmailLog.Status.SENDING).exists(),
            30,
            "the last rows to be marked sent",
        )
        recorded_wall = time.time() - t0
        per_worker = {pid: round(proc.cpu_seconds(pid), 1) for pid in kids}
        final = {pid: proc.status_kb(pid) for pid in kids}
        main_mem = proc.status_kb(worker.pid)
    finally:
        stop("worker", worker)
        stop("sink", sink)
    time.sleep(0.5)
    status = sink_status(status_path)
    by_status = dict(EmailLog.objects.filter(kind=KIND).values_list("status").annotate(n=django.db.models.Count("id")))
    tasks = [json.loads(line) for f in task_dir.glob("*.jsonl") for line in f.read_text().splitlines()]
    batches = [t for t in tasks if t["task"].endswith("send_email_batch")]
    queries = sorted(t["queries"] for t in batches)
    sessions: dict[int, float] = {}
    for t in batches:
        if t.get("backend_pid"):
            sessions[t["backend_pid"]] = max(sessions.get(t["backend_pid"], 0.0), t["backend_cpu"])
    cpu_total["postgresql_worker_sessions"] = round(sum(sessions.values()), 1)
    cpu_total["everything_else"] = round(max(cpu_total["everything_else"] - sum(sessions.values()), 0.0), 1)
    result = {
        "learners": learners,
        "concurrency": concurrency,
        "sink": sink_impl,
        "wall_seconds": round(wall, 2),
        "recorded_seconds": round(recorded_wall, 2),
        "enqueue_seconds": round(enqueue_seconds, 2),
        "emails_per_second": round(learners / wall, 1),
        "received": status.get("count"),
        "unique": status.get("unique"),
        "duplicates": status.get("duplicates"),
        "connections": status.get("connections"),
        "rows_by_status": by_status,
        "batches": len(batches),
        "batch_size": settings.EMAIL_BATCH_SIZE,
        "queries_per_batch": {
            "min": queries[0] if queries else None,
            "median": statistics.median(queries) if queries else None,
            "max": queries[-1] if queries else None,
        },
        "batch_seconds_median": round(statistics.median(t["seconds"] for t in batches), 3) if batches else None,
        "cpu_utilisation_percent": round(100 * cpu_total["machine_busy"] / (wall * os.cpu_count()), 1),
        "cpu_seconds": cpu_total,
        "postgresql_sessions": len(sessions),
        "cpu_seconds_per_worker": [per_worker[p] for p in kids],
        "series": series,
        "worker_pids": kids,
        "memory_mb": {
            "idle": [mb(idle[p].get("VmRSS")) for p in kids],
            "marks": {str(m): [mb(samples[m][p].get("VmRSS")) for p in kids] for m in sorted(samples)},
            "peak": [mb(final[p].get("VmHWM")) for p in kids],
            "main_process_peak": mb(main_mem.get("VmHWM")),
        },
        "tasks_per_process": {str(p): sum(1 for t in batches if t["pid"] == p) for p in kids},
    }
    say(
        f"SMTP run: {learners:,} in {wall:.1f} s = {learners / wall:,.0f} emails/s; received {status.get('count'):,} "
        f"({status.get('duplicates')} duplicates); rows {by_status}; queries/batch {result['queries_per_batch']}"
    )
    return result


def _sample(t: float, count: int, rate: float, cpu: dict, interval: float) -> dict:
    """One point of the time series: received so far, the rate, CPU in % of one core."""
    rest = cpu["machine_busy"] - cpu["workers"] - cpu["sink"]
    shares = {"workers": cpu["workers"], "sink": cpu["sink"], "rest": rest, "machine": cpu["machine_busy"]}
    return {
        "t": round(t, 1),
        "received": count,
        "rate": round(rate),
        **{k: round(100 * v / interval) for k, v in shares.items()},
    }


def _progress_line(p: dict, learners: int, kids: list[int]) -> str:
    rss = "/".join(f"{mb(proc.status_kb(pid).get('VmRSS')):.0f}" for pid in kids)
    return (
        f"  smtp {p['received']:,}/{learners:,} at {p['t']:.0f} s, {p['rate']:,}/s now; CPU % of a core: workers "
        f"{p['workers']}, sink {p['sink']}, rest of the machine {p['rest']}; worker RSS {rss} MB"
    )


def reset_pending() -> None:
    EmailLog.objects.filter(kind=KIND).update(
        status=EmailLog.Status.PENDING,
        claim_token="",
        claimed_at=None,
        attempts=0,
        sent_at=None,
        last_error="",
        next_attempt_at=timezone.now(),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {EmailLog._meta.db_table}")


def _memory_marks(done_before: int, done: int, marks: list[int], samples: dict) -> None:
    for mark in marks:
        if done_before < mark <= done and mark not in samples:
            samples[mark] = proc.status_kb(os.getpid())


def phase_floor_service(learners: int) -> dict:
    """The worker's own service, email_batch_send, in this one process, through locmem."""
    reset_pending()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    batches = emails_pending_batches(now=timezone.now(), kinds=[KIND])
    proc.reset_peak()
    marks, samples, queries = marks_for(learners), {}, []
    say(f"floor (service): email_batch_send over {len(batches)} batches in one process, locmem backend")
    done, sent, last_print = 0, 0, time.monotonic()
    with CpuClock() as clock:
        started = time.perf_counter()
        for i, ids in enumerate(batches):
            if i in (0, len(batches) - 1):
                with CaptureQueriesContext(connection) as captured:
                    result = email_batch_send(log_ids=ids)
                queries.append(len(captured.captured_queries))
                connection.queries_log.clear()
            else:
                result = email_batch_send(log_ids=ids)
            sent += result.sent
            mail.outbox.clear()
            _memory_marks(done, done + len(ids), marks, samples)
            done += len(ids)
            if time.monotonic() - last_print >= 5:
                last_print = time.monotonic()
                say(f"  floor (service) {done:,}/{learners:,}  {done / (time.perf_counter() - started):,.0f}/s")
        seconds = time.perf_counter() - started
    by_status = dict(EmailLog.objects.filter(kind=KIND).values_list("status").annotate(n=django.db.models.Count("id")))
    say(f"floor (service): {sent:,} in {seconds:.1f} s = {sent / seconds:,.0f} emails/s; rows {by_status}")
    return {
        "sent": sent,
        "wall_seconds": round(seconds, 2),
        "emails_per_second": round(sent / seconds, 1),
        "rows_by_status": by_status,
        "queries_first_last_batch": queries,
        "cpu_utilisation_percent": clock.utilisation,
        "memory_mb": {
            "marks": {str(m): mb(samples[m].get("VmRSS")) for m in sorted(samples)},
            "peak": mb(proc.status_kb(os.getpid()).get("VmHWM")),
        },
    }


def phase_floor_render(learners: int) -> dict:
    """The floor: load, render and send the same digests through one reused locmem connection."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    ids = list(EmailLog.objects.filter(kind=KIND).order_by("id").values_list("id", flat=True))
    size = settings.EMAIL_BATCH_SIZE
    marks, samples, queries = marks_for(learners), {}, []
    say(f"floor (render + send): {len(ids):,} digests, one process, one reused locmem connection")
    sent, last_print = 0, time.monotonic()
    email = get_connection()
    email.open()
    proc.reset_peak()
    last = (len(ids) - 1) // size * size
    with CpuClock() as clock:
        started = time.perf_counter()
        for start_at in range(0, len(ids), size):

            def load(chunk=ids[start_at : start_at + size]):
                logs = list(EmailLog.objects.filter(id__in=chunk).order_by("id"))
                return logs, batch_data_load(logs)

            if start_at in (0, last):
                with CaptureQueriesContext(connection) as captured:
                    logs, data = load()
                queries.append(len(captured.captured_queries))
                connection.queries_log.clear()
            else:
                logs, data = load()
            messages = []
            for log in logs:
                try:
                    messages.append(email_message_build(log, data, connection=email))
                except Skip:
                    continue
            sent += email.send_messages(messages)
            mail.outbox.clear()
            _memory_marks(start_at, start_at + len(logs), marks, samples)
            if time.monotonic() - last_print >= 5:
                last_print = time.monotonic()
                say(f"  floor (render) {sent:,}/{learners:,}  {sent / (time.perf_counter() - started):,.0f}/s")
        seconds = time.perf_counter() - started
    email.close()
    say(f"floor (render + send): {sent:,} in {seconds:.1f} s = {sent / seconds:,.0f} emails/s")
    return {
        "sent": sent,
        "wall_seconds": round(seconds, 2),
        "emails_per_second": round(sent / seconds, 1),
        "queries_per_batch": sorted(set(queries)),
        "cpu_utilisation_percent": clock.utilisation,
        "memory_mb": {
            "marks": {str(m): mb(samples[m].get("VmRSS")) for m in sorted(samples)},
            "peak": mb(proc.status_kb(os.getpid()).get("VmHWM")),
        },
    }


def phase_breakdown(sample: int) -> dict:
    """Where a worker's CPU goes: each step of sending a digest, timed alone in this process (CPU
    time, so the sink's share is not in it), over the first `sample` digests, to the SMTP sink."""
    from enrollments.emails.render import email_context

    status_path = WORK / "sink-breakdown.json"
    status_path.unlink(missing_ok=True)
    sink = start("sink", [sys.executable, "-m", "bench.sink", "--status", str(status_path)], dict(os.environ))
    try:
        port = wait_for(lambda: sink_status(status_path).get("port"), 15, "the SMTP sink")
        ids = list(EmailLog.objects.filter(kind=KIND).order_by("id").values_list("id", flat=True)[:sample])
        size = settings.EMAIL_BATCH_SIZE
        logs = [
            list(EmailLog.objects.filter(id__in=ids[i : i + size]).order_by("id")) for i in range(0, len(ids), size)
        ]
        n = sum(map(len, logs))

        def cpu(fn) -> float:
            """Best of three passes, in microseconds per email."""
            best = None
            for _ in range(3):
                started = time.process_time()
                fn()
                spent = time.process_time() - started
                best = spent if best is None else min(best, spent)
            return best * 1e6 / n

        steps = {"batch_data_load (11 reads per batch)": cpu(lambda: [batch_data_load(b) for b in logs])}
        data = [batch_data_load(b) for b in logs]
        pairs = [(log, d) for b, d in zip(logs, data, strict=True) for log in b]
        context = cpu(lambda: [email_context(log, d) for log, d in pairs])
        build = cpu(lambda: [email_message_build(log, d) for log, d in pairs])
        messages = [email_message_build(log, d) for log, d in pairs]
        mime = cpu(lambda: [m.message() for m in messages])
        flat = cpu(lambda: [m.message().as_bytes(linesep="\r\n") for m in messages])
        smtp = get_connection("django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port)
        smtp.open()
        handover = cpu(lambda: [smtp.send_messages([m]) for m in messages])
        smtp.close()
        steps.update(
            {
                "context: progress, unsubscribe link (signed)": context,
                "render the text and HTML templates": build - context,
                "MIME message (EmailMultiAlternatives.message())": mime,
                "flatten to bytes (as_bytes)": flat - mime,
                "SMTP hand-over (address checks, smtplib)": handover - flat,
            }
        )
    finally:
        stop("sink", sink)
    total = sum(steps.values())
    say("breakdown (CPU per email): " + ", ".join(f"{k.split(' ')[0]} {v:.0f} us" for k, v in steps.items()))
    return {"emails": n, "us_per_email": {k: round(v) for k, v in steps.items()}, "total_us": round(total)}


def phase_sink_ceiling(per_client: int = 2500) -> dict:
    """What each sink accepts from two smtplib clients sending a prebuilt digest: the sink is not the bound."""
    log = EmailLog.objects.filter(kind=KIND).order_by("id").first()
    message = email_message_build(log, batch_data_load([log])).message().as_bytes(linesep="\r\n")
    message_path = WORK / "digest.eml"
    message_path.write_bytes(message)
    out = {}
    for impl in ("minimal", "aiosmtpd"):
        status_path = WORK / f"sink-{impl}.json"
        status_path.unlink(missing_ok=True)
        sink = start(
            "sink", [sys.executable, "-m", "bench.sink", "--status", str(status_path), "--impl", impl], dict(os.environ)
        )
        try:
            port = wait_for(lambda p=status_path: sink_status(p).get("port"), 15, "the SMTP sink")
            cpu_before = proc.cpu_seconds(sink.pid)
            argv = [sys.executable, "-m", "bench.sink_check", "--port", str(port), "--count", str(per_client)]
            started = time.perf_counter()
            clients = [
                subprocess.Popen([*argv, "--message", str(message_path)], cwd=ROOT)  # noqa: S603 - our own argv
                for _ in range(2)
            ]
            for client in clients:
                client.wait(120)
            seconds = time.perf_counter() - started
            received = wait_for(lambda p=status_path: (sink_status(p).get("count") or 0) >= 2 * per_client, 5, "count")
            cpu = proc.cpu_seconds(sink.pid) - cpu_before
        finally:
            stop("sink", sink)
        out[impl] = {
            "messages": 2 * per_client,
            "per_second": round(2 * per_client / seconds),
            "sink_cpu_us_per_message": round(cpu * 1e6 / (2 * per_client)),
            "received_all": bool(received),
        }
    say("sink ceiling: " + ", ".join(f"{k} {v['per_second']:,}/s" for k, v in out.items()))
    return {"message_bytes": len(message), **out}


def machine_info() -> dict:
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SHOW synchronous_commit")
        sync_commit = cursor.fetchone()[0]
    import redis

    redis_info = redis.Redis.from_url(settings.CELERY_BROKER_URL).info("server")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg,
        "synchronous_commit": sync_commit,
        "redis": redis_info.get("redis_version"),
        "load_average_before": os.getloadavg(),
    }


def _terminate(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # so that `finally` stops the worker and the sink


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    WORK.mkdir(parents=True, exist_ok=True)
    learners = int(os.environ.get("BENCH_LEARNERS", "100000"))
    concurrency = int(os.environ.get("BENCH_CONCURRENCY", "2"))
    sink_impl = os.environ.get("BENCH_SINK", "minimal")
    output = Path(os.environ.get("BENCH_OUTPUT", ROOT / "docs" / "benchmarks.md"))
    results_path = Path(os.environ.get("BENCH_RESULTS", WORK / "results.json"))
    if connection.vendor != "postgresql":
        raise SystemExit("the benchmark runs on PostgreSQL: set DATABASE_URL")
    instant = timezone.now().replace(microsecond=0)
    results: dict = {"machine": machine_info(), "learners": learners, "instant": instant.isoformat()}
    say(f"{learners:,} learners, {concurrency} worker processes, sink: {sink_impl}; instant {instant:%Y-%m-%d %H:%M}")
    results["generate"] = phase_generate(learners, instant)
    results["record"] = phase_record(learners, instant)
    results["smtp"] = phase_smtp(learners, concurrency, sink_impl)
    results["floor_service"] = phase_floor_service(learners)
    results["floor_render"] = phase_floor_render(learners)
    results["breakdown"] = phase_breakdown(min(learners, 2000))
    results["sink_ceiling"] = phase_sink_ceiling()
    results_path.write_text(json.dumps(results, indent=2, default=str))
    write_report(results, output)
    say(f"results: {results_path}; report: {output}")
    smtp = results["smtp"]
    ok = smtp["received"] == learners and smtp["duplicates"] == 0 and smtp["unique"] == learners
    if not ok:
        say("FAILED: the sink did not receive every digest exactly once")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
